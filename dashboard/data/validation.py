"""Validate a frame of strings into the typed, completed sites frame, or refuse it.

One function per family of rules (cells, identifiers, geography, waves, categories,
amounts, coordinates, provenance); each records every problem it finds, with the line and
the column, so a manager fixes the whole file in one go.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.data.cells import by_unique, parse_number
from dashboard.data.errors import FIRST_DATA_LINE, MAX_PROBLEMS_SHOWN, DatasetError, Problem
from dashboard.data.headers import missing_column_problems, simplify
from dashboard.data.places import place_problems
from dashboard.data.reference import Reference

INSEE_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
ANNOUNCED_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# Characters no spreadsheet cell may hold (XML 1.0 refuses them: the XLSX exports would fail).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# A commune's point may sit this far outside its département's box (boundaries are simplified).
BOUNDS_MARGIN_DEGREES = 0.1

Message = str | Callable[[Any], str]  # called with the row's index label


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def rows(self, mask: pd.Series, column: str, message: Message) -> None:
        """Record a problem for each row where ``mask`` is true (message(index) or str)."""
        if not mask.any():
            return
        for index in mask[mask].index[: MAX_PROBLEMS_SHOWN * 5]:
            text = message(index) if callable(message) else message
            self.problems.append(Problem(text, line=int(str(index)) + FIRST_DATA_LINE, column=column))
        hidden = int(mask.sum()) - MAX_PROBLEMS_SHOWN * 5
        if hidden > 0:
            self.problems.append(Problem(f"{hidden} autre(s) ligne(s) dans le même cas", column=column))


def _simplified(values: pd.Series) -> pd.Series:
    return by_unique(values, simplify)


def _normalise_choice(values: pd.Series, allowed: tuple[str, ...]) -> pd.Series:
    lookup = {simplify(v): v for v in allowed}
    return _simplified(values).map(lookup).fillna(values)


def _text_cells(frame: pd.DataFrame, problems: Collector) -> None:
    """Control characters (a vertical tab pasted from Word…) break the XLSX exports."""
    for column in frame.columns:
        values = frame[column]
        if not CONTROL_CHARACTERS.search("\n".join(values.to_numpy(dtype=object))):  # one scan of the column
            continue

        def message(i: Any, v: pd.Series = values) -> str:
            code = ord(CONTROL_CHARACTERS.findall(v[i])[0])
            return (
                f"caractère de contrôle invisible (U+{code:04X}) dans la valeur : supprimez-le (souvent un saut de "
                "ligne collé depuis un traitement de texte)"
            )

        problems.rows(values.str.contains(CONTROL_CHARACTERS), str(column), message)


def _required_cells(frame: pd.DataFrame, problems: Collector) -> None:
    for column in schema.COLUMNS:
        if column.name in frame.columns and not column.nullable:
            problems.rows(frame[column.name] == "", column.name, "valeur obligatoire manquante")


def _identifiers(sites: pd.DataFrame, problems: Collector) -> None:
    ids = sites["id"]
    duplicated = ids.duplicated(keep=False) & (ids != "")
    if not duplicated.any():
        return
    first_line = {site_id: int(str(index)) + FIRST_DATA_LINE for index, site_id in ids[duplicated][::-1].items()}
    problems.rows(
        duplicated & ids.duplicated(keep="first"),
        "id",
        lambda i: f"identifiant « {ids[i]} » déjà utilisé ligne {first_line[ids[i]]}",
    )


def _unknown_departement_message(code: str, known: pd.Index) -> str:
    if code.isdigit() and len(code) == 1 and f"0{code}" in known:
        return f"code département « {code} » inconnu : zéro initial perdu ? (attendu « 0{code} »)"
    return f"code département « {code} » inconnu"


def _unknown_region_message(code: str, known: tuple[str, ...]) -> str:
    if code.isdigit() and len(code) == 1 and f"0{code}" in known:
        return f"code région « {code} » inconnu : zéro initial perdu ? (attendu « 0{code} »)"
    return f"code région « {code} » inconnu (codes INSEE des régions, ex. 44 pour le Grand Est)"


def _bad_commune_message(code: str) -> str:
    if code.isdigit() and len(code) == 4:
        return f"code INSEE « {code} » sur 4 chiffres : zéro initial perdu ? (attendu « 0{code} »)"
    return f"code INSEE « {code} » invalide (5 caractères attendus, ex. 67482 ou 2A004)"


def _filled_in(
    sites: pd.DataFrame,
    column: str,
    expected: pd.Series,
    problems: Collector,
    what: Callable[[Any], str],
    skip: pd.Series | None = None,
) -> None:
    """A column deduced from a code: a given value must match; the column is then filled."""
    if column in sites.columns:
        given = sites[column]
        differs = (given != "") & expected.notna() & (_simplified(given) != _simplified(expected.fillna("")))
        if skip is not None:
            differs &= ~skip
        problems.rows(
            differs,
            column,
            lambda i: f"« {given[i]} » ne correspond pas {what(i)} (attendu « {expected[i]} »)",
        )
    sites[column] = expected.fillna("")


def _geography(sites: pd.DataFrame, reference: Reference, problems: Collector) -> None:
    departements = reference.departements.set_index("departement_code")
    code = sites["departement_code"]
    unknown_dep = ~code.isin(departements.index) & (code != "")
    problems.rows(unknown_dep, "departement_code", lambda i: _unknown_departement_message(code[i], departements.index))
    commune = sites["commune_code"]
    bad_format = ~commune.str.fullmatch(INSEE_COMMUNE) & (commune != "")
    problems.rows(bad_format, "commune_code", lambda i: _bad_commune_message(commune[i]))
    # Overseas départements have 3-digit codes (971…), the others 2 (01…, 2A).
    prefix = commune.str[:2].where(~code.str.startswith("97"), commune.str[:3])
    mismatch = ~bad_format & ~unknown_dep & (commune != "") & (code != "") & (prefix != code)
    problems.rows(
        mismatch, "commune_code", lambda i: f"le code commune {commune[i]} n'appartient pas au département {code[i]}"
    )
    known_dep = code.where(~unknown_dep)
    unknown_region = pd.Series(False, index=sites.index)
    if "region_code" in sites.columns:
        region_code = sites["region_code"]
        unknown_region = (region_code != "") & ~region_code.isin(reference.regions["region_code"])
        problems.rows(
            unknown_region, "region_code", lambda i: _unknown_region_message(region_code[i], reference.region_codes)
        )
    for column in ("departement", "region_code", "region"):
        _filled_in(
            sites,
            column,
            known_dep.map(departements[column]),
            problems,
            lambda i: f"au département {code[i]}",
            skip=unknown_region if column == "region_code" else None,  # already reported as unknown
        )


def _bad_date_message(value: str) -> str:
    french = FRENCH_DATE.match(value)
    if french:
        day, month, year = (int(part) for part in french.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return (
                f"date « {value} » au format JJ/MM/AAAA : écrivez-la AAAA-MM-JJ "
                f"(ici « {year:04d}-{month:02d}-{day:02d} ») ou AAAA-MM"
            )
    return f"date « {value} » invalide (format attendu AAAA-MM-JJ ou AAAA-MM)"


def _announced_dates(frame: pd.DataFrame, problems: Collector) -> pd.Series:
    """Check the dates typed in ``wave_announced``; the mask of the well-formed ones."""
    announced = frame["wave_announced"]
    well_formed = announced.str.fullmatch(ANNOUNCED_DATE)
    problems.rows((announced != "") & ~well_formed, "wave_announced", lambda i: _bad_date_message(announced[i]))
    full_dates = well_formed & (announced.str.len() == 10)
    impossible = full_dates & pd.to_datetime(announced.where(full_dates), format="%Y-%m-%d", errors="coerce").isna()
    problems.rows(impossible, "wave_announced", lambda i: f"date « {announced[i]} » inexistante (jour hors du mois)")
    return well_formed


def _waves(sites: pd.DataFrame, frame: pd.DataFrame, reference: Reference, problems: Collector) -> None:
    waves = reference.waves.set_index("wave")
    wave = sites["wave"]
    unknown_wave = ~wave.isin(waves.index) & (wave != "")
    problems.rows(
        unknown_wave, "wave", lambda i: f"vague « {wave[i]} » inconnue (valeurs admises : {', '.join(waves.index)})"
    )
    well_formed = _announced_dates(frame, problems) if "wave_announced" in frame.columns else None
    for column in ("wave_label", "wave_order", "wave_announced"):
        _filled_in(
            sites,
            column,
            wave.where(~unknown_wave).map(waves[column].astype(str)),
            problems,
            lambda i: f"à la vague {wave[i]}",
            # A malformed date is reported as such, not as a mismatch.
            skip=~well_formed if column == "wave_announced" and well_formed is not None else None,
        )


def _categories(sites: pd.DataFrame, problems: Collector) -> None:
    for column, allowed in (("type", schema.TYPES), ("territory", schema.TERRITORIES)):
        values = _normalise_choice(sites[column], allowed)
        sites[column] = values

        def message(i: Any, v: pd.Series = values, a: tuple[str, ...] = allowed) -> str:
            return f"valeur « {v[i]} » non admise (valeurs admises : {', '.join(a)})"

        problems.rows(~values.isin(allowed) & (values != ""), column, message)


def _amounts(sites: pd.DataFrame, problems: Collector) -> None:
    typed = sites["amount_eur"]
    amount, ambiguous = parse_number(typed, thousands=True)
    problems.rows(
        ambiguous,
        "amount_eur",
        lambda i: (
            f"montant « {typed[i]} » ambigu (séparateur de milliers ou décimales ?) : écrivez les euros sans "
            "séparateur ou avec des espaces (150000 ou 150 000), les décimales après une virgule (150000,50)"
        ),
    )
    problems.rows(
        amount.isna() & (typed != "") & ~ambiguous,
        "amount_eur",
        lambda i: f"« {typed[i]} » n'est pas un montant en euros",
    )
    problems.rows(amount < 0, "amount_eur", lambda i: f"montant négatif ({typed[i]})")
    limit = f"{schema.MAX_PLAUSIBLE_AMOUNT_EUR:,}".replace(",", " ")
    problems.rows(
        amount > schema.MAX_PLAUSIBLE_AMOUNT_EUR,
        "amount_eur",
        lambda i: f"montant invraisemblable ({typed[i]} € ; maximum admis {limit} €)",
    )
    sites["amount_eur"] = amount.astype(float)


def _coordinates(sites: pd.DataFrame, reference: Reference, problems: Collector) -> None:
    for column, limit in (("latitude", 90), ("longitude", 180)):
        if column not in sites.columns:
            sites[column] = np.nan
            continue
        typed = sites[column]
        values, _ = parse_number(typed)

        def not_decimal(i: Any, t: pd.Series = typed) -> str:
            return f"« {t[i]} » n'est pas une coordonnée décimale"

        def out_of_bounds(i: Any, t: pd.Series = typed) -> str:
            return f"coordonnée hors limites ({t[i]})"

        problems.rows(values.isna() & (typed != ""), column, not_decimal)
        out_of_range = values.abs() > limit
        problems.rows(out_of_range, column, out_of_bounds)
        sites[column] = values.where(~out_of_range).astype(float)
    _points_in_their_departement(sites, reference, problems)


def _points_in_their_departement(sites: pd.DataFrame, reference: Reference, problems: Collector) -> None:
    """A point outside its département's box: often latitude and longitude swapped."""
    boxes = pd.DataFrame.from_dict(reference.departement_bounds, orient="index", columns=["w", "s", "e", "n"])
    box = boxes.reindex(sites["departement_code"]).set_axis(sites.index) + [
        -BOUNDS_MARGIN_DEGREES,
        -BOUNDS_MARGIN_DEGREES,
        BOUNDS_MARGIN_DEGREES,
        BOUNDS_MARGIN_DEGREES,
    ]
    lat, lon = sites["latitude"], sites["longitude"]

    def inside(latitude: pd.Series, longitude: pd.Series) -> pd.Series:
        return latitude.between(box["s"], box["n"]) & longitude.between(box["w"], box["e"])

    checked = lat.notna() & lon.notna() & box["w"].notna()
    outside = checked & ~inside(lat, lon)
    swapped = outside & inside(lon, lat)
    problems.rows(
        outside,
        "latitude",
        lambda i: (
            f"point ({float(lat[i])}, {float(lon[i])}) hors du département {sites.at[i, 'departement_code']!s}"
            + (" : latitude et longitude inversées ?" if swapped[i] else " : coordonnées fausses ?")
        ),
    )


