"""The KPI cards' contents: for each headline figure, its card and its export rows.

From a view's ``targets.ProgrammeFigures``, ``indicators`` builds one ``Indicator`` per
figure (lauréats, amount, QPV, rural, fabriques numériques, départements covered): the
number shown, the sentence saying what it is compared with (a target, or the national
figure as context, see ``targets.TargetScope``), its notes on provenance and unknown
values, and the row the export writes. Apart from ``kpis`` (the block's layout and
wiring) because these French sentences are most of the block and change on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard.analysis import targets
from dashboard.analysis.navigation import FRANCE, REGION
from dashboard.analysis.view import ViewState
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.presentation.components import KpiCard
from dashboard.presentation.formatting import (
    format_amount,
    format_amount_range,
    format_eur,
    format_meur,
    format_number,
    plural,
)

INITIAL = schema.INITIAL_WAVES_LABEL  # "vagues 1 à 8"


@dataclass(frozen=True)
class Indicator:
    """One row of the export, and the card that shows it (None: a row shown by the card of
    the row before, e.g. the upper bound of an estimate)."""

    label: str
    card: KpiCard | None
    scope: str  # the lauréats counted, in words
    value: int  # a count, or whole euros
    unit: str  # "nombre" or "€"
    nature: str  # publié / identifiés / estimé…
    reference: int | None  # the target it is compared with (None: none applies)
    details: str = ""


def _ratio(value: float, target: float) -> float:
    return value / target if target else 0.0


def _for_groups(labels: list[str]) -> str:
    """ "pour la vague 1", "pour les vagues 1 à 3" (labels of published counts)."""
    return "pour " + " et ".join(("les " if label.startswith("Vagues") else "la ") + label.lower() for label in labels)


def _context(target: str, scope: targets.TargetScope) -> str:
    return f"{target} : contexte, {scope.why_not()}"


def _initial_words(scope: targets.TargetScope) -> str:
    """The initial-programme lauréats a card counts, in words ("vagues 1 à 8", "vague 1")."""
    return scope.initial_label


def _counted(unknown_left: int, scope: targets.TargetScope) -> str:
    """ "au moins, vagues 1 à 8": a count is a lower bound while some values are unknown."""
    return ("au moins, " if unknown_left else "") + _initial_words(scope)


def _provenance(published: int, derived: int, rule: str, feminine: str) -> str:
    """ " (2 publiés, 90 par la grille de densité INSEE)", " (publiée)", "" for none."""
    if not published + derived:
        return ""
    if not derived:
        return f" (publié{feminine}{'s' if published > 1 else ''})"
    if not published:
        return f" ({rule})"
    return (
        f" ({format_number(published)} publié{feminine}{'s' if published > 1 else ''}, {format_number(derived)} {rule})"
    )


def _details(card: KpiCard) -> str:
    return " ; ".join(filter(None, (card.reference, card.note)))


def _indicator(card: KpiCard, scope: str, value: int, nature: str, reference: int | None) -> Indicator:
    return Indicator(card.label, card, scope, value, "nombre", nature, reference, _details(card))


def indicators(figures: targets.ProgrammeFigures, dataset: Dataset, view: ViewState) -> list[Indicator]:
    """The headline figures of a view, in card order."""
    rows = [
        *_laureats(figures, dataset),
        *_amounts(figures),
        _territory(figures, schema.TERRITORY_QPV),
        _territory(figures, schema.TERRITORY_RURAL),
        _numeriques(figures),
    ]
    departements = _departements(figures, dataset, view)
    return rows + ([departements] if departements is not None else [])


def _scope_words(scope: targets.TargetScope) -> str:
    if scope.has_initial and scope.has_later:
        return "toutes les vagues de la vue"
    return INITIAL if scope.has_initial else "vague 2023"


def _laureats(figures: targets.ProgrammeFigures, dataset: Dataset) -> list[Indicator]:
    scope, initial, later = figures.scope, figures.initial["laureats"], figures.later["laureats"]
    total = figures.all["laureats"]
    announced = _announced_note(figures, dataset)
    if scope.targets_apply:
        later_text = (
            f"+ {plural(later, 'lauréat')} de la vague 2023 ({format_eur(schema.LATER_WAVE_GRANT_EUR)} chacun), "
            "hors objectif initial"
            if later
            else ""
        )
        card = KpiCard(
            "laureats",
            "Lauréats",
            format_number(total),
            f"dont {format_number(initial)} des {INITIAL} · objectif {format_number(schema.TARGET_LAUREATS)}",
            _ratio(initial, schema.TARGET_LAUREATS),
            " ; ".join(filter(None, (later_text, announced))),
        )
        compared = _indicator(card, INITIAL, initial, "liste ANCT", schema.TARGET_LAUREATS)
        if not later:
            return [compared]
        every = Indicator("Lauréats, toutes vagues", card, _scope_words(scope), total, "nombre", "liste ANCT", None)
        return [every, replace(compared, label="Lauréats des vagues 1 à 8", card=None)]
    if not scope.has_initial:
        reference = f"vague 2023, hors objectif initial ({schema.TARGET_LAUREATS} lauréats des {INITIAL})"
    else:
        reference = _context(f"objectif national {format_number(schema.TARGET_LAUREATS)} ({INITIAL})", scope)
    parts = []
    if initial and later:
        parts.append(f"dont {format_number(initial)} des {INITIAL} et {format_number(later)} de la vague 2023")
    parts.append(announced)
    card = KpiCard("laureats", "Lauréats", format_number(total), reference, None, " ; ".join(filter(None, parts)))
    return [_indicator(card, _scope_words(scope), total, "liste ANCT", None)]


def _announced_note(figures: targets.ProgrammeFigures, dataset: Dataset) -> str:
    """Where ANCT's list and the announced count of a wave group differ (national views)."""
    if not figures.scope.national:
        return ""
    waves = dataset.reference.waves.set_index("wave")
    if "laureats_announced" not in waves.columns:
        return ""
    notes = []
    for wave in figures.scope.initial_waves + figures.scope.later_waves:
        listed, announced = str(waves.at[wave, "laureats_in_anct_list"]), str(waves.at[wave, "laureats_announced"])
        if announced and announced != listed:
            notes.append(f"{str(waves.at[wave, 'wave_label'])} : {announced} annoncés, {listed} dans la liste ANCT")
    return " ; ".join(notes)


