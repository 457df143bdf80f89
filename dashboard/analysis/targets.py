"""The programme's targets and the published counts a view can be compared with.

The targets (300 lauréats, 45 M€, 150 in QPV, 150 rural, 32 fabriques numériques) are
national and belong to the initial waves; some groups of lauréats have a published count
(wave 1's 32 fabriques numériques) that the rows do not identify one by one. This module
decides which of them a view can show (``target_scope``, ``applicable_counts``), how many
lauréats each published count holds beyond the identified rows (``group_gaps``), and
splits the view's figures accordingly (``split_with_published``, ``type_mix_by_wave``,
``kpis``, ``programme_figures``). Kept apart from ``compute`` because it is the one place
where the dataset's rows meet figures published for groups, not for sites.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.compute import funding_by_wave, isin_mask
from dashboard.data import schema


@dataclass(frozen=True)
class TargetScope:
    """What the programme's targets can be compared with in a view.

    The targets (300 lauréats, 45 M€, 150 in QPV, 150 rural, 32 fabriques numériques) are
    national and belong to the waves of the initial programme (``schema.INITIAL_WAVES``).
    They apply to a view that is national and holds every one of those waves; the view is
    then compared through its lauréats of those waves only. A place, or a subset of those
    waves, gets the national figure as context, never a progress bar."""

    national: bool
    initial_waves: tuple[str, ...]  # the initial programme's waves in the view
    later_waves: tuple[str, ...]  # the later waves in the view (the 2023 wave)
    initial_label: str = schema.INITIAL_WAVES_LABEL  # those waves in words: "vagues 1 à 8", "vague 1, vague 5"

    @property
    def targets_apply(self) -> bool:
        return self.national and set(self.initial_waves) == set(schema.INITIAL_WAVES)

    @property
    def has_initial(self) -> bool:
        return bool(self.initial_waves)

    @property
    def has_later(self) -> bool:
        return bool(self.later_waves)

    def why_not(self) -> str:
        """Why the targets do not apply, in French (empty when they do)."""
        if self.targets_apply:
            return ""
        if not self.has_initial:
            return "hors objectif initial"
        if not self.national:
            return "non déclinable par territoire"
        return "non déclinable par vague"


def target_scope(
    all_waves: Sequence[str],
    selected_waves: Sequence[str],
    national: bool,
    wave_labels: dict[str, str] | None = None,
) -> TargetScope:
    """The target scope of a view: its waves (none selected: all) and whether it is national
    (France entière, no région, no département, no site)."""
    waves = [wave for wave in all_waves if not selected_waves or wave in selected_waves]
    initial = tuple(w for w in waves if w in schema.INITIAL_WAVES)
    label = schema.INITIAL_WAVES_LABEL
    if set(initial) != set(schema.INITIAL_WAVES):
        label = ", ".join((wave_labels or {}).get(w, w).lower() for w in initial)
    return TargetScope(
        national=national,
        initial_waves=initial,
        later_waves=tuple(w for w in waves if w not in schema.INITIAL_WAVES),
        initial_label=label,
    )


@dataclass(frozen=True)
class GroupGap:
    """A count published for a group (``fact``), the lauréats of the group identified with
    that value in the rows, and how many more the group holds that no row identifies."""

    fact: schema.PublishedCount
    identified: int
    unidentified: int


def applicable_counts(
    attribute: str, waves_in_view: Sequence[str], national: bool, exact_group: str | None = None
) -> list[schema.PublishedCount]:
    """The published counts of ``attribute`` that a view can show: national views only (no
    public figure splits a group by place), every wave group of the count in the view.
    ``exact_group``: only the counts of that one wave group (a chart per wave)."""
    if not national:
        return []
    return [
        fact
        for fact in schema.PUBLISHED_COUNTS
        if fact.attribute == attribute
        and set(fact.waves) <= set(waves_in_view)
        and (exact_group is None or fact.waves == (exact_group,))
    ]


def group_gaps(cube: pd.DataFrame, attribute: str, facts: Sequence[schema.PublishedCount]) -> list[GroupGap]:
    """For each published count usable here, the lauréats it holds beyond those the rows
    identify (never more than the rows of unknown value in its waves).

    The broadest counts come first and a count overlapping one already used for the same
    value is skipped, so the gaps add up: "32 fabriques numériques in waves 1 to 8" rather
    than "32 in wave 1" plus the 3 that the Bas-Rhin release names in waves 2 to 4.
    ``cube``: the view's cube, national (a published count covers whole waves)."""
    gaps: list[GroupGap] = []
    for fact in sorted(facts, key=lambda f: -len(f.waves)):
        if fact.value is None:
            continue
        if any(g.fact.value == fact.value and set(g.fact.waves) & set(fact.waves) for g in gaps):
            continue
        rows = cube[isin_mask(cube["wave"], fact.waves)]
        identified = int(rows.loc[(rows[attribute] == fact.value).to_numpy(), "laureats"].sum())
        unknown = int(rows.loc[(rows[attribute] == schema.UNKNOWN).to_numpy(), "laureats"].sum())
        taken = sum(g.unidentified for g in gaps if set(g.fact.waves) & set(fact.waves))
        gaps.append(GroupGap(fact, identified, max(0, min(fact.count - identified, unknown - taken))))
    return gaps


