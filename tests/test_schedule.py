"""The programme in time, on hand-made waves: placement, running totals, AE and CP."""

from datetime import date

import pandas as pd

from dashboard.analysis.schedule import (
    WavePeriod,
    WaveRow,
    by_wave,
    by_year,
    payments,
    trajectory_points,
    wave_periods,
)


def period(wave, start, end=None, year=None) -> WavePeriod:
    start, end = date.fromisoformat(start), date.fromisoformat(end or start)
    return WavePeriod(wave, f"Vague {wave}", start, end, "date publiée", year or start.year, None)


PERIODS = [period("1", "2020-02-03"), period("2-4", "2020-02-01", "2021-03-29"), period("2023", "2023-11-09")]


def test_wave_periods_group_the_published_waves():
    published = pd.DataFrame(
        {
            "wave_label": ["Vague 1", "Vague 2", "Vague 3", "Vague 4", "Vague 2024"],
            "wave": ["1", "2-4", "2-4", "2-4", ""],
            "placed_from": ["2020-02-03", "2020-02-01", "2020-10-22", "2020-10-23", "2024-10-28"],
            "placed_to": ["2020-02-03", "2020-02-29", "2020-10-22", "2021-03-29", "2024-10-28"],
            "placement": ["date publiée", "mois publié", "date publiée", "date non publiée", "date publiée"],
            "cumulative": ["80", "110", "170", "189", "407"],
        }
    )
    reference = pd.DataFrame({"wave": ["1", "2-4"], "wave_label": ["Vague 1", "Vagues 2 à 4"]})
    first, group = wave_periods(published, reference)
    assert (first.placed_from, first.placed_to, first.published_cumulative) == (date(2020, 2, 3), date(2020, 2, 3), 80)
    assert (group.placed_from, group.placed_to, group.labelling_year) == (date(2020, 2, 1), date(2021, 3, 29), 2020)
    assert group.published_cumulative == 189 and "Vague 4 : date non publiée" in group.placement


def test_by_wave_keeps_every_selected_wave_and_runs_totals():
    totals = {
        "1": {"laureats": 2, "numeriques": 1, "amount_eur": 400_000.0},
        "2023": {"laureats": 1, "amount_eur": 50_000.0},
    }
    rows = by_wave(PERIODS, totals)
    assert [(r.laureats, r.cumulative_laureats, r.cumulative_amount_eur) for r in rows] == [
        (2, 2, 400_000.0),
        (0, 2, 400_000.0),
        (1, 3, 450_000.0),
    ]
    assert [r.cumulative_places for r in rows] == [2, 2, 3]  # one labellisation per place
    assert [r.period.wave for r in by_wave(PERIODS, totals, ["2023"])] == ["2023"]
    relabelled = by_wave(PERIODS, totals, cumulative_places={"1": 2, "2-4": 2, "2023": 2})
    assert relabelled[-1].cumulative_places == 2 and relabelled[-1].cumulative_laureats == 3


def test_trajectory_steps_at_dates_and_spreads_over_ranges():
    totals = {"1": {"laureats": 2, "amount_eur": 400_000.0}, "2-4": {"laureats": 3, "amount_eur": 450_000.0}}
    points = trajectory_points(by_wave(PERIODS, totals), date(2019, 7, 1))
    assert [(p.day.isoformat(), p.laureats) for p in points] == [
        ("2019-07-01", 0),
        ("2020-02-03", 0),
        ("2020-02-03", 2),  # wave 1: a step on its day
        ("2020-02-03", 2),  # waves 2-4 start in February 2020, not before wave 1's day
        ("2021-03-29", 5),  # ... and are spread until the eve of wave 5
    ]
    assert points[-1].amount_eur == 850_000.0


def row(wave, year, laureats, numeriques=0, amount=0.0) -> WaveRow:
    p = period(wave, f"{year}-06-01")
    return WaveRow(p, laureats, numeriques, amount, laureats, amount, laureats)


def test_payment_schedule_by_year():
    # Waves 1-8: 50 000 € a year for 3 years from the labelling year, the numérique bonus
    # of 100 000 € the first year; 2023: 50 000 € once.
    wave_1 = row("1", 2020, 2, numeriques=1, amount=400_000.0)
    assert [(p.year, p.total_eur) for p in payments(wave_1)] == [
        (2020, 200_000.0),
        (2021, 100_000.0),
        (2022, 100_000.0),
    ]
    wave_2023 = row("2023", 2023, 3, amount=150_000.0)
    assert [(p.year, p.one_off_eur) for p in payments(wave_2023)] == [(2023, 150_000.0)]
    years = by_year([wave_1, row("8", 2021, 1, amount=150_000.0), wave_2023])
    assert [(y.year, y.ae_eur, y.cp_eur) for y in years] == [
        (2020, 400_000.0, 200_000.0),
        (2021, 150_000.0, 150_000.0),
        (2022, 0.0, 150_000.0),
        (2023, 150_000.0, 200_000.0),
    ]
    assert years[-1].cumulative_cp_eur == 700_000.0 and years[-1].remaining_eur == 0.0
    assert years[0].remaining_eur == 200_000.0  # committed in 2020, paid in 2021 and 2022


def test_no_lauréat_no_year():
    assert by_year([row("1", 2020, 0)]) == []
