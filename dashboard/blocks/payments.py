"""Block: the programme year by year in the State budget's words — autorisations
d'engagement (AE, the amounts committed, in the labelling year) and crédits de paiement
(CP, the amounts paid each year), both estimated from the published scale."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.analysis import schedule
from dashboard.analysis.view import ViewState
from dashboard.blocks.programme import Record, RecordsChartBlock, scope_label, wave_rows
from dashboard.data.loader import Dataset
from dashboard.presentation.figures import bar_marker, base_layout, empty_figure, euro_ticks
from dashboard.presentation.formatting import format_amount, format_eur

AE_COLOUR = "#000091"
CP_COLOUR = "#B34000"
AE = "AE estimées (€)"
TOTAL_CP = "Total CP estimés (€)"


def cp_column(year: int) -> str:
    return f"CP {year} estimés (€)"


@dataclass(frozen=True)
class Payments:
    rows: list[schedule.WaveRow]  # the selection's wave groups
    years: list[schedule.Year]
    scope: str


class PaymentsBlock(RecordsChartBlock):
    key = "payments"
    tab_label = "Paiements par année"
    title = "Engagements et paiements par année (estimés)"
    description = (
        "Autorisations d'engagement (AE : montants engagés l'année de labellisation) et crédits de paiement (CP : "
        "versements de chaque année) que le barème publié implique."
    )
    file_stem = "ae-cp-par-annee"

    def compute(self, dataset: Dataset, view: ViewState) -> Payments:
        rows = wave_rows(dataset, view)
        return Payments(rows, schedule.by_year(rows), scope_label(dataset, view))

    def figure(self, data: Payments, view: ViewState) -> dict:
        return payments_figure(data.years)

    def summary(self, data: Payments, view: ViewState) -> str:
        if not data.years:
            return f"{data.scope} : aucun engagement pour cette sélection."
        committed = [year for year in data.years if year.ae_eur]
        ae_years = (
            f"en {committed[0].year}" if len(committed) == 1 else f"de {committed[0].year} à {committed[-1].year}"
        )
        total_ae = sum(year.ae_eur for year in data.years)
        paid = " ; ".join(f"{format_amount(year.cp_eur)} en {year.year}" for year in data.years if year.cp_eur)
        return (
            f"{data.scope} : {format_amount(total_ae)} d'autorisations d'engagement (AE, estimées) {ae_years} ; "
            f"crédits de paiement (CP, estimés) : {paid}."
        )

    def note(self, data: Payments, view: ViewState) -> str:
        parts = ["Estimations selon le barème publié : " + " ; ".join(schedule.RULES) + "."]
        spanning = [
            row for row in data.rows if row.laureats and row.period.placed_from.year != row.period.placed_to.year
        ]
        if spanning:
            parts.append(
                " ".join(
                    f"{row.period.wave_label} (annoncées de {row.period.placed_from.year} à "
                    f"{row.period.placed_to.year}) : comptées à partir de {row.period.labelling_year}."
                    for row in spanning
                )
            )
        total_ae = sum(year.ae_eur for year in data.years)
        total_cp = sum(year.cp_eur for year in data.years)
        if round(total_ae) != round(total_cp):
            parts.append(
                f"AE ({format_eur(total_ae)}) et CP ({format_eur(total_cp)}) diffèrent : les AE sont les montants du "
                "fichier (publiés, hors barème ou inconnus pour certains lauréats), les CP suivent le barème."
            )
        return " ".join(parts)

    def columns_of(self, data: Payments, view: ViewState) -> list[str]:
        return [
            "Vague",
            "Année de labellisation",
            "Lauréats",
            "Dont fabriques numériques",
            AE,
            *(cp_column(year.year) for year in data.years),
            TOTAL_CP,
        ]

    def records(self, data: Payments, view: ViewState) -> list[Record]:
        records: list[Record] = []
        per_year = {year.year: 0.0 for year in data.years}
        laureats = numeriques = 0
        committed = 0.0
        for row in data.rows:
            if not row.laureats:
                continue
            record: Record = {
                "Vague": row.period.wave_label,
                "Année de labellisation": str(row.period.labelling_year),
                "Lauréats": row.laureats,
                "Dont fabriques numériques": row.numeriques,
                AE: row.amount_eur,
            }
            paid = {payment.year: payment.total_eur for payment in schedule.payments(row)}
            for year in per_year:
                record[cp_column(year)] = paid.get(year, 0.0)
                per_year[year] += paid.get(year, 0.0)
            record[TOTAL_CP] = sum(paid.values())
            records.append(record)
            laureats, numeriques, committed = (
                laureats + row.laureats,
                numeriques + row.numeriques,
                committed + row.amount_eur,
            )
        if records:
            total: Record = {
                "Vague": "Total",
                "Année de labellisation": "",
                "Lauréats": laureats,
                "Dont fabriques numériques": numeriques,
                AE: committed,
            }
            for year, amount in per_year.items():
                total[cp_column(year)] = amount
            total[TOTAL_CP] = sum(per_year.values())
            records.append(total)
        return records


def payments_figure(years: list[schedule.Year]) -> dict:
    """AE and CP per year, side by side."""
    if not years:
        return empty_figure()
    labels = [str(year.year) for year in years]

    def bars(name: str, values: list[float], colour: str, pattern: str) -> dict:
        marker = bar_marker(colour, pattern)
        return {
            "type": "bar",
            "name": name,
            "x": labels,
            "y": values,
            "marker": marker,
            "customdata": [format_eur(v) for v in values],
            "hovertemplate": "<b>%{x}</b><br>" + name + " : %{customdata}<extra></extra>",
        }

    ae = [year.ae_eur for year in years]
    cp = [year.cp_eur for year in years]
    maximum = max(max(ae), max(cp), 1.0)
    return {
        "data": [
            bars("Autorisations d'engagement (AE, estimées)", ae, AE_COLOUR, ""),
            bars("Crédits de paiement (CP, estimés)", cp, CP_COLOUR, "/"),
        ],
        "layout": base_layout(
            barmode="group",
            xaxis={"type": "category", "fixedrange": True, "automargin": True},
            yaxis={
                "fixedrange": True,
                "gridcolor": "#e5e5e5",
                "range": [0, maximum * 1.08],
                "automargin": True,
                **euro_ticks(maximum),
            },
        ),
    }
