"""The programme in time: when each wave was labelled (its place on the time axis), the
cumulative lauréats and euros committed, and the payments the published scale implies
year by year.

State budget words: the amount committed for a lauréat the year it is labelled is an
*autorisation d'engagement* (AE); what is paid each year, a *crédit de paiement* (CP).
Both are estimates here ("estimé"): the dataset's amounts follow the published scale
(``data/README.md``), and so do the payments below.

There are six wave groups at most: the functions work on plain Python values (a view
costs microseconds) and the tests give them hand-made ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

# The published scale (AMI of July 2019; 2023 wave).
ANNUAL_GRANT_EUR = 50_000  # waves 1-8: "jusqu'à 50 000 euros par an sur trois ans"
GRANT_YEARS = 3
NUMERIQUE_BONUS_EUR = 100_000  # "bonus financier de 100 000 euros par tiers-lieu" (fabrique numérique)
ONE_OFF_GRANT_EUR = 50_000  # 2023 wave: "50 000 € forfaitaires sur un an"
ONE_OFF_WAVES = frozenset({"2023"})

RULES = (
    "vagues 1 à 8 : 50\u202f000\u00a0€ par an pendant 3 ans à partir de l'année de labellisation",
    "bonus de 100\u202f000\u00a0€ par fabrique numérique versé l'année de labellisation (hypothèse : les textes "
    "ne disent pas quand il est versé ; type non précisé : pas de bonus)",
    "vague 2023 : 50\u202f000\u00a0€ versés une fois, l'année de labellisation",
)


@dataclass(frozen=True)
class WavePeriod:
    """A wave group of the dataset placed in time."""

    wave: str
    wave_label: str
    placed_from: date
    placed_to: date
    placement: str  # how, in French
    labelling_year: int  # the year of its first published wave: the payments start then
    published_cumulative: int | None  # the programme's published running total after it


def wave_periods(programme_waves: pd.DataFrame, waves_reference: pd.DataFrame) -> list[WavePeriod]:
    """One period per wave group of the dataset (reference order): the range its published
    waves are placed over (``data/programme-waves.csv``)."""
    periods = []
    for wave, label in zip(waves_reference["wave"], waves_reference["wave_label"]):
        rows = programme_waves[programme_waves["wave"] == wave]
        if rows.empty:
            continue
        starts = [date.fromisoformat(v) for v in rows["placed_from"]]
        ends = [date.fromisoformat(v) for v in rows["placed_to"]]
        if len(rows) == 1:
            placement = str(rows["placement"].iat[0])
        else:
            placement = "groupe de vagues, réparti sur leurs dates : " + " ; ".join(
                f"{w} : {p}" for w, p in zip(rows["wave_label"], rows["placement"])
            )
        cumulative = [int(v) for v in rows["cumulative"] if v != ""]
        periods.append(
            WavePeriod(
                wave=wave,
                wave_label=label,
                placed_from=min(starts),
                placed_to=max(ends),
                placement=placement,
                labelling_year=min(starts).year,
                published_cumulative=cumulative[-1] if cumulative else None,
            )
        )
    return periods


@dataclass(frozen=True)
class WaveRow:
    """A wave group of the selection: its period, lauréats, euros and running totals."""

    period: WavePeriod
    laureats: int
    numeriques: int
    amount_eur: float
    cumulative_laureats: int
    cumulative_amount_eur: float
    cumulative_places: int  # distinct places (= lauréats when no place is labelled twice)


def by_wave(
    periods: Sequence[WavePeriod],
    totals: Mapping[str, Mapping[str, float]],
    selected_waves: Sequence[str] = (),
    cumulative_places: Mapping[str, int] | None = None,
) -> list[WaveRow]:
    """Every selected wave group (zeros included) in order, with running totals.
    ``totals``: wave -> {"laureats", "numeriques", "amount_eur"} for the selection."""
    rows = []
    laureats_so_far, euros_so_far = 0, 0.0
    for period in periods:
        if selected_waves and period.wave not in selected_waves:
            continue
        figures = totals.get(period.wave, {})
        laureats = int(figures.get("laureats", 0))
        amount = float(figures.get("amount_eur", 0.0))
        laureats_so_far += laureats
        euros_so_far += amount
        rows.append(
            WaveRow(
                period=period,
                laureats=laureats,
                numeriques=int(figures.get("numeriques", 0)),
                amount_eur=amount,
                cumulative_laureats=laureats_so_far,
                cumulative_amount_eur=euros_so_far,
                cumulative_places=cumulative_places[period.wave] if cumulative_places else laureats_so_far,
            )
        )
    return rows


@dataclass(frozen=True)
class Point:
    day: date
    laureats: int
    amount_eur: float
    wave_label: str  # "" for the start
    edge: str  # "start", "from" (before the wave), "to" (after it)


def trajectory_points(rows: Sequence[WaveRow], start: date) -> list[Point]:
    """The cumulative line: 0 at ``start`` (the AMI), then for each wave group with
    lauréats the total before it at the start of its period and after it at the end (a
    published date: a step; a range: the group spread over it). A period never starts
    before the previous one ends (wave 2's month contains wave 1's day)."""
    points = [Point(start, 0, 0.0, "", "start")]
    laureats, euros = 0, 0.0
    for row in rows:
        if row.laureats == 0:
            continue
        begin = max(row.period.placed_from, points[-1].day)
        points.append(Point(begin, laureats, euros, row.period.wave_label, "from"))
        laureats, euros = row.cumulative_laureats, row.cumulative_amount_eur
        points.append(Point(max(row.period.placed_to, begin), laureats, euros, row.period.wave_label, "to"))
    return points


@dataclass(frozen=True)
class Payment:
    """The estimated payments (CP) of one wave group in one year."""

    wave: str
    year: int
    base_eur: float  # 50 000 € a year per lauréat (waves 1-8)
    bonus_eur: float  # 100 000 € per fabrique numérique, the labelling year
    one_off_eur: float  # 50 000 € once per lauréat (2023 wave)

    @property
    def total_eur(self) -> float:
        return self.base_eur + self.bonus_eur + self.one_off_eur


def payments(row: WaveRow) -> list[Payment]:
    """The CP the published scale implies for a wave group of the selection."""
    year, wave = row.period.labelling_year, row.period.wave
    if wave in ONE_OFF_WAVES:
        return [Payment(wave, year, 0.0, 0.0, float(row.laureats * ONE_OFF_GRANT_EUR))]
    return [
        Payment(
            wave,
            paid,
            float(row.laureats * ANNUAL_GRANT_EUR),
            float(row.numeriques * NUMERIQUE_BONUS_EUR) if paid == year else 0.0,
            0.0,
        )
        for paid in range(year, year + GRANT_YEARS)
    ]


@dataclass(frozen=True)
class Year:
    year: int
    ae_eur: float  # committed that year (the dataset's amounts of the waves labelled then)
    cp_eur: float  # paid that year (the scale)
    cumulative_cp_eur: float
    remaining_eur: float  # AE committed so far not yet paid


def by_year(rows: Sequence[WaveRow]) -> list[Year]:
    """AE and CP per year, every year from the first to the last (zeros included)."""
    ae: dict[int, float] = {}
    cp: dict[int, float] = {}
    for row in rows:
        if row.laureats == 0:
            continue
        ae[row.period.labelling_year] = ae.get(row.period.labelling_year, 0.0) + row.amount_eur
        for payment in payments(row):
            cp[payment.year] = cp.get(payment.year, 0.0) + payment.total_eur
    if not cp and not ae:
        return []
    years = range(min(ae | cp), max(ae | cp) + 1)
    table, paid, committed = [], 0.0, 0.0
    for year in years:
        paid += cp.get(year, 0.0)
        committed += ae.get(year, 0.0)
        table.append(Year(year, ae.get(year, 0.0), cp.get(year, 0.0), paid, committed - paid))
    return table
