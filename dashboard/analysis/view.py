"""The view every block shows: the waves, the place (France › région › département ›
site), the map's measure and the analysis shown beside the map.

The page keeps it in one ``dcc.Store`` (written by the navigation callback, read by
every block) and in the URL. What comes back from the browser is re-checked against the
dataset's allow-lists (``read_view``): a forged or stale store shows a valid view,
never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.analysis.navigation import Geography, GeoState, consistent

MEASURE_LAUREATS = "laureats"
MEASURE_AMOUNT = "amount_eur"
MEASURE_PER_100K = "per_100k"  # lauréats pour 100 000 habitants
MEASURES = (MEASURE_LAUREATS, MEASURE_AMOUNT, MEASURE_PER_100K)
DEFAULT_MEASURE = MEASURE_LAUREATS
DEFAULT_ANALYSIS = "funding"  # the analysis tab a first visit shows (keys: dashboard/blocks ANALYSES)
MAX_CODES = 200  # more codes than any allow-list holds: the value is junk


@dataclass(frozen=True)
class ViewState:
    waves: tuple[str, ...] = ()
    geo: GeoState = field(default_factory=GeoState)
    measure: str = DEFAULT_MEASURE
    analysis: str = DEFAULT_ANALYSIS

    def as_store(self) -> dict:
        """The JSON the page keeps (``dcc.Store.data``)."""
        return {
            "waves": list(self.waves),
            "regions": list(self.geo.regions),
            "departement": self.geo.departement,
            "site": self.geo.site,
            "measure": self.measure,
            "analysis": self.analysis,
        }


def _codes(value: object, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_CODES:
        return ()
    chosen = {item for item in value if isinstance(item, str)}
    return tuple(code for code in allowed if code in chosen)


def read_view(
    value: object,
    wave_codes: tuple[str, ...],
    region_codes: tuple[str, ...],
    geography: Geography,
    measures: tuple[str, ...] = MEASURES,
    analyses: tuple[str, ...] = (DEFAULT_ANALYSIS,),
) -> ViewState:
    """The view a store value describes, junk dropped and the place made consistent."""
    if not isinstance(value, dict):
        return ViewState()
    departement = value.get("departement")
    site = value.get("site")
    measure = value.get("measure")
    analysis = value.get("analysis")
    geo = GeoState(
        regions=_codes(value.get("regions"), region_codes),
        departement=departement if isinstance(departement, str) else None,
        site=site if isinstance(site, str) else None,
    )
    return ViewState(
        waves=_codes(value.get("waves"), wave_codes),
        geo=consistent(geo, geography),
        measure=measure if isinstance(measure, str) and measure in measures else DEFAULT_MEASURE,
        analysis=analysis if isinstance(analysis, str) and analysis in analyses else DEFAULT_ANALYSIS,
    )
