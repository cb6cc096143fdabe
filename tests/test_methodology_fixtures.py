"""Helpers shared by the tests/test_methodology_*.py files: tiny hand-made workbooks (CSV) and
rubrics in a temporary folder. No tests here."""

from __future__ import annotations

from pathlib import Path

import yaml

from examples import bi, dim, ind, number_columns, rubric_yaml

# Real kota of Jawa Timur (codes resolve against the 514-region registry).
REGIONS = [("35.71", "Kota Kediri"), ("35.72", "Kota Blitar"), ("35.73", "Kota Malang"),
           ("35.74", "Kota Probolinggo"), ("35.75", "Kota Pasuruan"), ("35.76", "Kota Mojokerto"),
           ("35.77", "Kota Madiun"), ("35.78", "Kota Surabaya"), ("35.79", "Kota Batu")]



def ref_rubric_yaml(*, agg: str = "arithmetic", norm: str = "minmax", scoring: dict | None = None, extra: str = "",
                    **ia_keys) -> str:
    """The reference rubric over columns a, b, c, d, two dimensions: dim1 = 2*ia + 1*ib,
    dim2 = 1*ic (lower is better) + 3*id_; dim2 weighs 2. ``extra`` is YAML text of further top-level
    sections, written as given (a test of a bad section keeps its own lines); ``ia_keys`` are
    further keys of indicator ia (``normalisation={...}``); ``norm`` and ``scoring`` (``{"range": [1, 100]}``)
    set the scoring section."""
    text = rubric_yaml(
        id="ref", name=bi("Referensi", "Reference"), normalisation=norm, aggregation=agg, scoring=scoring, columns=number_columns("a", "b", "c", "d"),
        dimensions=[dim("dim1", ind("ia", "a", name="A", weight=2, **ia_keys), ind("ib", "b", name="B", weight=1),
                        name="D1", weight=1),
                    dim("dim2", ind("ic", "c", name="C", weight=1, direction="lower"),
                        ind("id_", "d", name="D", weight=3), name="D2", weight=2)])
    return text + extra + "\n" if extra else text


# Hand-made values: rows = regions 35.71..35.74; columns a, b, c, d.
REF_VALUES = [
    (10, 200, 5, 0.5),
    (20, 100, 10, 0.7),
    (30, 400, 15, 0.2),
    (50, 300, 20, 0.9),
]


def ref_rubric(tmp_path: Path, *, agg: str = "arithmetic", norm: str = "minmax", scoring: dict | None = None,
               extra: str = "", ia_extra: str = "", name: str = "rubric.yaml") -> Path:
    """:func:`ref_rubric_yaml` written to ``tmp_path / name``; ``ia_extra`` is YAML text of
    further keys of indicator ia (``", normalisation: dist2max"``)."""
    ia_keys = yaml.safe_load("{" + ia_extra.strip().lstrip(",") + "}") if ia_extra else {}
    path = tmp_path / name
    path.write_text(ref_rubric_yaml(agg=agg, norm=norm, scoring=scoring, extra=extra, **ia_keys), encoding="utf-8")
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
