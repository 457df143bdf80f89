"""The programme dataset's schema: columns, allowed values, programme targets.

One place states what a valid row is, so that the build script, the loader, the
exports and the documentation (``data/README.md``) agree.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPE_NUMERIQUE = "numérique"
TYPE_RESSOURCE = "ressource"
UNKNOWN = "non précisé"
TYPES = (TYPE_NUMERIQUE, TYPE_RESSOURCE, UNKNOWN)

TERRITORY_QPV = "QPV"
TERRITORY_RURAL = "rural"
TERRITORIES = (TERRITORY_QPV, TERRITORY_RURAL, UNKNOWN)

STATUS_PUBLISHED = "publié"
STATUS_DERIVED = "dérivé"
STATUS_UNKNOWN = "inconnu"
STATUSES = (STATUS_PUBLISHED, STATUS_DERIVED, STATUS_UNKNOWN)

# Attributes whose provenance is recorded row by row: value column -> prefix of
# its `<prefix>_status` and `<prefix>_source` columns.
TRACKED_ATTRIBUTES = ("wave", "type", "territory", "amount")

# Targets announced when the AMI opened (July 2019), used as references.
TARGET_LAUREATS = 300
TARGET_ENVELOPE_EUR = 45_000_000
TARGET_QPV = 150
TARGET_RURAL = 150
TARGET_NUMERIQUES = 32
DEPARTEMENTS_COUNT = 101

# No real site gets more than 250,000 € (150,000 € + the 100,000 € bonus); an
# amount above this is a typo (an extra zero, cents typed as euros).
MAX_PLAUSIBLE_AMOUNT_EUR = 1_000_000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "int", "float", "code"
    required: bool  # the column must exist in the file
    nullable: bool  # a cell may be empty
    label: str  # French header used in the UI and in exports
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("id", "text", True, False, "Identifiant", "Identifiant unique (ANCT : fabt-NN)."),
    Column(
        "place_id",
        "text",
        False,
        True,
        "Identifiant du lieu",
        "Même valeur pour les labellisations successives d'un même lieu (relabellisation) : l'identifiant "
        "de sa première labellisation ; vide : le lieu est celui de la ligne (une seule labellisation connue).",
    ),
    Column("name", "text", True, False, "Nom", "Nom de la fabrique ou de son porteur, tel que publié."),
    Column("porteur", "text", False, True, "Porteur", "Structure porteuse quand une source la nomme."),
    Column(
        "porteur_source", "text", False, True, "Source porteur", "URL(s) de la ou des sources qui nomment le porteur."
    ),
    Column(
        "porteur_quote",
        "text",
        False,
        True,
        "Citation porteur",
        "Phrase de la source qui nomme le porteur (une par URL, séparées par « | »).",
    ),
    Column("commune", "text", True, False, "Commune", "Nom de la commune d'implantation."),
    Column("commune_code", "code", True, False, "Code INSEE commune", "Code INSEE à 5 caractères (texte)."),
    Column("departement_code", "code", True, False, "Code département", "Code INSEE du département."),
    Column("departement", "text", False, False, "Département", "Nom du département (déduit du code)."),
    Column("region_code", "code", False, False, "Code région", "Code INSEE de la région (déduit du département)."),
    Column("region", "text", False, False, "Région", "Nom de la région (déduit du département)."),
    Column("wave", "code", True, False, "Code vague", "Code de la vague ou du groupe de vagues (voir waves.csv)."),
    Column("wave_label", "text", False, False, "Vague", "Libellé de la vague (déduit du code)."),
    Column("wave_order", "int", False, False, "Ordre de la vague", "Rang chronologique (déduit du code)."),
    Column(
        "wave_announced", "text", False, True, "Annonce", "Date d'annonce AAAA-MM-JJ ou AAAA-MM ; vide si inconnue."
    ),
    Column("type", "text", True, False, "Type", "numérique, ressource ou non précisé."),
    Column("territory", "text", True, False, "Territoire", "QPV, rural ou non précisé."),
    Column("qpv_name", "text", False, True, "QPV", "Nom du ou des QPV quand une source le donne."),
    Column("qpv_source", "text", False, True, "Source QPV", "URL(s) de la ou des sources qui nomment le QPV."),
    Column(
        "qpv_quote",
        "text",
        False,
        True,
        "Citation QPV",
        "Phrase de la source qui nomme le QPV (une par URL, séparées par « | »).",
    ),
    Column("amount_eur", "float", True, True, "Montant engagé (€)", "Montant engagé en euros ; vide si inconnu."),
    Column("latitude", "float", False, True, "Latitude", "Point représentatif de la commune (WGS84)."),
    Column("longitude", "float", False, True, "Longitude", "Point représentatif de la commune (WGS84)."),
    Column("wave_status", "text", False, False, "Provenance vague", "publié, dérivé ou inconnu."),
    Column("wave_source", "text", False, True, "Source vague", "URL de la source, ou règle de dérivation."),
    Column("type_status", "text", False, False, "Provenance type", "publié, dérivé ou inconnu."),
    Column("type_source", "text", False, True, "Source type", "URL de la source, ou règle de dérivation."),
    Column(
        "type_quote",
        "text",
        False,
        True,
        "Citation type",
        "Phrase de la source qui donne le type (une par source, séparées par « | ») ; vide si dérivé ou inconnu.",
    ),
    Column("territory_status", "text", False, False, "Provenance territoire", "publié, dérivé ou inconnu."),
    Column("territory_source", "text", False, True, "Source territoire", "URL de la source, ou règle de dérivation."),
    Column(
        "territory_quote",
        "text",
        False,
        True,
        "Citation territoire",
        "Phrase de la source qui donne le territoire (une par source, séparées par « | ») ; vide si dérivé ou inconnu.",
    ),
    Column("amount_status", "text", False, False, "Provenance montant", "publié, dérivé ou inconnu."),
    Column("amount_source", "text", False, True, "Source montant", "URL de la source, ou règle de dérivation."),
    Column(
        "amount_quote",
        "text",
        False,
        True,
        "Citation montant",
        "Phrase de la source qui donne le montant ; vide si dérivé ou inconnu.",
    ),
    Column(
        "wave_detail",
        "text",
        False,
        True,
        "Détail de la vague (rang ANCT ou presse)",
        "D'où vient la vague : « rang ANCT : 2, 3 ou 4 » (rang dans la liste ANCT), suivi de « presse : 3 » "
        "quand une source la donne, ou de « déduit de la presse : 3 ».",
    ),
    Column(
        "commune_has_qpv",
        "text",
        False,
        True,
        "Commune avec QPV",
        "oui / non : la commune compte au moins un QPV (liste 2024) ; vide hors des 101 départements.",
    ),
    Column(
        "density_level",
        "text",
        False,
        True,
        "Densité INSEE",
        "Niveau 1 à 7 de la grille communale de densité INSEE 2025 (5 à 7 : rural).",
    ),
    Column("sources", "text", False, True, "Sources", "Toutes les URL citées pour la ligne, séparées par « | »."),
    Column("notes", "text", False, True, "Notes", "Précisions et contradictions entre sources."),
)

COLUMN_NAMES = tuple(column.name for column in COLUMNS)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
LABELS = {column.name: column.label for column in COLUMNS}