def _provenance(sites: pd.DataFrame, frame: pd.DataFrame, source_name: str, problems: Collector) -> None:
    for attribute in schema.TRACKED_ATTRIBUTES:
        value_column = "amount_eur" if attribute == "amount" else attribute
        status_column, source_column = f"{attribute}_status", f"{attribute}_source"
        values = sites[value_column]
        unknown_value = values.isna() if attribute == "amount" else values == schema.UNKNOWN
        if status_column in frame.columns:
            status = _normalise_choice(sites[status_column], schema.STATUSES)
            invalid = ~status.isin(schema.STATUSES)

            def not_admitted(i: Any, s: pd.Series = status) -> str:
                return f"provenance « {s[i]} » non admise (valeurs admises : {', '.join(schema.STATUSES)})"

            def inconsistent(i: Any, s: pd.Series = status, v: pd.Series = values) -> str:
                return (
                    f"provenance « {s[i]} » incohérente avec la valeur « {v[i]} » "
                    f"(« {schema.STATUS_UNKNOWN} » si et seulement si la valeur est inconnue)"
                )

            problems.rows(invalid, status_column, not_admitted)
            problems.rows(~invalid & (unknown_value != (status == schema.STATUS_UNKNOWN)), status_column, inconsistent)
            sites[status_column] = status
        else:
            # Without provenance columns, the manager's file is itself the source.
            sites[status_column] = np.where(unknown_value, schema.STATUS_UNKNOWN, schema.STATUS_PUBLISHED)
            sites[source_column] = np.where(unknown_value, "", f"Fichier fourni : {source_name}")
        if source_column not in sites.columns:
            sites[source_column] = ""


