"""Coverage of the territories: lauréats per 100 000 inhabitants, lauréats in QPV per 100
QPV, the share of the population living in a commune that hosts a lauréat, and the
départements with no lauréat ("zones blanches").

A dataset is aggregated once (``build_base``) into arrays per département x wave and per
commune hosting a lauréat; a view then sums the columns of its waves and the rows of its
départements with numpy (microseconds, whatever the number of rows: no pandas operation
per click). The functions take and return plain arrays, so the tests build them by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data import schema
from dashboard.data.places import place_keys, relabelled_rows
from dashboard.data.reference import Reference

PER_INHABITANTS = 100_000
PER_QPV = 100
# Paris, Lyon and Marseille: an arrondissement's population is counted in its commune's.
ARRONDISSEMENTS = (
    (re.compile(r"^751\d\d$"), "75056"),
    (re.compile(r"^6938\d$"), "69123"),
    (re.compile(r"^132\d\d$"), "13055"),
)
# What is counted per département and wave.
COUNTS = ("laureats", "qpv_laureats", "territory_unknown", "numeriques", "amount_eur")


def parent_commune(code: str) -> str:
    for pattern, commune in ARRONDISSEMENTS:
        if pattern.match(code):
            return commune
    return code


def rate(numerator: np.ndarray, denominator: np.ndarray, per: float = 1.0) -> np.ndarray:
    """``numerator / denominator * per``, NaN where the denominator is unknown or zero."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    valid = denominator > 0  # NaN compares False
    out = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    np.divide(numerator * per, denominator, out=out, where=valid)
    return out


@dataclass(frozen=True)
class Figures:
    """Figures of some territories (one entry per territory, arrays aligned)."""

    codes: list[str]
    names: list[str]
    population: np.ndarray  # NaN: unknown (Saint-Martin)
    qpv: np.ndarray
    laureats: np.ndarray
    qpv_laureats: np.ndarray
    territory_unknown: np.ndarray
    numeriques: np.ndarray
    amount_eur: np.ndarray
    covered_population: np.ndarray  # population of the communes hosting a lauréat

    @property
    def per_100k(self) -> np.ndarray:
        return rate(self.laureats, self.population, PER_INHABITANTS)

    @property
    def qpv_per_100(self) -> np.ndarray:
        return rate(self.qpv_laureats, self.qpv, PER_QPV)

    @property
    def covered_share(self) -> np.ndarray:
        return rate(self.covered_population, self.population)

    def take(self, positions: Sequence[int] | np.ndarray) -> Figures:
        positions = np.asarray(positions, dtype=int)
        return Figures(
            codes=[self.codes[i] for i in positions],
            names=[self.names[i] for i in positions],
            **{name: getattr(self, name)[positions] for name in ARRAYS},
        )

    def grouped(self, group: np.ndarray, codes: list[str], names: list[str]) -> Figures:
        """Sums per group (``group[i]``: the group of entry i); a group's population is
        unknown if one of its entries' is."""
        size = len(codes)
        sums = {name: np.bincount(group, weights=np.nan_to_num(getattr(self, name)), minlength=size) for name in ARRAYS}
        unknown = np.bincount(group, weights=np.isnan(self.population).astype(float), minlength=size) > 0
        sums["population"][unknown] = np.nan
        return Figures(codes=codes, names=names, **sums)

    def total(self, code: str = "FR", name: str = "France entière") -> Figures:
        """One entry: the sum over the entries whose population is known (a rate's
        numerator and denominator then cover the same places)."""
        known = ~np.isnan(self.population)
        return Figures(codes=[code], names=[name], **{n: np.array([getattr(self, n)[known].sum()]) for n in ARRAYS})


ARRAYS = (
    "population",
    "qpv",
    "laureats",
    "qpv_laureats",
    "territory_unknown",
    "numeriques",
    "amount_eur",
    "covered_population",
)


