"""Block: « Méthodologie et sources » — definitions, rules, published counts, known
contradictions between sources, the data's date and the sources as links with their title
and date.

Built once with the page (one ``dcc.Markdown``, nothing re-rendered on a click): the
figures it quotes (the decomposition of the total) come from the dataset in service and
the programme's numbers from ``schema``. Every page links to it (``#methodologie``: the
key figures' heading and the footer).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.analysis.view import ViewState
from dashboard.blocks.base import Block, Prop
from dashboard.blocks.kpis import METHODOLOGY_ANCHOR
from dashboard.data import schema
from dashboard.data.loader import Dataset
from dashboard.data.sources import SHIPPED_COPY
from dashboard.presentation import markdown
from dashboard.presentation.formatting import format_eur, format_meur, format_number

VALUE_WORDS = {
    schema.TYPE_NUMERIQUE: "fabriques numériques",
    schema.TYPE_RESSOURCE: "fabriques de territoire « ressource »",
    schema.TERRITORY_QPV: "en QPV",
    schema.TERRITORY_RURAL: "en zone rurale",
}


def source_link(source: schema.Source) -> str:
    label = f"{source.title}, {source.date}" if source.date else source.title
    if markdown.is_web_url(source.url):
        return markdown.link(label, source.url)
    return markdown.escape(f"{label} ({SHIPPED_COPY}{source.url})")


def total_decomposition(dataset: Dataset) -> str:
    """Why the estimated total is above 45 M€, from the data in service."""
    cube = dataset.cube
    initial = cube[cube["wave"].isin(schema.INITIAL_WAVES)]
    later = cube[~cube["wave"].isin(schema.INITIAL_WAVES)]
    laureats = int(initial["laureats"].sum())
    numeriques = int(initial.loc[initial["type"] == schema.TYPE_NUMERIQUE, "laureats"].sum())
    derived_numeriques = int(initial.loc[initial["type"] == schema.TYPE_NUMERIQUE, "type_derived"].sum())
    base = laureats * schema.GRANT_MAX_EUR
    bonus = numeriques * schema.NUMERIQUE_BONUS_EUR
    later_amount = float(later["amount_eur"].sum())
    total = float(cube["amount_eur"].sum())
    low = float(cube["amount_low_eur"].sum())
    return (
        f"Le plafond estimé de {format_meur(total)} se décompose ainsi : {format_meur(base)} "
        f"({format_number(laureats)} lauréats des {schema.INITIAL_WAVES_LABEL} × {format_eur(schema.GRANT_MAX_EUR)}, "
        f"le haut du barème) + {format_meur(bonus)} de bonus ({format_number(numeriques)} fabriques numériques "
        f"identifiées, dont {format_number(derived_numeriques)} par la règle du nom, × "
        f"{format_eur(schema.NUMERIQUE_BONUS_EUR)}) + {format_meur(later_amount)} "
        f"({format_number(int(later['laureats'].sum()))} × {format_eur(schema.LATER_WAVE_GRANT_EUR)}, vague 2023, hors "
        f"enveloppe). L'enveloppe de {format_meur(schema.TARGET_ENVELOPE_EUR)} vaut exactement "
        f"{format_number(schema.TARGET_LAUREATS)} × {format_eur(schema.GRANT_MAX_EUR)} : le plafond la dépasse par les "
        "bonus, ce qui ne dit rien des montants réellement versés, qui ne sont pas publiés par fabrique. Avec le bas "
        f"du barème ({format_eur(schema.GRANT_MIN_EUR)}), le total estimé serait de {format_meur(low)}. Le bonus des "
        "fabriques numériques non identifiées n'est pas compté."
    )


def published_counts() -> list[str]:
    lines = []
    for count in schema.PUBLISHED_COUNTS:
        what = "lauréats" if count.attribute == "laureats" else VALUE_WORDS[count.value]  # type: ignore[index]
        sources = " · ".join(source_link(s) for s in count.sources)
        lines.append(f"- {markdown.escape(count.label)} : {format_number(count.count)} {what} — {sources}")
    return lines


def methodology_markdown(dataset: Dataset) -> str:
    """The whole panel as one Markdown string: its sections, one blank line apart."""
    sections = [
        _data_section(dataset),
        _definitions_section(),
        _targets_section(),
        _derivation_section(dataset),
        _total_section(dataset),
        _contradictions_section(),
        _sources_section(),
    ]
    return "\n\n".join("\n".join(section) for section in sections)


def _grant_words() -> str:
    """The published grant scale, in the programme's words."""
    return (
        f"{format_eur(schema.GRANT_MIN_EUR)} à {format_eur(schema.GRANT_MAX_EUR)} sur trois ans par fabrique "
        "(« jusqu'à 50 000 euros par an sur trois ans »)"
    )


