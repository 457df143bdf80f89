"""View models: computed figures turned into the French texts the page shows."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from dashboard.analysis.navigation import DEPARTEMENT, FRANCE, REGION, SITE, GeoState
from dashboard.data import schema
from dashboard.data.dataset import ReloadFailure
from dashboard.data.loader import Dataset
from dashboard.data.reference import Reference
from dashboard.presentation.formatting import (
    format_amount,
    format_eur,
    format_meur,
    format_number,
    format_percent,
    plural,
)


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    value: str
    reference: str  # what the value is measured against
    ratio: float | None  # value / reference, for the progress bar
    note: str = ""


def kpi_cards(figures: dict) -> list[KpiCard]:
    """The six headline cards, each against its programme target."""

    def ratio(value: float, target: float) -> float:
        return value / target if target else 0.0

    amount_note = "estimé selon le barème publié"
    if figures["amount_published_eur"]:
        amount_note += f", dont {format_eur(figures['amount_published_eur'])} publiés"
    if figures["amount_unknown"]:
        amount_note += f" ; {plural(figures['amount_unknown'], 'montant inconnu', 'montants inconnus')}"
    territory_note = (
        f"{format_number(figures['territory_unknown'])} territoire(s) non précisé(s)"
        if figures["territory_unknown"]
        else ""
    )
    return [
        KpiCard(
            "laureats",
            "Lauréats",
            format_number(figures["laureats"]),
            f"objectif {format_number(schema.TARGET_LAUREATS)} (2019-2022)",
            ratio(figures["laureats"], schema.TARGET_LAUREATS),
        ),
        KpiCard(
            "amount",
            "Montant engagé",
            format_amount(figures["amount_eur"]),
            f"enveloppe {format_meur(schema.TARGET_ENVELOPE_EUR)} (300 premiers)",
            ratio(figures["amount_eur"], schema.TARGET_ENVELOPE_EUR),
            amount_note,
        ),
        KpiCard(
            "qpv",
            "En QPV",
            format_number(figures["qpv"]),
            f"cible {schema.TARGET_QPV}",
            ratio(figures["qpv"], schema.TARGET_QPV),
            territory_note,
        ),
        KpiCard(
            "rural",
            "En zone rurale",
            format_number(figures["rural"]),
            f"cible {schema.TARGET_RURAL}",
            ratio(figures["rural"], schema.TARGET_RURAL),
            territory_note,
        ),
        KpiCard(
            "numeriques",
            "Fabriques numériques",
            format_number(figures["numeriques"]),
            f"{schema.TARGET_NUMERIQUES} labellisées au total",
            ratio(figures["numeriques"], schema.TARGET_NUMERIQUES),
            f"{format_number(figures['type_unknown'])} de type non précisé" if figures["type_unknown"] else "",
        ),
        KpiCard(
            "departements",
            "Départements couverts",
            format_number(figures["departements"]),
            f"sur {schema.DEPARTEMENTS_COUNT}",
            ratio(figures["departements"], schema.DEPARTEMENTS_COUNT),
        ),
    ]


def selection_label(wave_labels: list[str], region_names: list[str]) -> str:
    """ "Vague 1, Vague 5 · Grand Est" — the scope of the current view in words."""
    waves = ", ".join(wave_labels) if wave_labels else "Toutes les vagues"
    regions = ", ".join(region_names) if region_names else "France entière"
    return f"{regions} · {waves}"


def selection_summary(scope: str, figures: dict) -> str:
    """One sentence for the current view, e.g. "Grand Est · Toutes les vagues : 21 fabriques, 3,4 M€ …"."""
    if figures["laureats"] == 0:
        return f"{scope} : aucune fabrique labellisée pour cette sélection."
    return (
        f"{scope} : {plural(figures['laureats'], 'fabrique')}, {format_amount(figures['amount_eur'])} engagés, "
        f"dont {format_number(figures['qpv'])} en QPV et {format_number(figures['rural'])} en zone rurale "
        f"({format_percent(figures['qpv'] / figures['laureats'])} en QPV)."
    )


def crumbs(state: GeoState, reference: Reference, site_name: str | None = None) -> list[tuple[str, str]]:
    """Breadcrumb items (level, label) for a GeoState, from France down."""
    items = [(FRANCE, "France entière")]
    if len(state.regions) > 1:
        names = reference.region_names()
        items.append((REGION, ", ".join(names.get(code, code) for code in state.regions)))
    elif state.region:
        items.append((REGION, reference.region_names().get(state.region, state.region)))
    if state.departement:
        items.append((DEPARTEMENT, f"{reference.departement_names().get(state.departement)} ({state.departement})"))
    if state.site:
        items.append((SITE, site_name or state.site))
    return items


ANCT_LIST_URL_PART = "anct-carto/superposeur-anct"


def first_press_url(sources: str) -> str | None:
    """The first source other than ANCT's list, else ANCT's list: the "Source" column."""
    urls = [u.strip() for u in str(sources).split("|") if urlparse(u.strip()).scheme in {"http", "https"}]
    press = [u for u in urls if ANCT_LIST_URL_PART not in u]
    return (press or urls or [None])[0]


# --- one-sentence summaries of each chart (the text alternative of the picture) ----------


def funding_summary(funding) -> str:
    per_wave = funding.groupby(["wave_order", "wave_label"], as_index=False)[["laureats", "amount_eur"]].sum()
    total, laureats = per_wave["amount_eur"].sum(), int(per_wave["laureats"].sum())
    if laureats == 0:
        return "Aucun financement engagé pour cette sélection."
    top = per_wave.loc[per_wave["amount_eur"].idxmax()]
    waves = plural(len(per_wave), "vague")
    return (
        f"{format_amount(total)} engagés pour {plural(laureats, 'lauréat')} sur {waves} ; "
        f"le plus gros montant : {top['wave_label']} ({format_amount(top['amount_eur'])})."
    )


def territory_summary(split) -> str:
    total = int(split["laureats"].sum())
    if total == 0:
        return "Aucun lauréat pour cette sélection."
    names = {
        schema.TERRITORY_QPV: "en QPV",
        schema.TERRITORY_RURAL: "en zone rurale",
        schema.UNKNOWN: "au territoire non précisé",
    }
    parts = [
        f"{format_number(int(n))} {names[t]} ({format_percent(n / total)})"
        for t, n in zip(split["territory"], split["laureats"])
    ]
    return f"Sur {plural(total, 'lauréat')} : " + ", ".join(parts) + "."


def types_summary(mix) -> str:
    by_type = mix.groupby("type")["laureats"].sum()
    total = int(by_type.sum())
    if total == 0:
        return "Aucun lauréat pour cette sélection."
    return (
        f"Sur {plural(total, 'lauréat')} : {format_number(int(by_type.get(schema.TYPE_NUMERIQUE, 0)))} "
        f"fabrique(s) numérique(s), {format_number(int(by_type.get(schema.TYPE_RESSOURCE, 0)))} fabrique(s) "
        f"ressource, {format_number(int(by_type.get(schema.UNKNOWN, 0)))} de type non précisé."
    )


def map_summary(shown, place: str, off_map: int = 0) -> str:
    """``shown``: the départements of the view (see exports.map_table); ``off_map``:
    lauréats of the selection outside the 101 départements (Saint-Martin)."""
    with_sites = shown[shown["Lauréats"] > 0]
    elsewhere = f" ; {plural(off_map, 'fabrique')} hors carte (Saint-Martin)" if off_map else ""
    if with_sites.empty:
        return f"{place} : aucune fabrique labellisée{elsewhere}."
    top = with_sites.loc[with_sites["Lauréats"].idxmax()]
    return (
        f"{place} : {plural(int(shown['Lauréats'].sum()), 'fabrique')} dans {format_number(len(with_sites))} "
        f"département(s) sur {format_number(len(shown))} ; le plus grand nombre : {top['Département']} "
        f"({format_number(int(top['Lauréats']))}){elsewhere}."
    )


def page_title(trail: list[tuple[str, str]]) -> str:
    return f"{trail[-1][1]} — Fabriques de territoire (ANCT)"


@dataclass(frozen=True)
class DataBanner:
    """The data status shown above the filters: a rejected file, or newer data."""

    color: str  # Bootstrap alert colour
    title: str
    lines: tuple[str, ...] = ()


MAX_BANNER_PROBLEMS = 10


def data_banner(dataset: Dataset, failure: ReloadFailure | None, page_version: str | None) -> DataBanner | None:
    """None when the page shows the data in service and the file on disk is that data.

    Only the file's name is shown, never its folder on the server.
    """
    if failure is not None:
        error = failure.error
        problems = error.problems
        lines = tuple(str(problem) for problem in problems[:MAX_BANNER_PROBLEMS])
        if len(problems) > MAX_BANNER_PROBLEMS:
            lines += (f"… et {len(problems) - MAX_BANNER_PROBLEMS} autre(s) problème(s).",)
        return DataBanner(
            "danger",
            f"Le nouveau fichier de données « {error.file_name} » a été refusé le {failure.at:%d/%m/%Y à %H:%M} UTC "
            f"({plural(len(problems), 'problème')}) : les données affichées restent celles chargées le "
            f"{dataset.loaded_at:%d/%m/%Y à %H:%M} UTC. Corrigez le fichier ; il sera relu dès son "
            "enregistrement.",
            lines,
        )
    if page_version is not None and page_version != dataset.version:
        return DataBanner(
            "info",
            f"Les données ont été mises à jour le {dataset.loaded_at:%d/%m/%Y à %H:%M} UTC : rechargez la page pour "
            "mettre à jour les filtres et les graphiques.",
        )
    return None
