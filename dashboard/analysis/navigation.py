"""The geographic state of a view and how each user action changes it.

One state, four levels: France entière → région → département → site. The région
filter (a multi-select) doubles as the région level: with exactly one région chosen
the view is that région's. Every transition is a pure function, tested without a
browser; the callbacks only feed them the event that fired.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

FRANCE, REGION, DEPARTEMENT, SITE = "france", "region", "departement", "site"
LEVELS = (FRANCE, REGION, DEPARTEMENT, SITE)


@dataclass(frozen=True)
class GeoState:
    regions: tuple[str, ...] = ()
    departement: str | None = None
    site: str | None = None

    @property
    def level(self) -> str:
        if self.site:
            return SITE
        if self.departement:
            return DEPARTEMENT
        if len(self.regions) == 1:
            return REGION
        return FRANCE

    @property
    def region(self) -> str | None:
        """The région of the view, when there is exactly one."""
        return self.regions[0] if len(self.regions) == 1 else None


@dataclass(frozen=True)
class Geography:
    """What the transitions need to know: where each département and site is."""

    departement_region: Mapping[str, str]
    site_departement: Mapping[str, str]


def consistent(state: GeoState, geography: Geography) -> GeoState:
    """Drop what contradicts the rest: a site outside its département, a département
    outside the chosen régions or beside a second région, unknown codes."""
    site = state.site if state.site in geography.site_departement else None
    departement = state.departement if state.departement in geography.departement_region else None
    if site and departement and geography.site_departement[site] != departement:
        site = None
    if site and not departement:
        departement = geography.site_departement[site]
    regions = tuple(state.regions)
    if departement:
        region = geography.departement_region[departement]
        # A département belongs to the view of its one région: with another région ticked
        # beside it, or its own unticked, the view is the régions' (the breadcrumb and the
        # figures then agree).
        if len(regions) > 1 or (regions and region not in regions):
            departement, site = None, None
        elif not regions:
            regions = (region,)
    return GeoState(regions=regions, departement=departement, site=site)


def select_regions(state: GeoState, regions: tuple[str, ...], geography: Geography) -> GeoState:
    return consistent(replace(state, regions=tuple(regions)), geography)


def select_departement(state: GeoState, departement: str | None, geography: Geography) -> GeoState:
    """Choosing a département narrows the régions to its own, so the breadcrumb reads
    France › région › département."""
    if not departement or departement not in geography.departement_region:
        return GeoState(regions=state.regions)
    return GeoState(regions=(geography.departement_region[departement],), departement=departement)


def select_site(state: GeoState, site: str | None, geography: Geography) -> GeoState:
    if not site or site not in geography.site_departement:
        return replace(state, site=None)
    departement = geography.site_departement[site]
    return GeoState(regions=(geography.departement_region[departement],), departement=departement, site=site)


def click_departement_on_map(state: GeoState, departement: str, geography: Geography) -> GeoState:
    """From France a click opens the département's région; from a région or deeper, the
    département itself. Two clicks take a manager from France to any département."""
    if departement not in geography.departement_region:
        return state
    if state.level == FRANCE:
        return GeoState(regions=(geography.departement_region[departement],))
    return select_departement(state, departement, geography)


def go_up_to(state: GeoState, level: str) -> GeoState:
    """A breadcrumb click: keep the state down to ``level``."""
    if level == FRANCE:
        return GeoState()
    if level == REGION:
        return GeoState(regions=state.regions)
    if level == DEPARTEMENT:
        return replace(state, site=None)
    return state
