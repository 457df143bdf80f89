"""The blocks of the page, in page order: the one registry that the layout, the callbacks
and the downloads iterate over. To add a block, write its module (see ``base.py`` and
CONTRIBUTING.md) and add it here: to ``BLOCKS`` for a block of its own on the page, to
``ANALYSES`` for a chart shown in the tabs beside the map."""

from __future__ import annotations

from dashboard.blocks.analyses import AnalysesBlock
from dashboard.blocks.base import Block, ChartBlock
from dashboard.blocks.coverage import CoverageBlock
from dashboard.blocks.funding import FundingBlock
from dashboard.blocks.gaps import GapsBlock
from dashboard.blocks.kpis import KpisBlock
from dashboard.blocks.map import MapBlock
from dashboard.blocks.methodology import MethodologyBlock
from dashboard.blocks.payments import PaymentsBlock
from dashboard.blocks.selection import SelectionBlock
from dashboard.blocks.site_card import SiteCardBlock
from dashboard.blocks.sites import SitesBlock
from dashboard.blocks.territory import TerritoryBlock
from dashboard.blocks.trajectory import TrajectoryBlock
from dashboard.blocks.types import TypesBlock

# The analyses shown beside the map, one at a time (tabs, see analyses.py), in tab order.
ANALYSES: tuple[ChartBlock, ...] = (
    FundingBlock(),
    TerritoryBlock(),
    TypesBlock(),
    TrajectoryBlock(),
    PaymentsBlock(),
    CoverageBlock(),
)
ANALYSIS_KEYS = tuple(analysis.key for analysis in ANALYSES)

BLOCKS: tuple[Block, ...] = (
    SelectionBlock(),
    KpisBlock(),
    MapBlock(),
    AnalysesBlock(ANALYSES),
    GapsBlock(),
    SitesBlock(),
    SiteCardBlock(),
    MethodologyBlock(),
)
# Every block by key, the analyses included (tests and tools render them one by one).
BLOCKS_BY_KEY = {block.key: block for block in (*BLOCKS, *ANALYSES)}
DOWNLOADABLE = tuple(block for block in BLOCKS if block.downloadable)
