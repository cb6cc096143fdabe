"""Helpers shared by the tests/test_methodology_*.py files: tiny hand-made workbooks (CSV) and
rubrics in a temporary folder. No tests here."""

from __future__ import annotations

from pathlib import Path

# Real kota of Jawa Timur (codes resolve against the 514-region registry).
REGIONS = [("35.71", "Kota Kediri"), ("35.72", "Kota Blitar"), ("35.73", "Kota Malang"),
           ("35.74", "Kota Probolinggo"), ("35.75", "Kota Pasuruan"), ("35.76", "Kota Mojokerto"),
           ("35.77", "Kota Madiun"), ("35.78", "Kota Surabaya"), ("35.79", "Kota Batu")]

# Two dimensions: dim1 = 2*ia + 1*ib, dim2 = 1*ic (lower is better) + 3*id_; dim2 weighs 2.
REF_RUBRIC = """
id: ref
version: "1"
name: {id: Referensi, en: Reference}
scoring: {normalisation: minmax, aggregation: %(agg)s%(range)s}
columns:
  a: {label: A, type: number}
  b: {label: B, type: number}
  c: {label: C, type: number}
  d: {label: D, type: number}
%(extra)s
dimensions:
  - id: dim1
    name: D1
    weight: 1
    indicators:
      - {id: ia, name: A, kind: number, column: a, weight: 2%(ia_extra)s}
      - {id: ib, name: B, kind: number, column: b, weight: 1}
  - id: dim2
    name: D2
    weight: 2
    indicators:
      - {id: ic, name: C, kind: number, column: c, weight: 1, direction: lower}
      - {id: id_, name: D, kind: number, column: d, weight: 3}
"""

# Hand-made values: rows = regions 35.71..35.74; columns a, b, c, d.
REF_VALUES = [
    (10, 200, 5, 0.5),
    (20, 100, 10, 0.7),
    (30, 400, 15, 0.2),
    (50, 300, 20, 0.9),
]


def ref_rubric(tmp_path: Path, *, agg: str = "arithmetic", range_: str = "", extra: str = "",
               ia_extra: str = "", name: str = "rubric.yaml") -> Path:
    path = tmp_path / name
    path.write_text(REF_RUBRIC % {"agg": agg, "range": range_, "extra": extra, "ia_extra": ia_extra},
                    encoding="utf-8")
    return path


def write_csv(tmp_path: Path, header: list[str], rows: list[tuple], *, name: str = "data.csv") -> Path:
    """Rows start with (code, name) followed by the header's value columns; None = blank cell."""
    lines = [",".join(["kode", "wilayah", *header])]
    for row in rows:
        lines.append(",".join("" if v is None else str(v) for v in row))
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ref_csv(tmp_path: Path, values=REF_VALUES, *, name: str = "data.csv") -> Path:
    rows = [(code, rname, *vals) for (code, rname), vals in zip(REGIONS, values)]
    return write_csv(tmp_path, ["a", "b", "c", "d"], rows, name=name)


def load(workbook: Path, rubric: Path):
    """(rubric, tables) exactly as the CLI reads them."""
    from scorecard.commands.common import load_inputs

    rub, tables, _ = load_inputs(str(workbook), str(rubric))
    return rub, tables


def run(workbook: Path, rubric: Path, **kwargs):
    from scorecard.pipeline import score

    rub, tables = load(workbook, rubric)
    return score(tables, rub, **kwargs)