def _amounts(figures: targets.ProgrammeFigures) -> list[Indicator]:
    """The amount card (an estimate: a range) and the export rows of its bounds."""
    every = figures.all
    low, high = every["amount_low_eur"], every["amount_eur"]
    estimated = low != high or every["amount_published"] < every["laureats"]
    reference = _amount_reference(figures)
    label = "Montant estimé (barème)" if estimated else "Montant publié"
    # The card's figure stays short (it never wraps): the upper bound, stated as such; the
    # range opens the line below.
    if low != high:
        value = f"≤\u00a0{format_amount(high)}"
        reference = f"fourchette estimée {format_amount_range(low, high)} · {reference}"
    else:
        value = format_amount(high)
    card = KpiCard("amount", label, value, reference, None, " ; ".join(_amount_notes(figures)))
    if not estimated:
        return [Indicator(label, card, _scope_words(figures.scope), round(high), "€", "publié", None, _details(card))]
    return _estimate_rows(figures, card)


def _amount_reference(figures: targets.ProgrammeFigures) -> str:
    """What the amount compares with: the envelope (with the initial waves' range), the
    envelope as context, or the 2023 wave's flat grant."""
    scope, initial = figures.scope, figures.initial
    if scope.targets_apply:
        return (
            f"{INITIAL} : {format_amount_range(initial['amount_low_eur'], initial['amount_eur'])} · enveloppe "
            f"{format_meur(schema.TARGET_ENVELOPE_EUR)}"
        )
    if scope.has_initial:
        return _context(f"enveloppe nationale {format_meur(schema.TARGET_ENVELOPE_EUR)} ({INITIAL})", scope)
    return (
        f"{format_eur(schema.LATER_WAVE_GRANT_EUR)} par lauréat (forfait de la vague 2023), hors enveloppe "
        f"de {format_meur(schema.TARGET_ENVELOPE_EUR)}"
    )


