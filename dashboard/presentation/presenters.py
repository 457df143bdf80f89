"""French texts shared by several blocks: the place in words, the selection sentence,
the page title, the data banner. A block's own sentences live in its module."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.analysis.navigation import DEPARTEMENT, FRANCE, REGION, SITE, GeoState
from dashboard.analysis.targets import ProgrammeFigures
from dashboard.data import schema
from dashboard.data.dataset import ReloadFailure
from dashboard.data.loader import Dataset
from dashboard.data.reference import Reference
from dashboard.presentation.formatting import format_amount_range, format_number, plural


def selection_label(wave_labels: list[str], region_names: list[str]) -> str:
    """ "Vague 1, Vague 5 · Grand Est" — the scope of the current view in words."""
    waves = ", ".join(wave_labels) if wave_labels else "Toutes les vagues"
    regions = ", ".join(region_names) if region_names else "France entière"
    return f"{regions} · {waves}"


def selection_summary(scope: str, figures: ProgrammeFigures) -> str:
    """One sentence for the current view, e.g. "France entière · Toutes les vagues : 382 lauréats
    (300 des vagues 1 à 8, 82 de la vague 2023) ; montant estimé 29,3 à 51,7 M€ …"."""
    every, initial, later = figures.all, figures.initial, figures.later
    if every["laureats"] == 0:
        return f"{scope} : aucune fabrique labellisée pour cette sélection."
    count = plural(every["laureats"], "lauréat")
    if initial["laureats"] and later["laureats"]:
        count += (
            f" ({format_number(initial['laureats'])} des {figures.scope.initial_label}, "
            f"{format_number(later['laureats'])} de la vague 2023)"
        )
    estimated = every["amount_low_eur"] != every["amount_eur"] or every["amount_published"] < every["laureats"]
    amount = format_amount_range(every["amount_low_eur"], every["amount_eur"])
    words = f"montant estimé {amount} selon le barème publié" if estimated else f"montant publié {amount}"
    return f"{scope} : {count} ; {words} (liste ANCT du {schema.DATA_DATE})."


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