@dataclass(frozen=True)
class CoverageBase:
    """A dataset's lauréats per département and wave, and its communes, as arrays."""

    departement_codes: list[str]  # the reference's départements (Saint-Martin included), in its order
    departement_names: list[str]
    departement_regions: np.ndarray  # the région's position in ``region_codes``
    is_departement: np.ndarray  # bool: False for Saint-Martin
    region_codes: list[str]
    region_names: list[str]
    population: np.ndarray  # per département, NaN if unknown
    qpv: np.ndarray
    qpv_communes: np.ndarray  # communes with a QPV, per département
    wave_codes: tuple[str, ...]
    counts: dict[str, np.ndarray]  # COUNTS -> [département, wave]
    commune_departement: np.ndarray  # per commune hosting a lauréat: the département's position
    commune_population: np.ndarray  # its population (NaN: not in the population file)
    commune_waves: np.ndarray  # bool [commune, wave]: a lauréat of that wave is there
    # Places with several labellisations (None when every place is labelled once): the
    # département's position and the waves of each place.
    place_departement: np.ndarray | None = None
    place_waves: np.ndarray | None = None

    def wave_mask(self, waves: Sequence[str]) -> np.ndarray:
        """The selected waves (none selected: all)."""
        if not waves:
            return np.ones(len(self.wave_codes), dtype=bool)
        chosen = set(waves)
        return np.array([code in chosen for code in self.wave_codes], dtype=bool)

    def departement_mask(self, regions: Sequence[str] = (), departement: str | None = None) -> np.ndarray:
        """The départements of a place: one département, or the départements of régions
        (none: all, Saint-Martin included)."""
        if departement:
            return np.array([code == departement for code in self.departement_codes], dtype=bool)
        if regions:
            codes = self.region_codes
            return np.array([codes[i] in regions for i in self.departement_regions.tolist()], dtype=bool)
        return np.ones(len(self.departement_codes), dtype=bool)

    def departements(self, waves: Sequence[str] = ()) -> Figures:
        """Every département for the chosen waves."""
        mask = self.wave_mask(waves)
        sums = {name: grid[:, mask].sum(axis=1) for name, grid in self.counts.items()}
        covered = self.commune_waves[:, mask].any(axis=1) & ~np.isnan(self.commune_population)
        covered_population = np.bincount(
            self.commune_departement[covered],
            weights=self.commune_population[covered],
            minlength=len(self.departement_codes),
        )
        return Figures(
            codes=self.departement_codes,
            names=self.departement_names,
            population=self.population,
            qpv=self.qpv,
            covered_population=covered_population,
            **sums,
        )

    def regions(self, departements: Figures) -> Figures:
        return departements.grouped(self.departement_regions, self.region_codes, self.region_names)

    def per_wave(self, departement_mask: np.ndarray, waves: Sequence[str] = ()) -> dict[str, dict[str, float]]:
        """Per chosen wave (reference order): each count summed over the départements."""
        mask = self.wave_mask(waves)
        sums = {name: grid[departement_mask][:, mask].sum(axis=0) for name, grid in self.counts.items()}
        codes = [code for code, on in zip(self.wave_codes, mask) if on]
        return {code: {name: float(sums[name][i]) for name in COUNTS} for i, code in enumerate(codes)}

    def cumulative_places(self, departement_mask: np.ndarray, waves: Sequence[str] = ()) -> dict[str, int] | None:
        """Distinct places labelled up to each chosen wave, or None when every place is
        labelled once (then places = lauréats)."""
        if self.place_waves is None or self.place_departement is None:
            return None
        mask = self.wave_mask(waves)
        chosen = self.place_waves[departement_mask[self.place_departement]][:, mask]
        reached = np.logical_or.accumulate(chosen, axis=1).sum(axis=0)
        codes = [code for code, on in zip(self.wave_codes, mask) if on]
        return {code: int(n) for code, n in zip(codes, reached)}


def build_base(sites: pd.DataFrame, cube: pd.DataFrame, reference: Reference) -> CoverageBase:
    """Aggregate a dataset once for every coverage view."""
    departements = reference.departements
    dep_index = pd.Index(departements["departement_code"])
    region_index = pd.Index(reference.regions["region_code"])
    wave_index = pd.Index(reference.wave_codes)
    population = reference.departement_population.set_index("departement_code")
    commune_departement, commune_population, commune_waves = _commune_arrays(sites, reference, dep_index, wave_index)
    place_departement, place_waves = _place_arrays(sites, dep_index, wave_index)
    return CoverageBase(
        departement_codes=list(dep_index),
        departement_names=departements["departement"].tolist(),
        departement_regions=region_index.get_indexer(pd.Index(departements["region_code"])),
        is_departement=departements["is_departement"].to_numpy(dtype=bool),
        region_codes=list(region_index),
        region_names=reference.regions["region"].tolist(),
        population=dep_index.map(population["population"]).to_numpy(dtype=float),
        qpv=dep_index.map(population["qpv"]).to_numpy(dtype=float),
        qpv_communes=np.nan_to_num(dep_index.map(population["qpv_communes"]).to_numpy(dtype=float)),
        wave_codes=tuple(wave_index),
        counts=_count_grids(cube, dep_index, wave_index),
        commune_departement=commune_departement,
        commune_population=commune_population,
        commune_waves=commune_waves,
        place_departement=place_departement,
        place_waves=place_waves,
    )


