"""Issue 15 on the shipped data: each target against its own scope, estimates called
estimates, published counts of groups traced to their source rows."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.data import schema
from tests.blocks.helpers import render
from tests.conftest import ROOT

NNBSP, NBSP = "\u202f", "\u00a0"
WAVES_SOURCE = ROOT / "data" / "sources" / "programme" / "waves.csv"


def card_texts(outputs) -> dict[str, str]:
    """Card id -> all of its text, and whether it draws a progress bar."""
    texts = {}
    for column in outputs["cards"]:
        card = column.children
        parts = []
        for child in card.children.children:
            if getattr(child, "role", None) == "progressbar":
                parts.append("[barre]")
            children = getattr(child, "children", None)
            for piece in children if isinstance(children, list) else [children]:
                parts.append(piece if isinstance(piece, str) else str(getattr(piece, "children", "")))
        texts[card.id] = " ".join(p for p in parts if p)
    return texts


def test_landing_view_compares_waves_1_to_8_with_their_targets(shipped_dataset):
    cards = card_texts(render(shipped_dataset, "kpis"))
    assert cards["kpi-laureats"].startswith("Lauréats 382  dont 300 des vagues 1 à 8 · objectif 300 [barre]")
    assert f"+ 82{NBSP}lauréats de la vague 2023" in cards["kpi-laureats"]
    assert f"29,3 à 51,7{NBSP}M€" in cards["kpi-amount"] and "[barre]" not in cards["kpi-amount"]
    assert f"vagues 1 à 8 : 25,2 à 47,6{NBSP}M€ · enveloppe 45{NBSP}M€" in cards["kpi-amount"]
    assert "En QPV 102  au moins, vagues 1 à 8 · cible 150 [barre]" in cards["kpi-qpv"]
    assert "En zone rurale 121  au moins, vagues 1 à 8 · cible 150 [barre]" in cards["kpi-rural"]
    assert "44 en commune rurale" in cards["kpi-rural"]  # the 2023 wave, apart, not in the 121
    assert "Fabriques numériques 32  publiées au total · objectif 32 [barre]" in cards["kpi-numeriques"]
    assert f"26{NBSP}identifiées (21 publiées, 5 par la règle du nom)" in cards["kpi-numeriques"]


def test_wave_2023_alone_draws_no_target(shipped_dataset):
    cards = card_texts(render(shipped_dataset, "kpis", waves=["2023"]))
    assert not any("[barre]" in text for key, text in cards.items() if key != "kpi-departements")
    assert "82  vague 2023, hors objectif initial" in cards["kpi-laureats"]
    assert f"4,1{NBSP}M€" in cards["kpi-amount"] and "hors enveloppe" in cards["kpi-amount"]
    funding = render(shipped_dataset, "funding", waves=["2023"])["figure"]
    assert funding["layout"]["shapes"] == [] and not funding["layout"].get("annotations")  # no 45 M€ line
    territory = render(shipped_dataset, "territory", waves=["2023"])["figure"]
    assert not any((trace.get("name") or "").startswith("Cible") for trace in territory["data"])  # no 150/150


def test_a_departement_gets_no_progress_bar(shipped_dataset):
    cards = card_texts(render(shipped_dataset, "kpis", regions=["44"], departement="67"))
    assert not any("[barre]" in text for text in cards.values())
    assert (
        "Lauréats 5  objectif national 300 (vagues 1 à 8) : contexte, non déclinable par territoire"
        in cards["kpi-laureats"]
    )
    assert f"750{NNBSP}000 à 1{NNBSP}050{NNBSP}000{NBSP}€" in cards["kpi-amount"]
    assert "Fabriques numériques 4" in cards["kpi-numeriques"]


def test_funding_never_adds_the_2023_wave_to_the_envelope(shipped_dataset):
    outputs = render(shipped_dataset, "funding")
    lines = [t for t in outputs["figure"]["data"] if t["type"] == "scatter"]
    assert lines and all("Vague 2023" not in t["x"] for t in lines)
    assert max(max(t["y"]) for t in lines) == 47_600_000
    assert "sans qu'il s'agisse d'un dépassement constaté" in outputs["note"]


def test_no_summary_contradicts_a_published_count(shipped_dataset):
    territory = render(shipped_dataset, "territory")["summary"]
    assert "au moins 102 en QPV" in territory and "au moins 121 en zone rurale" in territory
    types = render(shipped_dataset, "types")
    assert types["summary"].startswith("Vague 1, publié pour la vague : 32\u00a0fabriques numériques")
    assert "Sources contradictoires" in types["note"]


@pytest.fixture(scope="module")
def waves_source() -> pd.DataFrame:
    return pd.read_csv(WAVES_SOURCE, dtype=str, keep_default_na=False).set_index("wave")


COLUMN_OF = {
    ("laureats", None): ("laureats", "cumulative"),
    ("type", schema.TYPE_NUMERIQUE): ("fabriques_numeriques",),
    ("type", schema.TYPE_RESSOURCE): ("fabriques_territoire",),
    ("territory", schema.TERRITORY_QPV): ("qpv",),
    ("territory", schema.TERRITORY_RURAL): ("rural",),
}


@pytest.mark.parametrize("count", schema.PUBLISHED_COUNTS, ids=lambda c: f"{c.label}-{c.attribute}-{c.value}")
def test_every_published_count_is_in_its_cited_source_row(waves_source, count):
    row = waves_source.loc[count.source_row]
    cells = [row[column] for column in COLUMN_OF[(count.attribute, count.value)]]
    # The count is a plain (not "déduit") cell of its row, or a figure of the row's notes.
    in_cell = str(count.count) in cells
    in_notes = re.search(rf"(?<![\d,]){count.count}(?![\d,])", row["notes"]) is not None
    assert in_cell or in_notes, count
    assert all(f"{count.count} (déduit)" != cell for cell in cells)
    urls = {url.strip() for url in row["source_urls"].split("|")}
    assert {source.url for source in count.sources} <= urls, count