def _data_section(dataset: Dataset) -> list[str]:
    """Where the rows come from and what « publié », « dérivé », « non précisé » mean."""
    anct = markdown.link(schema.DATA_SOURCE, schema.DATA_SOURCE_URL)
    return [
        "### Les données",
        "",
        f"- Liste des lauréats : {anct} (Licence Ouverte 2.0), {format_number(len(dataset.sites))} lignes, enrichie "
        "de communiqués officiels et d'articles de presse cités ligne à ligne (fiche de chaque fabrique).",
        f"- Date des données : liste ANCT du {schema.DATA_DATE}. La date « fichier chargé par le serveur » du pied de "
        "page est l'heure à laquelle le serveur a lu le fichier, pas la date des données.",
        "- Aucun fichier public ne donne, pour chaque fabrique, son type, son territoire ni son montant : chaque valeur "
        "est « publié » (une source citée le dit de ce site ou de toute sa vague), « dérivé » (une règle écrite "
        "ci-dessous la donne) ou « non précisé ».",
    ]


def _definitions_section() -> list[str]:
    """What a fabrique, a fabrique numérique, a QPV, « rural » and a wave are here."""
    grant = _grant_words()
    return [
        "### Définitions",
        "",
        "- **Fabrique de territoire « ressource »** : tiers-lieu « tête de réseau » (lieu ressource, de formation, "
        f"de coopération) ; subvention d'amorçage de {grant}.",
        "- **Fabrique numérique de territoire** : fabrique tournée vers l'inclusion numérique, en quartier "
        f"prioritaire ; même subvention, + {format_eur(schema.NUMERIQUE_BONUS_EUR)} de bonus. "
        f"{format_number(schema.TARGET_NUMERIQUES)} ont été labellisées, toutes dans la vague 1 selon la presse de "
        "février 2020.",
        "- **QPV** : quartier prioritaire de la politique de la ville. La liste utilisée pour la règle est celle de "
        "2024 ; les lauréats de 2020–2021 ont été choisis sur la liste de 2015.",
        "- **Rural** : le programme vise 150 lauréats « hors des grands centres urbains ». Ici, « rural » dérivé "
        "veut dire : commune sans QPV **et** rurale dans la grille communale de densité INSEE 2025 (niveaux 5 à 7), "
        "une définition plus étroite ; une commune urbaine sans QPV reste « non précisé ».",
        f"- **Vagues** : les {schema.INITIAL_WAVES_LABEL} (2020–2021) forment le programme initial ; la vague 2023 "
        f"({format_number(schema.LATER_WAVE_LAUREATS)} lauréats, {format_eur(schema.LATER_WAVE_GRANT_EUR)} "
        "forfaitaires sur un an, territoires sans fabrique) est venue ensuite, sans volet QPV / rural ni fabrique "
        "numérique. Les vagues 2 à 4 et 6 à 7 ne se séparent pas ligne à ligne : elles restent groupées (« groupe de "
        "3 vagues »).",
    ]


def _targets_section() -> list[str]:
    """Which views the programme's targets are compared with."""
    return [
        "### Objectifs : à quoi ils se comparent",
        "",
        f"- Les objectifs ({format_number(schema.TARGET_LAUREATS)} lauréats, {format_number(schema.TARGET_QPV)} en "
        f"QPV et {format_number(schema.TARGET_RURAL)} en zone rurale, {format_meur(schema.TARGET_ENVELOPE_EUR)}, "
        f"{format_number(schema.TARGET_NUMERIQUES)} fabriques numériques) portent sur les lauréats des "
        f"{schema.INITIAL_WAVES_LABEL}, au niveau national.",
        f"- Une barre de progression n'est tracée que pour une vue nationale qui contient toutes les "
        f"{schema.INITIAL_WAVES_LABEL}, et compte alors les seuls lauréats de ces vagues. Pour une région, un "
        "département, une fabrique ou une partie des vagues, l'objectif national est donné comme contexte.",
        "- La vague 2023 est montrée à part : hors objectif initial et hors enveloppe.",
    ]


