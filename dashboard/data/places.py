"""Places labelled more than once: a row of the dataset is one *labellisation* (its own
id, wave, type, amount); ``place_id`` says which labellisations are the same place.

The 2024 wave relabelled 55 fabriques already labelled in 2020-2023 (sources in
``data/sources/programme/waves.csv``): when a per-site list of it exists, each of those
rows takes as ``place_id`` the id of the place's first labellisation. An empty
``place_id`` means the row's own id: a place labelled once needs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

PlaceProblem = tuple[pd.Series, Callable[[Any], str]]  # rows, message for a row (index)


def place_keys(sites: pd.DataFrame) -> pd.Series:
    """The place of each row: its ``place_id``, else its own id."""
    if "place_id" not in sites.columns:
        return sites["id"].astype(str)
    place = sites["place_id"].astype(str)
    return place.where(place != "", sites["id"].astype(str))


def relabelled_rows(sites: pd.DataFrame) -> pd.Series:
    """Rows whose place has several labellisations (cheap when ``place_id`` is empty,
    as it is in every row of most files)."""
    if "place_id" not in sites.columns:
        return pd.Series(False, index=sites.index)
    named = sites["place_id"].astype(str) != ""
    if not named.any():
        return pd.Series(False, index=sites.index)
    places = set(sites.loc[named, "place_id"].astype(str))
    involved = named | sites["id"].astype(str).isin(places)
    keys = place_keys(sites[involved])
    shared = keys.duplicated(keep=False)
    return shared.reindex(sites.index, fill_value=False)


def place_problems(sites: pd.DataFrame) -> list[PlaceProblem]:
    """What makes two rows of one place contradict each other: another commune, or the
    same wave twice (a place is labelled once per wave). Messages in French."""
    relabelled = relabelled_rows(sites)
    if not relabelled.any():
        return []
    rows = sites[relabelled].assign(_place=place_keys(sites[relabelled]))
    problems: list[PlaceProblem] = []
    first_commune = rows.groupby("_place")["commune_code"].transform("first")
    place = rows["_place"].astype(str).to_dict()
    commune = first_commune.astype(str).to_dict()
    wave = rows["wave"].astype(str).to_dict()
    other_commune = (rows["commune_code"] != first_commune).reindex(sites.index, fill_value=False)
    problems.append(
        (
            other_commune,
            lambda i: (
                f"le lieu « {place[i]} » est labellisé dans une autre commune "
                f"({commune[i]}) : les labellisations d'un même lieu ont la même commune"
            ),
        )
    )
    same_wave = rows.duplicated(["_place", "wave"], keep="first").reindex(sites.index, fill_value=False)
    problems.append(
        (
            same_wave,
            lambda i: (
                f"le lieu « {place[i]} » est déjà labellisé dans la vague {wave[i]} : "
                "un lieu n'est labellisé qu'une fois par vague"
            ),
        )
    )
    return problems
