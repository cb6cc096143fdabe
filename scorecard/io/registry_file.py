"""Load the shipped region registry (``scorecard/data/regions.csv``)."""

from __future__ import annotations

from functools import lru_cache

from scorecard import resources
from scorecard.registry import Registry


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    import pandas as pd

    frame = pd.read_csv(resources.data_dir() / "regions.csv", dtype={"kemendagri_code": str, "code": str,
                                                                     "province_code": str})
    frame = frame.set_index("kemendagri_code", drop=False)
    frame.index.name = "code"
    from scorecard.io.reference_file import load_crosswalk

    return Registry(frame, crosswalk=load_crosswalk())
