"""The region registry: all 514 kabupaten/kota with codes and context, and name resolution.

Pure: takes a DataFrame (loaded by :mod:`scorecard.io.registry_file`) and answers lookups.
A workbook region is matched by Kemendagri code when given, else by normalised name; a name that
exists as both kota and kabupaten (Madiun, Malang, Bandung, …) is ambiguous unless the workbook
says which; a name not found gets fuzzy "did you mean" suggestions (rapidfuzz).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import numpy as np
import pandas as pd

KOTA, KABUPATEN = "kota", "kabupaten"
DESA, KELURAHAN = "desa", "kelurahan"  # units of a village unit list (docs/units.md)
# a unit list's own words for what cannot be matched (the code format PP.KK.CC.DDDD, no "Kota …")
VILLAGE_PROBLEMS = {"code-not-found": "unit-code-not-found", "region-not-found": "unit-not-found",
                    "region-ambiguous": "unit-ambiguous"}

# prefix -> the type it implies (None: no type implied)
_PREFIXES: list[tuple[str, str | None]] = [
    ("pemerintah kabupaten", KABUPATEN), ("pemerintah kota", KOTA), ("kabupaten administrasi", KABUPATEN),
    ("kota administrasi", KOTA), ("kabupaten", KABUPATEN), ("pemkab", KABUPATEN), ("pemkot", KOTA),
    ("pemko", KOTA), ("kab", KABUPATEN), ("kota", KOTA), ("kotamadya", KOTA),
    ("kota adm", KOTA), ("kab adm", KABUPATEN), ("kabupaten adm", KABUPATEN), ("pemerintah kab", KABUPATEN),
    ("kab administrasi", KABUPATEN),
    ("desa", DESA), ("kelurahan", KELURAHAN), ("kel", KELURAHAN), ("pemerintah desa", DESA),
    ("pemerintah kota administrasi", KOTA), ("pemerintah kabupaten administrasi", KABUPATEN),
]
_PREFIXES.sort(key=lambda p: -len(p[0]))
_VARIANTS = [(r"\bkep\b", "kepulauan"), (r"\bkepulauan\b", "kepulauan"), (r"\btg\b", "tanjung"), (r"\btj\b", "tanjung"),
             (r"\bpd\b", "padang"), (r"\bp\b", "pulau"), (r"\bsel\b", "selatan"), (r"\butr\b", "utara"),
             (r"\bbar\b", "barat"), (r"\btim\b", "timur"), (r"\bteng\b", "tengah"),
             (r"\bd?jogja(karta)?\b", "yogyakarta"), (r"\bjokja(karta)?\b", "yogyakarta")]
# Former or widely used short names -> Kemendagri code (normalised key, as split_name gives it).
# Only names that cannot mean anything else; each is a documented rename or abbreviation.
ALIASES = {
    "tobasamosir": "12.12",  # Kabupaten Toba Samosir, renamed Kabupaten Toba (PP 1/2020)
    "mamujuutara": "76.01",  # Kabupaten Mamuju Utara, renamed Kabupaten Pasangkayu (PP 61/2017)
    "pangkep": "73.10",  # Kabupaten Pangkajene dan Kepulauan
    "selayar": "73.01",  # Kabupaten Kepulauan Selayar
    "sitaro": "71.09",  # Kabupaten Kepulauan Siau Tagulandang Biaro
    "pali": "16.12",  # Kabupaten Penukal Abab Lematang Ilir
    "ujungpandang": "73.71",  # Kota Makassar, named Ujung Pandang 1971-1999
}


def parse_type(text: str | None) -> str | None:
    """'Kota', 'kab.', 'Kabupaten', 'city', 'regency' -> 'kota' / 'kabupaten'; 'Desa', 'Kelurahan',
    'kel.', 'village' -> 'desa' / 'kelurahan' (village units); else None."""
    if text is None:
        return None
    key = re.sub(r"[^a-z]", "", str(text).lower())
    return _TYPES.get(key)


_TYPES = {"kota": KOTA, "kabupaten": KABUPATEN, "kab": KABUPATEN, "city": KOTA, "regency": KABUPATEN,
          "pemkot": KOTA, "pemko": KOTA, "pemkab": KABUPATEN, "kotamadya": KOTA,
          "desa": DESA, "village": DESA, "kelurahan": KELURAHAN, "kel": KELURAHAN, "urbanvillage": KELURAHAN}


_WORD_VARIANTS = {"kep": "kepulauan", "tg": "tanjung", "tj": "tanjung", "pd": "padang", "p": "pulau",
                  "sel": "selatan", "utr": "utara", "bar": "barat", "tim": "timur", "teng": "tengah",
                  **{w: "yogyakarta" for w in ("jogja", "jogjakarta", "djogja", "djogjakarta", "jokja",
                                               "jokjakarta")}}
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PREFIXES_BY_WORD: dict[str, list[tuple[str, str | None]]] = {}
for _prefix, _kind in _PREFIXES:  # longest first, as in _PREFIXES
    _PREFIXES_BY_WORD.setdefault(_prefix.split(" ")[0], []).append((_prefix, _kind))
_PAREN = re.compile(r"\(([^()]*)\)")


def split_name(text: str) -> tuple[str, str | None]:
    """Normalise a region name; return (key without prefix, type implied by the prefix).
    Called for every unit of a unit list (84,000 villages) and every row: word-level, no regex
    per variant (the abbreviations of ``_VARIANTS`` as one word table)."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    implied_paren = None
    if "(" in s:
        for inner in _PAREN.findall(s):  # "Madiun (Kota)", "Kota Madiun (Jawa Timur)"
            implied_paren = implied_paren or parse_type(inner)
        s = _PAREN.sub(" ", s)
    s = _NON_WORD.sub(" ", s).strip()
    implied = None
    for prefix, kind in _PREFIXES_BY_WORD.get(s.split(" ", 1)[0], ()):  # only prefixes starting with that word
        if s == prefix:
            break
        if s.startswith(prefix + " "):
            s, implied = s[len(prefix) + 1:], kind
            break
    s = "".join(_WORD_VARIANTS.get(w, w) for w in s.split(" "))
    if implied and implied_paren and implied != implied_paren:
        return s, "conflict"  # "Kota Madiun (Kabupaten)": matches neither type, the error lists both
    return s, implied or implied_paren


