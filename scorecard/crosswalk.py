"""BPS region codes -> Kemendagri codes, checked against the name.

Pure. BPS (Badan Pusat Statistik) and Kemendagri number the kabupaten/kota differently in 199 of
the 514 cases (``scorecard/data/bps_kemendagri_crosswalk.csv``). In Papua the province prefixes
clash outright: BPS ``9401`` (Merauke, in the 34-province coding) is *not* Kemendagri ``94.01``
(Nabire). So a BPS code is always translated through the crosswalk — both BPS codings, the
current 38-province one and the 34-province one used before the 2022 Papua split, are known and
never contradict each other — and in Papua it is never trusted without the region's name.

The rule (docs/context.md):
* a BPS code and a name: translate the code, then the name must name that same region;
* a BPS code alone: accepted outside Papua; in Papua (BPS or Kemendagri prefix 9x) refused, with
  the region the code would mean, so the planner adds the name;
* a 4-digit code in a Kemendagri ``kode`` column whose name does not match: if the code read as a
  BPS code names the region the name names, the row is matched with a note (the planner typed a
  BPS code in the Kemendagri column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard.registry import Registry, Resolution


def normalise_bps(text: object) -> str | None:
    """'9401', ' 9401 ', 9401, 9401.0, '94.01' -> '9401'; anything else -> None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = re.sub(r"\s", "", str(text))
    if re.fullmatch(r"\d{4}", s):
        return s
    if re.fullmatch(r"\d{2}\.\d{2}", s):
        return s.replace(".", "")
    if re.fullmatch(r"\d{4}\.0", s):
        return s[:4]
    return None


@dataclass(frozen=True)
class Crosswalk:
    """``to_kemendagri``: BPS code (either coding) -> Kemendagri code ``PP.KK``."""

    to_kemendagri: dict[str, str]
    current: dict[str, str]  # Kemendagri -> current BPS code (38 provinces)

    @classmethod
    def from_frame(cls, frame) -> Crosswalk:  # a DataFrame with kemendagri_code, bps_code, bps_code_34prov
        mapping: dict[str, str] = {}
        current: dict[str, str] = {}
        for kem, new, old in zip(frame["kemendagri_code"].astype(str), frame["bps_code"].astype(str),
                                 frame["bps_code_34prov"].astype(str)):
            for code in (new, old):
                if mapping.get(code, kem) != kem:  # the two codings never contradict (checked in tests)
                    raise ValueError(f"BPS code {code} means two regions")
                mapping[code] = kem
            current[kem] = new
        return cls(mapping, current)

    def translate(self, bps: object) -> str | None:
        code = normalise_bps(bps)
        return self.to_kemendagri.get(code) if code else None


def in_papua(code: str | None) -> bool:
    """A BPS (``9401``) or Kemendagri (``94.01``) code of the Papua provinces (prefix 9x)."""
    return bool(code) and str(code).replace(".", "")[:1] == "9"


def resolve_bps(registry: Registry, crosswalk: Crosswalk, name: str | None, bps: object,
                type_hint: str | None = None) -> Resolution:
    """Match a row given by BPS code (and name). Problems: ``bps-code-not-found``,
    ``bps-code-name-mismatch``, ``bps-code-needs-name`` (Papua without a name)."""
    norm = normalise_bps(bps)
    kem = crosswalk.translate(norm) if norm else None
    if kem is None:
        return Resolution(None, "bps-code-not-found", registry.suggest(name) if name else ())
    if not name or not str(name).strip():
        if in_papua(norm) or in_papua(kem):
            return Resolution(None, "bps-code-needs-name", (registry.label(kem),))
        return Resolution(kem, note="bps-code")
    res = registry.resolve(name, kem, type_hint)
    if res.code is None:
        return Resolution(None, "bps-code-name-mismatch", (registry.label(kem),))
    return Resolution(res.code, note="bps-code")


def rescue_bps(registry: Registry, crosswalk: Crosswalk, name: str | None, code: str | None,
               type_hint: str | None = None) -> Resolution | None:
    """A 4-digit code in a Kemendagri column that does not match the name: if, read as a BPS code,
    it names the region the name names, return that match (note ``bps-code-in-kode``); else None."""
    if not name or not code:
        return None
    kem = crosswalk.translate(code)
    if kem is None:
        return None
    res = registry.resolve(name, kem, type_hint)
    if res.code is None:
        return None
    return Resolution(res.code, note="bps-code-in-kode")
