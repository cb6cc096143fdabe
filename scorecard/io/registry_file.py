"""Load the shipped region registry (``scorecard/data/regions.csv``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from scorecard import resources
from scorecard.registry import Registry


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    import pandas as pd

    frame = pd.read_csv(resources.data_dir() / "regions.csv", dtype={"kemendagri_code": str, "code": str,
                                                                     "province_code": str})
    frame = frame.set_index("kemendagri_code", drop=False)
    frame.index.name = "code"
    return Registry(frame, crosswalk=ShippedCrosswalk())


class ShippedCrosswalk:
    """The shipped BPS -> Kemendagri crosswalk (:func:`scorecard.io.reference_file.load_crosswalk`),
    read on first use: only a workbook that names its regions by BPS code needs it, and reading
    it (with the reference module it lives in) cost every ``score`` ~20 ms of start-up."""

    def __init__(self) -> None:
        self._loaded: Any = None

    def translate(self, bps: object) -> str | None:
        if self._loaded is None:
            from scorecard.io.reference_file import load_crosswalk

            self._loaded = load_crosswalk()
        return self._loaded.translate(bps)