def _split_name_reference(text: str) -> tuple[str, str | None]:
    """The original regex-per-variant normalisation, kept for the equivalence test."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    implied_paren = None
    for inner in re.findall(r"\(([^()]*)\)", s):
        implied_paren = implied_paren or parse_type(inner)
    s = re.sub(r"\([^()]*\)", " ", s)
    s = s.replace(".", " ").replace(",", " ").replace("-", " ").replace("_", " ")
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    implied = None
    for prefix, kind in _PREFIXES:
        if s == prefix:
            break
        if s.startswith(prefix + " "):
            s, implied = s[len(prefix) + 1:], kind
            break
    for pattern, repl in _VARIANTS:
        s = re.sub(pattern, repl, s)
    s = s.replace(" ", "")
    if implied and implied_paren and implied != implied_paren:
        return s, "conflict"
    return s, implied or implied_paren


_SPACE = re.compile(r"\s")
_VILLAGE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


def normalise_code(text: object) -> str | None:
    """'35.77', '3577', ' 35.77 ' -> '35.77'; a village code (Kepmendagri, desa/kelurahan)
    '35.77.04.2011' or '3577042011' -> '35.77.04.2011'; anything else -> None. A code is written
    with the digits 0-9 only: one in other digits (Arabic-Indic '٣٥.٧٧', full-width '３５.７７') is
    no code, and its message says so (:func:`scorecard.issues.ascii_digits`)."""
    s = _SPACE.sub("", str(text))
    if not s.isascii():
        return None
    n = len(s)
    if n == 5 and s[2] == "." and s[:2].isdigit() and s[3:].isdigit():
        return s
    if n == 4 and s.isdigit():
        return f"{s[:2]}.{s[2:]}"
    if n == 6 and s.endswith(".0") and s[:4].isdigit():  # a code typed as a number, 3577.0
        return f"{s[:2]}.{s[2:4]}"
    if n == 13 and _VILLAGE_CODE.fullmatch(s):
        return s
    if n == 10 and s.isdigit():
        return f"{s[:2]}.{s[2:4]}.{s[4:6]}.{s[6:]}"
    if n == 12 and s.endswith(".0") and s[:10].isdigit():  # 3577042011.0
        return f"{s[:2]}.{s[2:4]}.{s[4:6]}.{s[6:10]}"
    return None


DIGITS = [0, 1, 3, 4, 6, 7, 9, 10, 11, 12]  # where PP.KK.CC.DDDD has its digits
_DOTS = [2, 5, 8]


def codes_at_once(values: list[str]) -> tuple[list[str | None], np.ndarray, np.ndarray]:
    """:func:`normalise_code` of every text of ``values`` (a column of 84,000 village codes, or of
    names): the codes (None where not a code), the same as one numpy ``<U13`` array ("" where
    None) and a mask of the texts that are codes. Texts already written ``PP.KK.CC.DDDD`` or as 10
    digits are recognised for all at once, texts with a letter are no code; only the others are
    read one by one by :func:`normalise_code`."""
    n = len(values)
    lengths = np.fromiter(map(len, values), np.int64, n)
    chars = np.array(values, dtype="<U13").view(np.uint32).reshape(n, 13)
    digit = (chars >= ord("0")) & (chars <= ord("9"))
    dotted = (lengths == 13) & digit[:, DIGITS].all(axis=1) & (chars[:, _DOTS] == ord(".")).all(axis=1)
    plain = (lengths == 10) & digit[:, :10].all(axis=1)
    out = np.zeros((n, 13), np.uint32)
    out[dotted] = chars[dotted]
    if plain.any():
        spread = np.full((int(plain.sum()), 13), ord("."), np.uint32)
        spread[:, DIGITS] = chars[plain, :10]
        out[plain] = spread
    as_u13 = out.view("<U13").reshape(n)
    found = dotted | plain
    # a text with an ASCII letter is no code (a name, "Desa …"): seen in its first 13 characters
    folded = chars | 0x20
    letter = ((folded >= ord("a")) & (folded <= ord("z"))).any(axis=1)
    for i in np.flatnonzero(~found & ~letter).tolist():  # perhaps a code written otherwise: one by one
        code = normalise_code(values[i])
        if code is not None:
            as_u13[i] = code
            found[i] = True
    texts = as_u13.astype(object)
    texts[~found] = None
    codes: list[str | None] = texts.tolist()
    return codes, as_u13, found


@dataclass(frozen=True)
class Resolution:
    """Outcome of matching one workbook region: ``code`` when matched, else ``problem``."""

    code: str | None
    problem: str | None = None  # region-not-found | region-ambiguous | code-not-found | code-name-mismatch
    candidates: tuple[str, ...] = ()  # "35.19 Kabupaten Madiun" style strings
    note: str | None = None


@dataclass
class Registry:
    """All kabupaten/kota; ``frame`` is indexed by Kemendagri code (``PP.KK``)."""

    frame: pd.DataFrame
    # BPS code -> Kemendagri code (scorecard.crosswalk.Crosswalk), attached by the loader; lets a
    # workbook name its regions by BPS code (never on the code alone in Papua)
    crosswalk: Any = field(default=None, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # per-code facts the row matching needs, as dicts (a pandas lookup per row cost seconds
        # for 84,000 villages); the normalised name keys and the codes by official name are built
        # on first need (a workbook whose rows carry the official code and name never needs them)
        codes = self.frame.index.tolist()
        self._codes = codes
        self._titles = list(map(str, self.frame["name_title"].tolist()))
        self._title_of = dict(zip(codes, self._titles))
        self._type_of = dict(zip(codes, self.frame["type"].tolist()))
        self._by_title: dict[str, list[str]] | None = None
        self._keys: tuple[dict[str, list[str]], list[str], dict[str, str]] | None = None

    @property
    def _codes_by_title(self) -> dict[str, list[str]]:
        """Official name -> its codes (several for a name that repeats), in registry order."""
        if self._by_title is None:
            by_title: dict[str, list[str]] = {}
            for code, title in zip(self._codes, self._titles):
                by_title.setdefault(title, []).append(code)
            self._by_title = by_title
        return self._by_title

    def _unique_titles(self) -> np.ndarray:
        """Whether each unit's official name is the name of no other unit."""
        return ~pd.Series(self._titles, dtype=object).duplicated(keep=False).to_numpy()

    def _name_keys(self) -> tuple[dict[str, list[str]], list[str], dict[str, str]]:
        if self._keys is None:
            by_key: dict[str, list[str]] = {}
            choices: list[str] = []
            for code, title in zip(self._codes, self._titles):
                key, _ = split_name(title)  # once per title
                by_key.setdefault(key, []).append(code)
                choices.append(key)
            self._keys = (by_key, choices, dict(zip(self._codes, choices)))
        return self._keys

    @property
    def _by_key(self) -> dict[str, list[str]]:
        return self._name_keys()[0]

    @property
    def _choices(self) -> list[str]:
        return self._name_keys()[1]

    def __contains__(self, code: str) -> bool:
        return code in self._type_of

    @property
    def unit(self) -> str:
        """What the registry lists: ``region`` (kabupaten/kota) or ``village`` (a unit list)."""
        return str(self.frame.attrs.get("unit", "region"))

    def title(self, code: str) -> str:
        return self._title_of[code]

    def exact_titles(self) -> dict[str, str]:
        """Code -> official name, for the codes written in their canonical form (``35.77``,
        ``35.77.04.2011``): a row giving exactly this code and this name resolves to the code with
        nothing to say (:meth:`resolve`), which lets validation match whole columns at once."""
        cached = self.__dict__.get("_exact_titles")
        if cached is None:
            if len(self._title_of) != len(self._codes):  # a code listed twice: as the dict has it
                cached = {c: t for c, t in self._title_of.items() if normalise_code(c) == c and t and t == t.strip()}
            else:  # for all codes at once (84,000 villages)
                codes = np.array(self._codes, dtype=object)
                keep = (np.array(codes_at_once(self._codes)[0], dtype=object) == codes) & _plain_text(self._titles)
                cached = dict(zip(compress(self._codes, keep), compress(self._titles, keep)))
            self.__dict__["_exact_titles"] = cached
        return cached

    def exact_names(self) -> dict[str, str]:
        """Official name -> code, for the names only one unit has (and that cannot be read as a
        code): a row giving exactly this name, and no code, type or BPS code, resolves to the code
        with nothing to say (:meth:`resolve`)."""
        cached = self.__dict__.get("_exact_names")
        if cached is None:
            keep = self._unique_titles() & _plain_text(self._titles)
            keep[keep] = ~codes_at_once(list(compress(self._titles, keep)))[2]  # "3577" is a code, not a name
            cached = self.__dict__["_exact_names"] = dict(zip(compress(self._titles, keep), compress(self._codes, keep)))
        return cached

    def label(self, code: str) -> str:
        return f"{code} {self.title(code)}"

    def resolve(self, name: str | None, code: str | None = None, type_hint: str | None = None) -> Resolution:
        """Match one workbook row. Memoised per (name, code, type hint): a workbook names each region
        on many rows (every year, every opinion, every award), and matching is string work."""
        key = (type(name), name, type(code), code, type_hint)
        try:
            return self._memo[key]
        except KeyError:
            pass
        except TypeError:  # unhashable input: match without the memo
            return self._resolve(name, code, type_hint)
        if len(self._memo) > 200_000:
            self._memo.clear()
        res = self._memo[key] = self._resolve(name, code, type_hint)
        return res

    def _resolve(self, name: str | None, code: str | None, type_hint: str | None) -> Resolution:
        res = self._resolve_any(name, code, type_hint)
        if res.problem is None:
            return res
        from dataclasses import replace

        if self.unit == "village":  # say "the unit list", the code format PP.KK.CC.DDDD (docs/units.md)
            problem = VILLAGE_PROBLEMS.get(res.problem, res.problem)
        else:  # a village named against the 514 kabupaten/kota: the hint is --units
            norm = normalise_code(code) if code else None
            kind = split_name(name)[1] if name and not code else None
            village = (norm is not None and norm.count(".") == 3) or kind in (DESA, KELURAHAN)
            problem = "village-without-units" if village else res.problem
        return res if problem == res.problem else replace(res, problem=problem)

    def _resolve_any(self, name: str | None, code: str | None, type_hint: str | None) -> Resolution:
        if code:
            norm = normalise_code(code)
            if norm is None or norm not in self._type_of:
                return Resolution(None, "code-not-found", self.suggest(name) if name else ())
            if name:
                if name == self._title_of[norm] and (not type_hint or type_hint == self._type_of[norm]):
                    return Resolution(norm)  # the official name as written in the registry
                key, implied = split_name(name)
                own_key = split_name(self._title_of[norm])[0]
                kind = implied or type_hint
                if (key != own_key and ALIASES.get(key) != norm) or (kind and kind != self._type_of[norm]):
                    return Resolution(None, "code-name-mismatch", (self.label(norm),))
            return Resolution(norm)
        if not name or not str(name).strip():
            return Resolution(None, "region-not-found")
        exact = self._codes_by_title.get(name)
        if exact is not None and len(exact) == 1 and (not type_hint or type_hint == self._type_of[exact[0]]):
            return Resolution(exact[0])  # the official name exactly as the registry writes it
        key, implied = split_name(name)
        kind = implied or type_hint
        codes = self._by_key.get(key, [])
        note = None
        if not codes and key in ALIASES and ALIASES[key] in self.frame.index:
            codes, note = [ALIASES[key]], "alias"
        if kind:
            typed = [c for c in codes if self._type_of[c] == kind]
            if typed:
                codes = typed
            elif codes:
                return Resolution(None, "region-not-found", tuple(self.label(c) for c in codes))
        if len(codes) == 1:
            return Resolution(codes[0], note=note)
        if len(codes) > 1:
            return Resolution(None, "region-ambiguous", tuple(self.label(c) for c in codes))
        return Resolution(None, "region-not-found", self.suggest(name))

    def suggest(self, name: str | None, limit: int = 3) -> tuple[str, ...]:
        """Closest official names by edit similarity of the normalised names (rapidfuzz), the
        type named in the prefix (Kota/Kab.) first."""
        if not name:
            return ()
        from rapidfuzz import fuzz, process

        key, implied = split_name(name)
        hits = process.extract(key, self._choices, scorer=fuzz.ratio, limit=limit * 2, score_cutoff=70)
        if not hits and len(key) >= 4:  # a part of the official name: "Sangihe" -> Kepulauan Sangihe
            hits = process.extract(key, self._choices, scorer=fuzz.partial_ratio, limit=limit * 2, score_cutoff=90)
        codes = self.frame.index
        found = [codes[idx] for _choice, _score, idx in hits]
        if implied:
            found.sort(key=lambda c: self.frame.at[c, "type"] != implied)
        # the "prefix" may belong to the name: "Kota Baru" -> Kabupaten Kotabaru
        whole = re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", str(name)).lower())
        found = [c for c in self._by_key.get(whole, []) if c not in found] + found
        return tuple(self.label(c) for c in found[:limit])


def _plain_text(values: list[str]) -> np.ndarray:
    """Whether each text is not empty and has no spaces around it."""
    texts = np.array(values, dtype=object)
    return (texts != "") & (texts == np.array(list(map(str.strip, values)), dtype=object))