def _derivation_section(dataset: Dataset) -> list[str]:
    """The stated rules that give a derived value, and the published group counts."""
    scale = f"{_grant_words()}, + {format_eur(schema.NUMERIQUE_BONUS_EUR)} par fabrique numérique"
    return [
        "### Règles de dérivation",
        "",
        "- **Vague** : rang dans la liste ANCT (triée par vague) rapporté aux cumuls publiés (80, 189, 218, 280, 300, "
        "382).",
        "- **Type** : « numérique » dérivé seulement pour les sites dont le nom ANCT se lit « Fabrique numérique … » ; "
        "aucun type n'est déduit par élimination d'un décompte de presse.",
        "- **Territoire** : « rural » dérivé selon la règle ci-dessus (QPV 2024 + grille INSEE).",
        f"- **Montant** : une estimation selon le barème — {scale} ; vague 2023 : "
        f"{format_eur(schema.LATER_WAVE_GRANT_EUR)}. Les écrans donnent la fourchette (bas et plafond du barème) ; le "
        "fichier de données garde le plafond. Un montant publié pour un site reste « publié » "
        f"({format_number(int(dataset.cube['amount_published'].sum()))} sites).",
        "- **Chiffres publiés pour un groupe** : ils s'ajoutent aux sites identifiés du groupe (« publié pour la "
        "vague, non identifiés »), dans une vue nationale qui contient tout le groupe ; un chiffre suivi de « au "
        "moins » est un minimum tant que des valeurs restent non précisées. Les chiffres publiés utilisés :",
        "",
        *published_counts(),
    ]


def _total_section(dataset: Dataset) -> list[str]:
    """How the total of lauréats breaks down."""
    return [
        "### Ce que dit le total",
        "",
        total_decomposition(dataset),
    ]


def _contradictions_section() -> list[str]:
    """Where the sources disagree, and what the dataset keeps."""
    return [
        "### Contradictions connues entre sources",
        "",
        "- Les 32 fabriques numériques sont toutes en vague 1 selon la presse de février 2020, mais la préfecture du "
        "Bas-Rhin en nomme trois dont le rang ANCT est dans les vagues 2 à 4 (fabt-112, 159, 182) ; certains articles "
        "disent « 30 » (l'objectif initial) au lieu de 32.",
        "- La liste ANCT compte 107 lauréats pour les vagues 2 à 4 (109 annoncés : 30 + 60 + 19) et 64 pour les "
        "vagues 6 et 7 (62 déduits des cumuls publiés).",
        "- CEIS (fabt-19, Montpellier) : « 2 fabriques numériques à Montpellier » en vague 1 selon la presse, un seul "
        "lauréat montpelliérain dans la liste : type laissé non précisé.",
        "- FabNum INESS (fabt-05) : nommée « Le Grand Narbonne » par la presse, qui en fait une fabrique de territoire.",
        "- La Machinerie (fabt-22, Grenoble) : la presse de la vague 1 nomme la Régie de quartier qui la porte.",
        "- Ateliers Jean Moulin (fabt-126) : codés par l'ANCT à Plouhinec (Morbihan), situés à Plouhinec (Finistère).",
        "- Pix'in (fabt-176) : « retenue en 2020 » ou labellisée en mars 2021 selon les sources.",
        "- Avenir 84 (fabt-46) : « près de 350 000 euros » selon la presse, au-dessus du barème (250 000 €).",
        "- Vague 2023 : annoncée « le mercredi 9 novembre 2023 », un jeudi.",
    ]


def _sources_section() -> list[str]:
    """The sources, with their links."""
    anct = markdown.link(schema.DATA_SOURCE, schema.DATA_SOURCE_URL)
    return [
        "### Sources",
        "",
        f"- {anct}",
        *(f"- {source_link(getattr(schema, name))}" for name in SOURCE_NAMES),
        "- INSEE, grille communale de densité 2025 ; ANCT, liste des QPV 2024 ; INSEE, Code officiel géographique "
        "2026 (copies dans data/sources/geo/).",
        "- Le détail de chaque règle et de chaque colonne : data/README.md du dépôt.",
    ]


SOURCE_NAMES = ("IREV_WAVE_1", "IDCITE_WAVE_1", "FTL_170", "JDP_300", "ECOLOGIE_2023", "BAS_RHIN_RELEASE")


class MethodologyBlock(Block):
    key = "methodology"
    title = "Méthodologie et sources"
    columns = {"xs": 12}
    downloadable = False

    def layout(self, dataset: Dataset) -> Any:
        return html.Section(
            [
                html.H2(self.title, className="h5"),
                dcc.Markdown(methodology_markdown(dataset), className="methodology small"),
            ],
            id=METHODOLOGY_ANCHOR,
            className="methodology-panel card card-body",
        )

    def outputs(self) -> dict[str, Prop]:
        return {}

    def render(self, dataset: Dataset, view: ViewState, trigger: object = None, **values: object) -> dict[str, Any]:
        return {}

    def export_frame(self, dataset: Dataset, view: ViewState, **values: object) -> pd.DataFrame:
        return pd.DataFrame()