def split_with_published(cube: pd.DataFrame, attribute: str, gaps: Sequence[GroupGap] = ()) -> pd.DataFrame:
    """Lauréats per value of ``attribute`` ("type" or "territory"): identified by a source
    (``published``), by a stated rule (``derived``), or published for their group but not
    identified (``group``, from ``gaps``); the ``non précisé`` row keeps what is left
    unknown. ``total`` adds them up."""
    values = schema.TYPES if attribute == "type" else schema.TERRITORIES
    sums = cube.groupby(attribute)[["laureats", f"{attribute}_derived"]].sum()
    rows = []
    for value in values:
        count = int(sums["laureats"].get(value, 0))
        derived = int(sums[f"{attribute}_derived"].get(value, 0))
        if value == schema.UNKNOWN:
            left = count - sum(g.unidentified for g in gaps)
            rows.append({"value": value, "published": 0, "derived": 0, "group": 0, "unknown": left})
        else:
            group = sum(g.unidentified for g in gaps if g.fact.value == value)
            rows.append(
                {"value": value, "published": count - derived, "derived": derived, "group": group, "unknown": 0}
            )
    table = pd.DataFrame(rows).astype({c: "int64" for c in ("published", "derived", "group", "unknown")})
    table["total"] = table[["published", "derived", "group", "unknown"]].sum(axis=1)
    return table


def type_mix_by_wave(
    cube: pd.DataFrame,
    waves_reference: pd.DataFrame,
    selected_waves: Sequence[str] = (),
    funding: pd.DataFrame | None = None,
    national: bool = False,
) -> pd.DataFrame:
    """Lauréats per wave and type, with each type's share of the wave (0 when empty).

    Each row also splits its lauréats into ``published`` / ``derived`` (identified in the
    rows) and ``group`` (published for the wave, not identified: in a national view, a wave
    whose split of types was published, e.g. wave 1's 32 fabriques numériques and 48
    fabriques de territoire); the type ``non précisé`` keeps what is left (``unknown``).
    ``total`` is what the chart draws.

    ``funding``: ``funding_by_wave`` of the same cube and waves, when the caller already has it
    (computing it is most of the cost)."""
    if funding is None:
        funding = funding_by_wave(cube, waves_reference, selected_waves)
    table = funding[["wave_order", "wave", "wave_label", "type", "laureats", "type_derived"]].copy()
    table["group"] = 0
    if national:
        for wave in table["wave"].unique():
            gaps = group_gaps(cube, "type", applicable_counts("type", [wave], True, exact_group=wave))
            for gap in gaps:
                table.loc[(table["wave"] == wave) & (table["type"] == gap.fact.value), "group"] += gap.unidentified
                table.loc[(table["wave"] == wave) & (table["type"] == schema.UNKNOWN), "group"] -= gap.unidentified
    unknown = table["type"] == schema.UNKNOWN
    table["derived"] = table["type_derived"].where(~unknown, 0)
    table["published"] = (table["laureats"] - table["type_derived"]).where(~unknown, 0)
    table["unknown"] = (table["laureats"] + table["group"]).where(unknown, 0)
    table["group"] = table["group"].where(~unknown, 0)
    table["total"] = table["published"] + table["derived"] + table["group"] + table["unknown"]
    table = table.drop(columns="type_derived")
    wave_totals = table.groupby("wave")["total"].transform("sum")
    table["share"] = (table["total"] / wave_totals.where(wave_totals > 0)).fillna(0.0)
    return table


