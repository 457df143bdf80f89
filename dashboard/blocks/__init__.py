"""The blocks of the page, in page order: the one registry that the layout, the callbacks
and the downloads iterate over. To add a block, write its module (see ``base.py`` and
CONTRIBUTING.md) and add it here."""

from __future__ import annotations

from dashboard.blocks.base import Block
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

BLOCKS: tuple[Block, ...] = (
    SelectionBlock(),
    KpisBlock(),
    MapBlock(),
    FundingBlock(),
    TerritoryBlock(),
    TypesBlock(),
    TrajectoryBlock(),
    PaymentsBlock(),
    CoverageBlock(),
    GapsBlock(),
    SitesBlock(),
    SiteCardBlock(),
    MethodologyBlock(),
)
BLOCKS_BY_KEY = {block.key: block for block in BLOCKS}
DOWNLOADABLE = tuple(block for block in BLOCKS if block.downloadable)
