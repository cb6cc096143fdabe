"""Peer groups: which regions a region is compared with.

``all`` (everyone in the workbook), ``type`` (kota with kota, kabupaten with kabupaten),
``province`` (same province), ``population`` (IKCI 2015 size classes: under 200 000,
200 000 - 1 000 000, over 1 000 000 inhabitants) or ``similar[:K]`` (the focus region and the K
workbook regions most similar to it in structure, default K = 12; :mod:`scorecard.context`,
docs/context.md). A similar group depends on the focus region, so it is computed by the caller
(:func:`similar_groups`) and passed in as ``groups``.
"""

from __future__ import annotations

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported lazily: the CLI's --help must not load it
    import pandas as pd

SIMILAR = "similar"
PEER_MODES = ("all", "type", "province", "population", "kabupaten", "kecamatan")  # fixed groups; SIMILAR: focus
# kabupaten / kecamatan: villages of one kabupaten/kota or one kecamatan (a unit list, docs/units.md);
# meant for village units: for kabupaten/kota themselves every region would be alone in its group.
POPULATION_CLASSES = ((200_000, "kecil"), (1_000_000, "sedang"), (float("inf"), "besar"))
GROUP_SIMILAR, GROUP_OTHER = "mirip", "lain"
DEFAULT_SIMILAR_K = 12  # the same as scorecard.context.DEFAULT_K (kept here so --help loads no pandas)


def parse_peers(text: str) -> tuple[str, int | None]:
    """``"type"`` -> ("type", None); ``"similar"`` -> ("similar", 12); ``"similar:8"`` -> ("similar", 8).
    Raises ValueError for anything else (``similar:0``, ``similar:x``, ``typo``)."""
    s = str(text).strip().lower()
    if s in PEER_MODES:
        return s, None
    if s == SIMILAR:
        return SIMILAR, DEFAULT_SIMILAR_K
    if s.startswith(SIMILAR + ":"):
        count = s.split(":", 1)[1].strip()
        if not count.isascii():  # 0-9 only: int() would read similar:٣ as 3 silently
            raise ValueError(text)
        k = int(count)  # ValueError for similar:x
        if k < 1:
            raise ValueError(text)
        return SIMILAR, k
    raise ValueError(text)


def population_class(pop: float) -> str:
    if pop != pop:  # NaN
        return "?"
    for limit, label in POPULATION_CLASSES:
        if pop < limit or (limit == 1_000_000 and pop <= limit):
            return label
    return "besar"


def similar_groups(index: pd.Index, focus: str, codes: list[str]) -> pd.Series:
    """``mirip`` for the focus region and its similar regions, ``lain`` for the others."""
    import pandas as pd

    members = {focus, *codes}
    return pd.Series([GROUP_SIMILAR if c in members else GROUP_OTHER for c in index], index=index, dtype=object)


def label_key(peers: str, code: Any = None) -> str:
    """The catalogue key naming a peer mode: ``type`` among villages (a unit code PP.KK.CC.DDDD)
    groups desa with desa and kelurahan with kelurahan, so it is not labelled kota/kabupaten."""
    if peers == "type" and code is not None and str(code).count(".") == 3:
        return "peers.type-village"
    return f"peers.{peers}"


def relative_note_key(rubric: Any) -> str:
    """The note under a relative score: it points at the official grades (SAKIP, RB, SPBE, BPK
    opinion) only when the rubric has such indicators; the village example has none."""
    official = any(getattr(i, "kind", "") in ("grade", "opinion", "streak") for i in getattr(rubric, "indicators", ()))
    return "judgement.relative-note" if official else "judgement.relative-note-nogrades"


def first_code(result: Any) -> Any:
    """A region code of a result (its units tell kabupaten/kota from villages), or None."""
    regions = getattr(result, "regions", None)
    return regions.index[0] if regions is not None and len(regions.index) else None


def peer_keys(regions: pd.DataFrame, mode: str, groups: pd.Series | None = None) -> pd.Series:
    """A group label per region (index = region code). ``groups``: the labels of a ``similar``
    group (:func:`similar_groups`); regions it does not name are ``lain``."""
    import pandas as pd

    if mode == SIMILAR:
        if groups is None:
            raise ValueError("peer mode 'similar' needs the group (scorecard.peers.similar_groups)")
        return groups.reindex(regions.index).fillna(GROUP_OTHER).astype(str)
    if mode == "all":
        return pd.Series("all", index=regions.index)
    if mode == "type":
        return regions["tipe"].astype(str)
    if mode == "province":  # the registry's province name when validate provided it (spelling-proof)
        return regions["provinsi_registri" if "provinsi_registri" in regions.columns else "provinsi"].astype(str)
    if mode == "population":
        return regions["penduduk"].astype(float).map(population_class)
    if mode in ("kabupaten", "kecamatan"):  # village codes PP.KK.CC.DDDD: the kab/kota or kecamatan part
        width = 5 if mode == "kabupaten" else 8
        codes = pd.Series([str(c)[:width] for c in regions.index], index=regions.index)
        if mode not in regions.columns:
            return codes
        names = regions[mode].astype(str)
        # the group is the code; its name labels it. One name used for two codes (a "Kecamatan
        # Sukajadi" in two kabupaten) stays two groups, each labelled with its code as well.
        shared = codes.groupby(names).transform("nunique") > 1  # (one pass, not a function per group)
        return names.where(~shared.astype(bool), names + " (" + codes + ")")
    raise ValueError(f"unknown peer mode {mode!r}")