def _amount_notes(figures: targets.ProgrammeFigures) -> list[str]:
    """How the amount is made: the scale, the 2023 wave apart, the published and unknown amounts."""
    every, initial, later = figures.all, figures.initial, figures.later
    notes = []
    if initial["laureats"] and initial["amount_low_eur"] != initial["amount_eur"]:
        notes.append(
            "estimation, pas un montant publié : "
            f"{format_amount_range(schema.GRANT_MIN_EUR, schema.GRANT_MAX_EUR)} sur 3 ans par fabrique, "
            f"+ {format_eur(schema.NUMERIQUE_BONUS_EUR)} par fabrique numérique identifiée"
        )
    if later["laureats"] and initial["laureats"]:
        notes.append(
            f"vague 2023 : {format_amount(later['amount_eur'])} ({format_number(later['laureats'])} × "
            f"{format_eur(schema.LATER_WAVE_GRANT_EUR)}), hors enveloppe"
        )
    if every["amount_published"]:
        notes.append(
            f"dont {format_eur(every['amount_published_eur'])} publiés ({plural(every['amount_published'], 'fabrique')})"
        )
    if every["amount_unknown"]:
        notes.append(plural(every["amount_unknown"], "montant inconnu", "montants inconnus"))
    return notes


def _estimate_rows(figures: targets.ProgrammeFigures, card: KpiCard) -> list[Indicator]:
    """Export rows: the bounds of the estimate. With the targets, the envelope is compared with
    the initial waves' amounts, and the 2023 wave gets its own row."""
    scope, later = figures.scope, figures.later
    details = _details(card)
    part = figures.initial if scope.targets_apply else figures.all
    words = INITIAL if scope.targets_apply else _scope_words(scope)
    envelope = schema.TARGET_ENVELOPE_EUR if scope.targets_apply else None
    rows = [
        Indicator(
            "Montant estimé, bas du barème",
            card,
            words,
            round(part["amount_low_eur"]),
            "€",
            "estimé (bas du barème)",
            envelope,
            details,
        ),
        Indicator(
            "Montant estimé, plafond du barème",
            None,
            words,
            round(part["amount_eur"]),
            "€",
            "estimé (plafond du barème)",
            envelope,
            details,
        ),
    ]
    if scope.targets_apply and later["laureats"]:
        rows.append(
            Indicator(
                "Montant de la vague 2023",
                None,
                "vague 2023",
                round(later["amount_eur"]),
                "€",
                "forfait publié pour la vague",
                None,
                "hors enveloppe",
            )
        )
    return rows


TERRITORY_WORDS = {
    schema.TERRITORY_QPV: ("En QPV", "qpv", schema.TARGET_QPV),
    schema.TERRITORY_RURAL: ("En zone rurale", "rural", schema.TARGET_RURAL),
}


def _territory(figures: targets.ProgrammeFigures, territory: str) -> Indicator:
    label, key, target = TERRITORY_WORDS[territory]
    scope, initial, later = figures.scope, figures.initial, figures.later
    identified = initial[key]
    derived = initial[f"{key}_derived"]
    group = figures.group("territory", territory)
    unknown_left = initial["territory_unknown"] - sum(g.unidentified for g in figures.territory_gaps)
    value = identified + group
    facts = sorted({g.fact.label for g in figures.territory_gaps if g.fact.value == territory and g.unidentified})
    details = []
    if scope.has_initial:
        how = plural(identified, "identifié") + _provenance(
            identified - derived, derived, "par la grille de densité INSEE", ""
        )
        if group:
            how += f" + {format_number(group)} publiés {_for_groups(facts)}, non identifiés"
        details.append(how)
        if unknown_left:
            details.append(f"{format_number(unknown_left)} au territoire non précisé")
    if later["laureats"] and scope.has_later:
        later_count = later[key]
        details.append(
            "vague 2023 sans volet QPV / rural"
            + (
                f" : {format_number(later_count)} en commune rurale (grille INSEE)"
                if key == "rural" and later_count
                else ""
            )
        )
    note = " ; ".join(details)
    if scope.targets_apply:
        card = KpiCard(
            key,
            label,
            format_number(value),
            f"{_counted(unknown_left, scope)} · cible {format_number(target)}",
            _ratio(value, target),
            note,
        )
        nature = "identifiés + publiés pour un groupe" if group else "identifiés"
        return _indicator(card, INITIAL, value, nature, target)
    if not scope.has_initial:
        card = KpiCard(key, label, format_number(later[key]), "cible non applicable à la vague 2023", None, note)
        return _indicator(card, "vague 2023", later[key], "identifiés", None)
    reference = (
        f"{_counted(unknown_left, scope)} · cible nationale {format_number(target)} : contexte, {scope.why_not()}"
    )
    card = KpiCard(key, label, format_number(value), reference, None, note)
    nature = "identifiés + publiés pour un groupe" if group else "identifiés"
    return _indicator(card, _initial_words(scope), value, nature, None)