def kpis(cube: pd.DataFrame, departements_reference: pd.DataFrame) -> dict[str, float | int]:
    """Headline figures of the selection (compare with the targets in ``schema``).

    Plain numpy sums over the cube's few hundred rows: a pandas groupby per figure cost
    ~6 ms a view, and every view asks for these figures several times."""
    laureats = cube["laureats"].to_numpy()
    territory = cube["territory"].to_numpy(dtype=object)
    kind = cube["type"].to_numpy(dtype=object)

    def total(column: str, rows: np.ndarray | None = None) -> float:
        values = cube[column].to_numpy()
        return float(values[rows].sum() if rows is not None else values.sum())

    qpv, rural = territory == schema.TERRITORY_QPV, territory == schema.TERRITORY_RURAL
    numerique = kind == schema.TYPE_NUMERIQUE
    present = set(cube["departement_code"].to_numpy(dtype=object)[laureats > 0])
    return {
        "laureats": int(laureats.sum()),
        "amount_eur": total("amount_eur"),
        "amount_low_eur": total("amount_low_eur"),
        "amount_published_eur": total("amount_published_eur"),
        "amount_published": int(total("amount_published")),
        "amount_unknown": int(total("amount_unknown")),
        "qpv": int(laureats[qpv].sum()),
        "qpv_derived": int(total("territory_derived", qpv)),
        "rural": int(laureats[rural].sum()),
        "rural_derived": int(total("territory_derived", rural)),
        "territory_unknown": int(laureats[territory == schema.UNKNOWN].sum()),
        "numeriques": int(laureats[numerique].sum()),
        "numeriques_derived": int(total("type_derived", numerique)),
        "ressources": int(laureats[kind == schema.TYPE_RESSOURCE].sum()),
        "type_unknown": int(laureats[kind == schema.UNKNOWN].sum()),
        "departements": len(present & _real_departements(departements_reference)),
    }


def _real_departements(departements_reference: pd.DataFrame) -> set[str]:
    """The 101 départements (not Saint-Martin)."""
    flags = departements_reference["is_departement"].to_numpy(dtype=bool)
    return set(departements_reference["departement_code"].to_numpy(dtype=object)[flags])


@dataclass(frozen=True)
class ProgrammeFigures:
    """The headline figures of a view, split the way the programme's targets need:
    ``initial`` (the lauréats of waves 1–8, what the targets count), ``later`` (the 2023
    wave) and ``all``; the scope rule; and, for the initial waves of a national view, the
    published counts of groups with the lauréats they hold beyond the identified rows."""

    scope: TargetScope
    all: dict
    initial: dict
    later: dict
    territory_gaps: tuple[GroupGap, ...]
    type_gaps: tuple[GroupGap, ...]
    laureats_counts: tuple[schema.PublishedCount, ...]
    numeriques_outside_wave_1: int = 0

    def group(self, attribute: str, value: str) -> int:
        gaps = self.territory_gaps if attribute == "territory" else self.type_gaps
        return sum(g.unidentified for g in gaps if g.fact.value == value)


def programme_figures(cube: pd.DataFrame, departements_reference: pd.DataFrame, scope: TargetScope) -> ProgrammeFigures:
    """The figures of a view's cube (``scope``: see ``target_scope``)."""
    initial_mask = isin_mask(cube["wave"], schema.INITIAL_WAVES)
    initial = cube[initial_mask]
    territory_facts = applicable_counts("territory", scope.initial_waves, scope.national)
    type_facts = applicable_counts("type", scope.initial_waves, scope.national)
    return ProgrammeFigures(
        scope=scope,
        all=kpis(cube, departements_reference),
        initial=kpis(initial, departements_reference),
        later=kpis(cube[~initial_mask], departements_reference),
        territory_gaps=tuple(group_gaps(initial, "territory", territory_facts)),
        type_gaps=tuple(group_gaps(initial, "type", type_facts)),
        laureats_counts=tuple(applicable_counts("laureats", scope.initial_waves + scope.later_waves, scope.national)),
        numeriques_outside_wave_1=numeriques_outside_their_wave(initial),
    )


def numeriques_outside_their_wave(cube: pd.DataFrame) -> int:
    """Fabriques numériques identified outside the wave group that, as published, holds all
    of them (wave 1: « 32 fabriques numériques » of the 32 in all): a contradiction between
    sources, shown as such (the Bas-Rhin release names three that ANCT ranks in waves 2–4)."""
    counts = [c for c in schema.PUBLISHED_COUNTS if c.attribute == "type" and c.value == schema.TYPE_NUMERIQUE]
    total = max((c.count for c in counts if set(c.waves) == set(schema.INITIAL_WAVES)), default=None)
    holding = [c for c in counts if c.count == total and set(c.waves) != set(schema.INITIAL_WAVES)]
    if not holding:
        return 0
    outside = ~isin_mask(cube["wave"], holding[0].waves) & (cube["type"] == schema.TYPE_NUMERIQUE).to_numpy()
    return int(cube.loc[outside, "laureats"].sum())
