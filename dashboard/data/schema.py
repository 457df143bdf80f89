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

# --- The programme: its scope, its targets, its grant scale ------------------------------
# Every programme figure the dashboard shows comes from here; nothing is hard-coded elsewhere.

# The data: ANCT's list of lauréats, the date the page shows beside the figures.
DATA_SOURCE = "ANCT, liste des Fabriques de territoire, mise à jour du 26/01/2024"
DATA_DATE = "26/01/2024"
DATA_SOURCE_URL = (
    "https://github.com/anct-carto/superposeur-anct/blob/949f7e581185229a3bef1962d8f81f5608757f0c/"
    "data/geom/geojsonV2/fabt_geom.geojson"
)

# The initial programme (AMI of July 2019): waves 1 to 8, announced 2020–2021. Its targets
# count these lauréats only. The 2023 wave came later, with its own flat grant and no QPV /
# rural or fabrique numérique track: it is outside the targets and the envelope.
INITIAL_WAVES = ("1", "2-4", "5", "6-7", "8")
LATER_WAVES = ("2023",)
INITIAL_WAVES_LABEL = "vagues 1 à 8"

# Targets announced when the AMI opened (July 2019), for the lauréats of INITIAL_WAVES.
TARGET_LAUREATS = 300
TARGET_ENVELOPE_EUR = 45_000_000
TARGET_QPV = 150
TARGET_RURAL = 150
TARGET_NUMERIQUES = 32
DEPARTEMENTS_COUNT = 101

# The grant scale. The 2019–2020 texts give 75,000 to 150,000 € over three years per
# fabrique ("jusqu'à 50 000 € par an sur trois ans"), plus a 100,000 € bonus per fabrique
# numérique; later texts a flat 150,000 €. Per-site amounts are almost never published, so
# an amount from the scale is an estimate: between GRANT_MIN_EUR and GRANT_MAX_EUR (+ the
# bonus where the site is known to be a fabrique numérique). The 2023 wave: 50,000 € once.
GRANT_MIN_EUR = 75_000
GRANT_MAX_EUR = 150_000
NUMERIQUE_BONUS_EUR = 100_000
LATER_WAVE_GRANT_EUR = 50_000
LATER_WAVE_LAUREATS = 82  # published: « 82 nouvelles fabriques de territoires » (ecologie.gouv.fr)


@dataclass(frozen=True)
class Source:
    """A page cited for a figure: shown as a link with its title and date."""

    url: str
    title: str
    date: str


IREV_WAVE_1 = Source(
    "http://www.irev.fr/print/actualites-0/tiers-lieux-decouvrez-les-premiers-laureats-de-lami-fabriques-de-territoires-en-region",
    "Tiers-lieux : découvrez les premiers lauréats de l'AMI Fabriques de territoires en région (IREV)",
    "février 2020",
)
IDCITE_WAVE_1 = Source(
    "https://www.idcite.com/Fabriques-de-territoire-et-fabriques-numeriques-de-territoire-Les-premiers-laureats-devoiles_a46391.html",
    "Fabriques de territoire et fabriques numériques de territoire : les premiers lauréats dévoilés (ID CiTé)",
    "4 février 2020",
)
FTL_170 = Source(
    "https://francetierslieux.fr/170-fabriques-de-territoire-suite-aux-annonces-de-60-nouveaux-laureats/",
    "170 fabriques de territoire suite aux annonces de 60 nouveaux lauréats (France Tiers-Lieux)",
    "octobre 2020",
)
JDP_300 = Source(
    "https://journal-du-palais.fr/au-sommaire/entreprises/des-tiers-lieux-pour-tout-et-pour-tous-dans-le-doubs",
    "Des tiers-lieux pour tout et pour tous dans le Doubs (Journal du Palais)",
    "2022",
)
ECOLOGIE_2023 = Source(
    "https://www.ecologie.gouv.fr/soutien-du-gouvernement-aux-tiers-lieux-82-nouvelles-fabriques-territoires-dans-toute-france",
    "Soutien du Gouvernement aux tiers-lieux : 82 nouvelles fabriques de territoires dans toute la France "
    "(ecologie.gouv.fr)",
    "10 novembre 2023",
)
BAS_RHIN_RELEASE = Source(
    "communique-prefecture-bas-rhin-2021.txt",
    "Le Bas-Rhin compte désormais 4 fabriques numériques de territoire (communiqué de la préfecture du Bas-Rhin)",
    "printemps 2021",
)


@dataclass(frozen=True)
class PublishedCount:
    """A count the programme published for a group of lauréats, not site by site.

    ``waves``: the dataset's wave groups holding the group; ``whole``: the group is all of
    their lauréats (else a part: "waves 1 to 3" inside the groups "1" and "2-4", whose
    waves 2, 3 and 4 cannot be told apart, so the count is a lower bound for them).
    ``attribute`` is "laureats", "type" or "territory" (``value``: the type or territory
    counted). ``source_row``: the row of ``data/sources/programme/waves.csv`` that holds it
    (the tests check the count and the URLs are there)."""

    label: str
    waves: tuple[str, ...]
    whole: bool
    attribute: str
    value: str | None
    count: int
    sources: tuple[Source, ...]
    source_row: str


PUBLISHED_COUNTS: tuple[PublishedCount, ...] = (
    PublishedCount("Vague 1", ("1",), True, "laureats", None, 80, (IREV_WAVE_1, IDCITE_WAVE_1), "1"),
    PublishedCount("Vague 1", ("1",), True, "type", TYPE_NUMERIQUE, 32, (IREV_WAVE_1,), "1"),
    PublishedCount("Vague 1", ("1",), True, "type", TYPE_RESSOURCE, 48, (IREV_WAVE_1,), "1"),
    PublishedCount("Vague 1", ("1",), True, "territory", TERRITORY_QPV, 80, (IREV_WAVE_1, IDCITE_WAVE_1), "1"),
    PublishedCount("Vagues 1 à 3", ("1", "2-4"), False, "laureats", None, 170, (FTL_170,), "3"),
    PublishedCount("Vagues 1 à 3", ("1", "2-4"), False, "territory", TERRITORY_QPV, 102, (FTL_170,), "3"),
    PublishedCount("Vagues 1 à 3", ("1", "2-4"), False, "territory", TERRITORY_RURAL, 68, (FTL_170,), "3"),
    PublishedCount("Vagues 1 à 8", INITIAL_WAVES, True, "laureats", None, 300, (JDP_300,), "8"),
    PublishedCount("Vagues 1 à 8", INITIAL_WAVES, True, "type", TYPE_NUMERIQUE, 32, (IREV_WAVE_1,), "1"),
    PublishedCount("Vague 2023", LATER_WAVES, True, "laureats", None, 82, (ECOLOGIE_2023,), "9 (vague 2023)"),
    PublishedCount("Vague 2023", LATER_WAVES, True, "type", TYPE_RESSOURCE, 82, (ECOLOGIE_2023,), "9 (vague 2023)"),
)

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