def _numeriques(figures: targets.ProgrammeFigures) -> Indicator:
    scope, initial = figures.scope, figures.initial
    identified, derived = initial["numeriques"], initial["numeriques_derived"]
    group = figures.group("type", schema.TYPE_NUMERIQUE)
    value = identified + group
    unknown_left = initial["type_unknown"] - sum(g.unidentified for g in figures.type_gaps)
    label = "Fabriques numériques"
    if not scope.has_initial:
        card = KpiCard(
            "numeriques", label, "0", "pas de catégorie « fabrique numérique » dans la vague 2023 (publié)", None
        )
        return _indicator(card, "vague 2023", 0, "publié pour la vague", None)
    how = plural(identified, "identifiée") + _provenance(identified - derived, derived, "par la règle du nom", "e")
    notes = [how]
    if group:
        facts = sorted({g.fact.label for g in figures.type_gaps if g.fact.value == schema.TYPE_NUMERIQUE})
        notes.append(f"{format_number(group)} publiées {_for_groups(facts)}, non identifiées")
    if unknown_left:
        notes.append(plural(unknown_left, "lauréat") + " de type non précisé")
    if scope.targets_apply and figures.numeriques_outside_wave_1:
        notes.append(
            f"{format_number(figures.numeriques_outside_wave_1)} identifiées hors de la vague 1 (rang ANCT), où la "
            f"presse de 2020 met les {format_number(schema.TARGET_NUMERIQUES)} : sources contradictoires, non tranché"
        )
    note = " ; ".join(notes)
    whole = any(
        g.fact.whole and g.identified + g.unidentified == g.fact.count
        for g in figures.type_gaps
        if g.fact.value == schema.TYPE_NUMERIQUE
    )
    counted = "publiées au total" if whole else _counted(unknown_left, scope)
    if scope.targets_apply:
        card = KpiCard(
            "numeriques",
            label,
            format_number(value),
            f"{counted} · objectif {format_number(schema.TARGET_NUMERIQUES)}",
            _ratio(value, schema.TARGET_NUMERIQUES),
            note,
        )
        return _indicator(card, INITIAL, value, "publié pour le programme", schema.TARGET_NUMERIQUES)
    reference = f"{_counted(unknown_left, scope)} · " + _context(
        f"objectif national {format_number(schema.TARGET_NUMERIQUES)}", scope
    )
    card = KpiCard("numeriques", label, format_number(value), reference, None, note)
    nature = "identifiées + publiées pour un groupe" if group else "identifiées"
    return _indicator(card, _initial_words(scope), value, nature, None)


def _departements(figures: targets.ProgrammeFigures, dataset: Dataset, view: ViewState) -> Indicator | None:
    """Départements with a lauréat, out of those of the place; none at département level."""
    level = view.geo.level
    if level not in (FRANCE, REGION):
        return None
    reference = dataset.reference.departements
    real = reference[reference["is_departement"]]
    if view.geo.regions:
        real = real[real["region_code"].isin(view.geo.regions)]
    count, out_of = figures.all["departements"], len(real)
    where = "des départements" if not view.geo.regions else "des départements de la sélection"
    card = KpiCard(
        "departements",
        "Départements couverts",
        format_number(count),
        f"sur {format_number(out_of)} ({where})",
        _ratio(count, out_of),
    )
    return _indicator(card, _scope_words(figures.scope), count, "liste ANCT", out_of)
