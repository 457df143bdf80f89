"""The view in the URL's query string: ``?vague=1&vague=5&region=44&dep=67&site=fabt-33``.

Parsing never fails: unknown or malformed parameters are dropped and reported, so
that a notice can say which were ignored while the rest of the view still applies.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl, urlencode

from dashboard.analysis.navigation import Geography, GeoState, consistent, go_up_to
from dashboard.analysis.view import DEFAULT_ANALYSIS, DEFAULT_MEASURE, ViewState

WAVE, REGION, DEPARTEMENT, SITE, MEASURE, ANALYSIS = "vague", "region", "dep", "site", "mesure", "analyse"
MAX_QUERY_LENGTH = 2000


def parse_query(
    search: object,
    wave_codes: tuple[str, ...],
    region_codes: tuple[str, ...],
    measures: tuple[str, ...],
    geography: Geography,
    analyses: tuple[str, ...] = (DEFAULT_ANALYSIS,),
) -> tuple[ViewState, list[str]]:
    """The view a query string asks for, and the parameters ignored (as ``name=value``)."""
    if not isinstance(search, str) or not search.strip("?"):
        return ViewState(), []
    if len(search) > MAX_QUERY_LENGTH:
        return ViewState(), ["adresse trop longue"]
    ignored: list[str] = []
    waves: list[str] = []
    regions: list[str] = []
    single: dict[str, str] = {}
    for name, value in parse_qsl(search.lstrip("?"), keep_blank_values=True):
        if name == WAVE and value in wave_codes and value not in waves:
            waves.append(value)
        elif name == REGION and value in region_codes and value not in regions:
            regions.append(value)
        elif name == DEPARTEMENT and value in geography.departement_region and DEPARTEMENT not in single:
            single[DEPARTEMENT] = value
        elif name == SITE and value in geography.site_departement and SITE not in single:
            single[SITE] = value
        elif name == MEASURE and value in measures and MEASURE not in single:
            single[MEASURE] = value
        elif name == ANALYSIS and value in analyses and ANALYSIS not in single:
            single[ANALYSIS] = value
        else:
            ignored.append(f"{name}={value}"[:60])
    requested = GeoState(
        regions=tuple(r for r in region_codes if r in regions),
        departement=single.get(DEPARTEMENT),
        site=single.get(SITE),
    )
    geo = consistent(requested, geography)
    if requested.departement and geo.departement != requested.departement:
        ignored.append(f"{DEPARTEMENT}={requested.departement} (hors des régions demandées)")
    if requested.site and geo.site != requested.site:
        ignored.append(f"{SITE}={requested.site} (hors du département demandé)")
    return ViewState(
        waves=tuple(w for w in wave_codes if w in waves),
        geo=geo,
        measure=single.get(MEASURE, DEFAULT_MEASURE),
        analysis=single.get(ANALYSIS, DEFAULT_ANALYSIS),
    ), ignored


def build_query(view: ViewState) -> str:
    """The canonical query string of a view ("" for the default view)."""
    pairs = [(WAVE, wave) for wave in view.waves] + [(REGION, region) for region in view.geo.regions]
    if view.geo.departement:
        pairs.append((DEPARTEMENT, view.geo.departement))
    if view.geo.site:
        pairs.append((SITE, view.geo.site))
    if view.measure != DEFAULT_MEASURE:
        pairs.append((MEASURE, view.measure))
    if view.analysis != DEFAULT_ANALYSIS:
        pairs.append((ANALYSIS, view.analysis))
    return "?" + urlencode(pairs) if pairs else ""


def link_to_level(view: ViewState, level: str) -> str:
    """The address of ``view`` taken up to ``level`` (a breadcrumb link); "?" for the
    default view, so that the link still changes the address."""
    return build_query(replace(view, geo=go_up_to(view.geo, level))) or "?"


def link_to_analysis(view: ViewState, analysis: str) -> str:
    """The address of ``view`` showing another analysis (a tab beside the map)."""
    return build_query(replace(view, analysis=analysis)) or "?"


def link_to_site(view: ViewState, site: str, departement: str, region: str) -> str:
    """The address of ``view`` showing one site (a link of the sites table)."""
    geo = GeoState(regions=(region,), departement=departement, site=site)
    return build_query(replace(view, geo=geo))


def same_view(search: object, view: ViewState) -> bool:
    return (search or "") == build_query(view)


def ignored_notice(ignored: list[str]) -> str:
    if not ignored:
        return ""
    listed = ", ".join(f"« {item} »" for item in ignored[:5]) + (" …" if len(ignored) > 5 else "")
    return f"Paramètre(s) d'adresse ignoré(s) : {listed}. La vue par défaut s'applique pour ceux-ci."
