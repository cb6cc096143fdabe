"""What counts as evidence: the rule that reads one evidence cell of the self-assessment.

Pure (text in, a frozen verdict out); documented in ``docs/rehearsal.md`` ("What counts as
evidence") and tested with a table of phrases in both languages (``tests/test_rehearsal_evidence.py``).

The rule, in the order it is applied:

1. **Blank or a placeholder** (``-``, ``...``, ``?``, ``x``, ``n/a``, ``tbd``, ``todo``, ``link``,
   ``dokumen``, ``kosong`` … in any case, punctuation or spacing): not evidence.
2. Look for a **document reference**: a URL (``https://…``, ``www.…``, ``drive.google.com/…``), a
   file name (``masterplan_2023.pdf``), a document or decree number (``No. 12``, ``Nomor: 5``,
   ``100.3.3/123/2024``, ``B-147/2024``), a date (``12 Maret 2024``, ``2024-03-12``,
   ``12/03/2024``, ``Maret 2024``) or a document named with its number or year
   (``Perwal 12 Tahun 2023``, ``Laporan IKM 2024``).
3. Look for a **"not yet" statement** (outside URLs and file names): a negation (``belum``,
   ``tidak ada``, ``no``, ``none``, ``missing`` …) or a statement of intent or progress
   (``sedang disusun``, ``dalam proses``, ``rencana``, ``akan``, ``draft``, ``on progress``,
   ``menunggu``, ``planned`` …). "Rencana" that starts a document title (``Rencana Induk``,
   ``Rencana Aksi``) and "proses bisnis" (an SPBE document) are titles, not intent.
4. Verdict:

   * a reference and no "not yet" statement -> **evidence** (counts);
   * a "not yet" statement and no reference -> **not evidence** (negation or intent);
   * both (``SK No. 12/2024 masih draft``) -> **perlu dicek** (check it), not counted;
   * neither (``Ada``, ``Sudah``, ``SK Tim Smart City`` with no number) -> **perlu dicek**, not
     counted: the cell claims something but names no document the assessors could open.

Only "evidence" counts. Every "perlu dicek" cell is listed in the report so the team can add the
number, date, link or file name (or clear the cell).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

# verdicts
EVIDENCE = "evidence"
BLANK = "blank"
PLACEHOLDER = "placeholder"
NEGATION = "negation"
INTENT = "intent"
UNCLEAR = "unclear"  # "perlu dicek": not counted, listed in the report

VERDICTS = (EVIDENCE, BLANK, PLACEHOLDER, NEGATION, INTENT, UNCLEAR)


@dataclass(frozen=True)
class EvidenceCheck:
    """The verdict on one evidence cell."""

    verdict: str  # one of VERDICTS
    reason: str  # what decided it: "url", "file", "number", "date", "titled", "mixed", "no-reference", ...
    found: str = ""  # the reference or the "not yet" words found (for the report)

    @property
    def counts(self) -> bool:
        return self.verdict == EVIDENCE

    @property
    def needs_check(self) -> bool:
        return self.verdict == UNCLEAR


# ----------------------------------------------------------------------------------------------
# Document references

# Every pattern is linear in the text (no nested quantifiers that can backtrack): cells are read
# token by token where a token may be long (tests/test_rehearsal_evidence.py times none of this,
# but checks a 20,000-character cell is classified).
_LINK = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)
_DOMAIN = re.compile(r"(?:[a-z0-9-]++\.)++(?:go\.id|ac\.id|or\.id|co\.id|id|com|org|net|info|io|gov|edu|ly|gl)/", re.I)
_EXT = re.compile(r"[\w)\]]\.(?:pdf|docx?|xlsx?|xlsm|pptx?|odt|ods|odp|csv|jpe?g|png|gif|tiff?|zip|rar|7z|mp4|txt|kmz|"
                  r"shp)$", re.I)
_EDGE = ".,;:!?\"'()[]{}<>"
MAX_CHARS = 2000  # a longer cell is read from its first 2,000 characters


def _links(tokens: list[str]) -> list[str]:
    return [t for t in tokens if _LINK.match(t) or _DOMAIN.match(t)]


def _files(tokens: list[str]) -> list[str]:
    return [t for t in tokens if "://" not in t and _EXT.search(t.rstrip(_EDGE.replace(")", "").replace("]", "")))]


def _coded(tokens: list[str]) -> list[str]:
    """Tokens like 100.3.3/123/2024, B-147/2024, 050/12/Bappeda/2023 (a digit before the first
    slash, ending in a digit)."""
    out = []
    for t in tokens:
        t = t.strip(_EDGE)
        if "/" in t and "://" not in t and any(ch.isdigit() for ch in t.split("/", 1)[0]) and t[-1:].isdigit():
            out.append(t)
    return out


_NUMBER_WORD = re.compile(r"\b(?:no|nomor|nmr|nr|number|num)\b\s*[.:#]?\s*[:#]?\s*[a-z]{0,6}[-\s.]?\d[\w./\-]*", re.I)
_MONTHS = ("januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|"
           "desember|january|february|march|may|june|july|august|october|december|"
           "jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|sept|okt|oct|nov|des|dec")
_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b|"
                   rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})\.?\s+\d{{4}}\b", re.I)
_DOC_WORDS = ("sk|surat|keputusan|kepwal|kepwali|kepbup|kepgub|keppres|peraturan|perwal|perwali|perbup|perda|"
              "pergub|perkada|permen|permendagri|perpres|pp|uu|inpres|instruksi|edaran|se|nota|memo|"
              "laporan|report|dokumen|document|dpa|rka|renja|renstra|rpjmd|rpjpd|rkpd|masterplan|"
              "notulen|notulensi|risalah|minutes|berita acara|mou|pks|perjanjian|kontrak|sertifikat|certificate|"
              "piagam|penghargaan|award|survei|survey|ikm|skm|lkpj|lppd|lakip|lkjip|sakip|spbe|profil|buku|"
              "pedoman|sop|juknis|decree|regulation|letter|budget|anggaran|data|dataset|dasbor|dashboard|"
              "foto|photo|video|lampiran|annex|master plan|rencana induk|rencana aksi|kajian|study|evaluasi|evaluation|"
              "bast|spk|kak|tor|ded|feasibility|fs")
_TITLED = re.compile(rf"\b(?:{_DOC_WORDS})\b(?:[^\n]{{0,60}}?\b(?:19|20)\d{{2}}\b|\s+\d{{1,4}}\b)", re.I)

# ----------------------------------------------------------------------------------------------
# "Not yet": negations and statements of intent or progress (matched on normalised words)

_NEGATIONS = ("belum", "blm", "blum", "tidak ada", "tidak", "tdk", "tak ada", "gak ada", "nggak ada", "ga ada",
              "tiada", "nihil", "kosong", "none", "nothing", "not available", "not yet", "not", "missing",
              "unavailable", "no document", "no data", "no evidence", "no link", "no file", "absent")
_INTENTS = ("sedang", "sdg", "dalam proses", "dlm proses", "masih proses", "proses", "on progress", "onprogress",
            "in progress", "inprogress", "on process", "in process", "progress", "ongoing", "on going",
            "disusun", "penyusunan", "menyusun", "akan", "akan disusun", "menyusul", "rencana", "direncanakan",
            "merencanakan", "draft", "draf", "drafting", "rancangan", "ranperwal", "raperda", "ranperbup",
            "menunggu", "tunggu", "diajukan", "diusulkan", "segera", "nanti", "dikerjakan",
            "belum final", "revisi", "direvisi", "pending", "planned", "plan", "planning", "will", "going to",
            "to be", "tba", "waiting", "awaiting", "under review", "under preparation", "being prepared",
            "in preparation", "preparing", "upcoming", "coming soon", "soon", "proposed", "tentative")
# "rencana" / "proses" that start a document title are not intent
_TITLE_AFTER = {"rencana": ("induk", "aksi", "pembangunan", "strategis", "kerja", "tata", "detail", "umum",
                            "program", "anggaran", "kegiatan", "kontinjensi", "penanggulangan"),
                "proses": ("bisnis",), "progress": ("report",)}
# ... and "plan" / "draft" after these words is a title too ("master plan", "action plan")
_TITLE_BEFORE = {"plan": ("master", "action", "business", "strategic", "spatial"), "progress": ("report", "laporan")}
_PLACEHOLDERS = {"", "x", "xx", "xxx", "n a", "na", "n.a", "tbd", "todo", "to do", "tba", "null", "nan", "nil",
                 "lorem ipsum", "isi", "diisi", "isi di sini", "isi disini", "fill in", "link", "tautan",
                 "url", "dokumen", "document", "bukti", "evidence", "file", "berkas", "lampiran", "0", "00",
                 "kosong", "empty", "blank", "ref", "sda", "idem", "dll", "etc", "tba", "see above", "lihat atas"}


def _fold(text: str) -> str:
    """Lower case, unicode-normalised, accents off."""
    s = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _words(text: str) -> str:
    """Words only, single-spaced: punctuation, underscores and dashes become spaces."""
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _phrase_at(words: list[str], i: int, phrase: list[str]) -> bool:
    return words[i:i + len(phrase)] == phrase


def _not_yet(text: str, extra: Iterable[str]) -> tuple[str | None, str]:
    """(NEGATION | INTENT | None, the words found)."""
    words = _words(text).split()
    if not words:
        return None, ""
    # "no" is a negation unless it abbreviates "nomor" (followed by a number)
    for i, w in enumerate(words):
        if w == "no" and not (i + 1 < len(words) and any(ch.isdigit() for ch in words[i + 1])):
            return NEGATION, "no"
    extra_phr = [p for p in (_words(_fold(e)) for e in extra) if p and p != "no"]  # "no": the rule above
    for kind, phrases in ((NEGATION, _NEGATIONS), (INTENT, _INTENTS), (NEGATION, tuple(extra_phr))):
        for phrase in sorted(phrases, key=lambda p: -len(p)):
            parts = phrase.split()
            for i in range(len(words)):
                if _phrase_at(words, i, parts):
                    after = words[i + len(parts)] if i + len(parts) < len(words) else ""
                    before = words[i - 1] if i > 0 else ""
                    if len(parts) == 1 and (after in _TITLE_AFTER.get(phrase, ())
                                            or before in _TITLE_BEFORE.get(phrase, ())):
                        continue
                    return kind, phrase
    return None, ""


def _reference(text: str) -> tuple[str | None, str]:
    tokens = text.split()
    for reason, found in (("url", _links(tokens)), ("file", _files(tokens))):
        if found:
            return reason, found[0]
    m = _NUMBER_WORD.search(text)
    if m:
        return "number", m.group(0).strip()
    coded = _coded(tokens)
    if coded:
        return "number", coded[0]
    for reason, rx in (("date", _DATE), ("titled", _TITLED)):
        m = rx.search(text)
        if m:
            return reason, m.group(0).strip()
    return None, ""


def check_evidence(text: object, extra_not_provided: Iterable[str] = ()) -> EvidenceCheck:
    """The verdict on one evidence cell (see the module docstring for the rule).

    ``extra_not_provided``: more "not yet" words, e.g. the instrument's ``verification.not_provided``.
    """
    if text is None:
        return EvidenceCheck(BLANK, "blank")
    raw = _fold(str(text)[:MAX_CHARS]).strip()
    words = _words(raw)
    if not words:
        return EvidenceCheck(BLANK if not raw else PLACEHOLDER, "blank" if not raw else "placeholder", raw)
    if words in _PLACEHOLDERS or raw in _PLACEHOLDERS or re.fullmatch(r"[x.\-_?! ]+", raw):
        return EvidenceCheck(PLACEHOLDER, "placeholder", raw)
    ref, found = _reference(raw)
    # "not yet" words are looked for outside links and file names (a file may be called draft_v2.pdf)
    tokens = raw.split()
    skip = set(_links(tokens)) | set(_files(tokens))
    rest = " ".join(t for t in tokens if t not in skip)
    kind, said = _not_yet(rest, extra_not_provided)
    if ref and kind:
        return EvidenceCheck(UNCLEAR, "mixed", f"{found} / {said}")
    if ref:
        return EvidenceCheck(EVIDENCE, ref, found)
    if kind:
        return EvidenceCheck(kind, kind, said)
    return EvidenceCheck(UNCLEAR, "no-reference", "")


__all__ = ["EvidenceCheck", "check_evidence", "VERDICTS", "EVIDENCE", "BLANK", "PLACEHOLDER", "NEGATION",
           "INTENT", "UNCLEAR"]