def _count_grids(cube: pd.DataFrame, dep_index: pd.Index, wave_index: pd.Index) -> dict[str, np.ndarray]:
    """Each of ``COUNTS`` as a [département, wave] grid summed from the cube (rows of an
    unknown département or wave left out)."""
    rows = dep_index.get_indexer(pd.Index(cube["departement_code"].astype(str)))
    columns = wave_index.get_indexer(pd.Index(cube["wave"].astype(str)))
    known = (rows >= 0) & (columns >= 0)
    territory = cube["territory"].astype(str).to_numpy()
    laureats = cube["laureats"].to_numpy(dtype=float)
    values = {
        "laureats": laureats,
        "qpv_laureats": np.where(territory == schema.TERRITORY_QPV, laureats, 0.0),
        "territory_unknown": np.where(territory == schema.UNKNOWN, laureats, 0.0),
        "numeriques": np.where(cube["type"].astype(str).to_numpy() == schema.TYPE_NUMERIQUE, laureats, 0.0),
        "amount_eur": cube["amount_eur"].to_numpy(dtype=float),
    }
    counts = {}
    for name in COUNTS:
        grid = np.zeros((len(dep_index), len(wave_index)))
        np.add.at(grid, (rows[known], columns[known]), values[name][known])
        counts[name] = grid
    return counts


def _commune_arrays(
    sites: pd.DataFrame, reference: Reference, dep_index: pd.Index, wave_index: pd.Index
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Communes hosting a lauréat (arrondissements counted as their commune): each one's
    département position, population, and the waves it hosts one of."""
    placed = pd.DataFrame(
        {
            "commune": sites["commune_code"].astype(str),
            "departement": dep_index.get_indexer(pd.Index(sites["departement_code"].astype(str))),
            "wave": wave_index.get_indexer(pd.Index(sites["wave"].astype(str))),
        }
    ).drop_duplicates()
    placed = placed[(placed["departement"] >= 0) & (placed["wave"] >= 0)]
    placed["commune"] = placed["commune"].map(parent_commune)
    communes = pd.Index(placed["commune"].unique())
    commune_rows = communes.get_indexer(pd.Index(placed["commune"]))
    commune_waves = np.zeros((len(communes), len(wave_index)), dtype=bool)
    commune_waves[commune_rows, placed["wave"].to_numpy()] = True
    commune_departement = np.zeros(len(communes), dtype=int)
    commune_departement[commune_rows] = placed["departement"].to_numpy()
    commune_population = communes.map(reference.commune_population).to_numpy(dtype=float)
    return commune_departement, commune_population, commune_waves


def _place_arrays(
    sites: pd.DataFrame, dep_index: pd.Index, wave_index: pd.Index
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Places labelled more than once: each one's département position and waves; (None,
    None) when every place is labelled once, the usual case, so nothing is built for it."""
    if not relabelled_rows(sites).any():
        return None, None
    keys = place_keys(sites)
    places = pd.Index(keys.unique())
    place_rows = places.get_indexer(pd.Index(keys))
    wave_columns = wave_index.get_indexer(pd.Index(sites["wave"].astype(str)))
    ok = wave_columns >= 0
    place_waves = np.zeros((len(places), len(wave_index)), dtype=bool)
    place_waves[place_rows[ok], wave_columns[ok]] = True
    place_departement = np.zeros(len(places), dtype=int)
    place_departement[place_rows] = dep_index.get_indexer(pd.Index(sites["departement_code"].astype(str)))
    return place_departement, place_waves


def zero_laureat_departements(departements: Figures, is_departement: np.ndarray, within: np.ndarray) -> np.ndarray:
    """Positions of the départements (not Saint-Martin) of ``within`` with no lauréat,
    the most populated first (then by code)."""
    empty = np.flatnonzero(is_departement & within & (departements.laureats == 0))
    order = sorted(empty, key=lambda i: (-np.nan_to_num(departements.population[i]), departements.codes[i]))
    return np.array(order, dtype=int)


def per_100k_inhabitants(departement_codes: pd.Series, laureats: pd.Series, reference: Reference) -> pd.Series:
    """Lauréats per 100 000 inhabitants of each département (NaN without a population:
    Saint-Martin), for a frame of the map (``compute.by_departement``)."""
    population = reference.departement_population.set_index("departement_code")["population"]
    inhabitants = departement_codes.map(population).astype(float)
    return laureats / inhabitants.where(inhabitants > 0) * PER_INHABITANTS