def _places(sites: pd.DataFrame, problems: Collector) -> None:
    """Places labelled several times (place_id): one commune, one labellisation per wave."""
    for rows, message in place_problems(sites):
        problems.rows(rows, "place_id", message)


def validate(frame: pd.DataFrame, reference: Reference, path: Path | str) -> pd.DataFrame:
    """Return the typed, completed sites frame, or raise DatasetError listing every problem."""
    missing = [c.name for c in schema.COLUMNS if c.required and c.name not in frame.columns]
    if missing:
        raise DatasetError(path, missing_column_problems(missing, [str(c) for c in frame.columns]))
    if frame.empty:
        raise DatasetError(path, [Problem("aucune ligne de données sous l'en-tête")])
    # The index is kept as is: row i is line i + FIRST_DATA_LINE even when blank rows were skipped.
    frame = frame.copy()
    for column in ("departement_code", "commune_code", "region_code"):
        if column in frame.columns:
            frame[column] = frame[column].str.upper()  # "2a" -> "2A"
    sites = frame[[c for c in schema.COLUMN_NAMES if c in frame.columns]].copy()
    problems = Collector()
    _text_cells(sites, problems)
    _required_cells(sites, problems)
    _identifiers(sites, problems)
    _geography(sites, reference, problems)
    _places(sites, problems)
    _waves(sites, frame, reference, problems)
    _categories(sites, problems)
    _amounts(sites, problems)
    _coordinates(sites, reference, problems)
    _provenance(sites, frame, Path(path).name, problems)
    if problems.problems:
        raise DatasetError(path, problems.problems)
    for column in schema.COLUMN_NAMES:
        if column not in sites.columns:
            sites[column] = ""
    sites["wave_order"] = sites["wave_order"].astype(int)
    return sites[list(schema.COLUMN_NAMES)]
