"""Peer groups: which regions a region is compared with.

``all`` (everyone in the workbook), ``type`` (kota with kota, kabupaten with kabupaten),
``province`` (same province) or ``population`` (IKCI 2015 size classes: under 200 000,
200 000 - 1 000 000, over 1 000 000 inhabitants).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported lazily: the CLI's --help must not load it
    import pandas as pd

PEER_MODES = ("all", "type", "province", "population")
POPULATION_CLASSES = ((200_000, "kecil"), (1_000_000, "sedang"), (float("inf"), "besar"))


def population_class(pop: float) -> str:
    if pop != pop:  # NaN
        return "?"
    for limit, label in POPULATION_CLASSES:
        if pop < limit or (limit == 1_000_000 and pop <= limit):
            return label
    return "besar"


def peer_keys(regions: pd.DataFrame, mode: str) -> pd.Series:
    """A group label per region (index = region code)."""
    import pandas as pd

    if mode == "all":
        return pd.Series("all", index=regions.index)
    if mode == "type":
        return regions["tipe"].astype(str)
    if mode == "province":  # the registry's province name when validate provided it (spelling-proof)
        return regions["provinsi_registri" if "provinsi_registri" in regions.columns else "provinsi"].astype(str)
    if mode == "population":
        return regions["penduduk"].astype(float).map(population_class)
    raise ValueError(f"unknown peer mode {mode!r}")
