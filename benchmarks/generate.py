"""Write realistic synthetic workbooks for the benchmarks (never committed: benchmarks/data/).

Two kinds, each at any size (the bench script asks for n/2, n and 2n):

* ``national`` — the default rubric ``rubrics/smart_city.yaml``. Sheet ``wilayah``: one row per
  region per year with the real kabupaten/kota names and Kemendagri codes of
  ``scorecard/data/regions.csv`` (about one name in five written ``Kab. …`` the way planners
  type it), a ``Tahun`` column, every rubric column (SAKIP/RB as a score or a predicate, SPBE
  index, fiscal figures in Rp with a few typed as Indonesian text such as ``1.234.567,89``,
  BPS welfare figures drifting around the shipped 2021 values, a few blank cells) and source
  columns; sheet ``opini_bpk``: one BPK opinion per region per year; sheet ``penghargaan``:
  award rows spread over the years and the six categories.
  Size n = 514 regions x 10 years, 5,140 opinions, 20,000 awards. The registry holds 514
  regions, so ``scale`` < 1 takes fewer regions (n/2 = 257 regions x 10 years) and ``scale`` > 1
  takes more years (2n = 514 regions x 20 years, 40,000 awards): rows always scale with n.
* ``village`` — ~84,000 desa/kelurahan x 40 numeric indicators in one ``wilayah`` sheet plus a
  matching generated rubric (``<stem>.rubric.yaml``: 5 dimensions x 8 indicators) and a
  synthetic unit registry (``<stem>.registry.csv``: one row per unit, columns as in
  ``regions.csv``). Units are spread over the 514 kab/kota in proportion to their real
  desa + kelurahan counts; names are unique ("Desa Sukamaju 35.77.04.2011") because the engine
  resolves rows by name. See BENCHMARKS.md for why the village scale needs that registry.

Workbooks are streamed row by row with XlsxWriter in constant-memory mode (the ``bench`` extra),
or openpyxl's write-only mode when XlsxWriter is not installed (slower, same content).

Usage::

    python benchmarks/generate.py national [--scale 1] [-o benchmarks/data/national_1.xlsx]
    python benchmarks/generate.py village  [--scale 1] [--units 84000] [--indicators 40]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA_DIR = HERE / "data"
REGIONS_CSV = ROOT / "scorecard" / "data" / "regions.csv"
WELFARE_CSV = ROOT / "scorecard" / "data" / "bps_kabkota_welfare_2021.csv"

NATIONAL_REGIONS = 514
NATIONAL_YEARS = 10
NATIONAL_AWARDS = 20_000
VILLAGE_UNITS = 84_000
VILLAGE_INDICATORS = 40
LAST_YEAR = 2024

CATEGORIES = ("governance", "branding", "economy", "living", "society", "environment")
CATEGORY_WEIGHTS = (40, 15, 12, 12, 11, 10)
LEVELS = ("nasional", "provinsi", "internasional")
GIVERS = ("KemenPANRB", "Kemendagri", "Kominfo", "KLHK", "Kemenkes", "Kemenparekraf", "Ombudsman RI",
          "Kemenkeu", "Bappenas", "Gubernur")
SAKIP = (("AA", 95), ("A", 85), ("BB", 75), ("B", 65), ("CC", 55), ("C", 40))
RB = ("A", "BB", "B", "CC", "C")
OPINIONS = ("WTP", "WDP", "TW", "TMP")
VILLAGE_BASES = ("Sukamaju", "Sukajadi", "Mekarsari", "Karanganyar", "Sidomulyo", "Tanjung Harapan", "Sumberejo",
                 "Margahayu", "Suka Makmur", "Kampung Baru", "Cibeureum", "Tegalrejo", "Mulyorejo", "Sinar Jaya",
                 "Bukit Tinggi", "Pasir Putih", "Kota Baru", "Sri Mulya", "Harapan Jaya", "Wonosari")

NATIONAL_HEADERS = ["No.", "Wilayah", "Kode", "Tahun", "nilai_sakip", "nilai_rb", "indeks_spbe", "indeks_inovasi",
                    "kepatuhan_ombudsman", "layanan_digital", "command_center", "wisatawan", "penduduk", "pad",
                    "pajak_daerah", "total_pendapatan", "penduduk_miskin", "pengangguran", "umur_harapan_hidup",
                    "sanitasi_layak", "air_minum_layak", "rata_lama_sekolah", "sampah_terkelola", "rth_publik",
                    "sumber", "sumber_nilai_sakip"]


def _regions() -> list[dict[str, str]]:
    with REGIONS_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _welfare() -> dict[str, dict[str, str]]:
    with WELFARE_CSV.open(encoding="utf-8") as fh:
        return {row["kemendagri_code"]: row for row in csv.DictReader(fh)}


class _Book:
    """A streamed workbook: XlsxWriter (constant memory) when installed, else openpyxl write-only."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            import xlsxwriter
        except ImportError:  # the bench extra is not installed: openpyxl (a scorecard dependency)
            from openpyxl import Workbook

            self._xw = None
            self._wb = Workbook(write_only=True)
        else:
            self._xw = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                                      "strings_to_formulas": False, "strings_to_urls": False})

    def sheet(self, name: str) -> "_Sheet":
        return _Sheet(self._xw.add_worksheet(name) if self._xw else self._wb.create_sheet(name), self._xw is not None)

    def close(self) -> None:
        if self._xw is not None:
            self._xw.close()
        else:
            self._wb.save(self.path)


class _Sheet:
    def __init__(self, ws, xlsxwriter: bool):
        self.ws, self.xw, self.row = ws, xlsxwriter, 0

    def append(self, values: list) -> None:
        if self.xw:
            self.ws.write_row(self.row, 0, values)
        else:
            self.ws.append(values)
        self.row += 1


def _fnum(rng: random.Random, x: float, decimals: int = 2) -> float:
    return round(x, decimals)


def _id_text(x: float) -> str:
    """1234567.89 -> '1.234.567,89' (how a planner types Rupiah into a text cell)."""
    whole, frac = f"{x:,.2f}".split(".")
    return whole.replace(",", ".") + "," + frac


def national_sizes(scale: float) -> tuple[int, int, int]:
    """(regions, years, award rows) for ``scale`` x n; rows scale linearly with ``scale``."""
    if scale <= 1:
        regions = max(2, round(NATIONAL_REGIONS * scale))
        years = NATIONAL_YEARS
    else:
        regions = NATIONAL_REGIONS
        years = round(NATIONAL_YEARS * scale)
    awards = round(NATIONAL_AWARDS * regions * years / (NATIONAL_REGIONS * NATIONAL_YEARS))
    return regions, years, awards


def _chosen(reg: list[dict[str, str]], regions: int, rng: random.Random) -> list[dict[str, str]]:
    return reg if regions >= len(reg) else sorted(rng.sample(reg, regions), key=lambda r: r["kemendagri_code"])


def national_codes(regions: int = NATIONAL_REGIONS, seed: int = 9) -> list[str]:
    """The Kemendagri codes :func:`national` writes for ``regions`` and ``seed``."""
    return [r["kemendagri_code"] for r in _chosen(_regions(), regions, random.Random(seed))]


def national(out: Path, *, regions: int = NATIONAL_REGIONS, years: int = NATIONAL_YEARS,
             awards: int = NATIONAL_AWARDS, seed: int = 9) -> Path:
    """Write the national workbook for the default rubric; return its path."""
    rng = random.Random(seed)
    reg = _regions()
    wel = _welfare()
    chosen = _chosen(reg, regions, rng)
    first_year = LAST_YEAR - years + 1
    wb = _Book(out)

    ws = wb.sheet("wilayah")
    ws.append(["DATA INDIKATOR SMART CITY KABUPATEN/KOTA — DATA SINTETIS UNTUK BENCHMARK (bukan data resmi)"])
    ws.append([])
    ws.append(NATIONAL_HEADERS)
    typed = {}
    for region in chosen:
        title = region["name_title"]
        if title.startswith("Kabupaten ") and rng.random() < 0.2:
            title = "Kab. " + title[len("Kabupaten "):]
        typed[region["kemendagri_code"]] = title
    no = 0
    for region in chosen:
        code = region["kemendagri_code"]
        w = wel.get(code, {})
        pop0 = float(region["population"] or 100_000) * 0.9
        kota = region["type"] == "kota"
        base = {
            "sakip": rng.uniform(50, 88), "spbe": rng.uniform(1.5, 4.2), "inov": rng.uniform(20, 80),
            "omb": rng.uniform(45, 95), "dig": rng.randint(2, 60 if kota else 30),
            "tour": rng.uniform(0.2, 8.0) * pop0, "padcap": rng.uniform(150_000, 2_500_000 if kota else 900_000),
            "pov": float(w.get("poverty_rate_pct") or rng.uniform(3, 25)),
            "tpt": float(w.get("open_unemployment_rate_pct") or rng.uniform(2, 9)),
            "uhh": float(w.get("life_expectancy_years") or rng.uniform(62, 74)),
            "san": float(w.get("hh_adequate_sanitation_pct") or rng.uniform(50, 95)),
            "air": float(w.get("hh_safe_drinking_water_pct") or rng.uniform(60, 99)),
            "rls": float(w.get("mean_years_schooling_15plus") or rng.uniform(6, 11)),
            "waste": rng.uniform(30, 85), "rth": rng.uniform(5, 30),
        }
        for k, year in enumerate(range(first_year, LAST_YEAR + 1)):
            no += 1
            t = k - (years - 1)  # 0 in the last year
            pop = round(pop0 * (1.011 ** k))
            sakip = min(99.0, max(30.0, base["sakip"] + 0.8 * k + rng.gauss(0, 2)))
            sakip_cell: object = _fnum(rng, sakip)
            if rng.random() < 0.3:  # written as the predicate instead of the score
                sakip_cell = next((c for c, v in SAKIP if sakip >= v - 5), "C")
            pad = base["padcap"] * pop * (1.04 ** t)
            revenue = pad / rng.uniform(0.05, 0.35 if kota else 0.15)
            tax = pad * rng.uniform(0.3, 0.7)
            pad_cell: object = round(pad, 2)
            if rng.random() < 0.05:
                pad_cell = _id_text(pad)
            row = [
                no, typed[code], code, year, sakip_cell, rng.choice(RB),
                _fnum(rng, min(5.0, max(1.0, base["spbe"] + 0.05 * k + rng.gauss(0, 0.1)))),
                _fnum(rng, min(100.0, max(0.0, base["inov"] + rng.gauss(0, 5)))),
                _fnum(rng, min(100.0, max(0.0, base["omb"] + rng.gauss(0, 4)))),
                base["dig"] + k, "Ada" if (kota and rng.random() < 0.8) or rng.random() < 0.3 else "Tidak",
                round(base["tour"] * rng.uniform(0.8, 1.2)), pop, pad_cell, round(tax, 2), round(revenue, 2),
                _fnum(rng, max(0.5, base["pov"] - 0.2 * t + rng.gauss(0, 0.3))),
                _fnum(rng, max(0.5, base["tpt"] + rng.gauss(0, 0.4))),
                _fnum(rng, base["uhh"] + 0.15 * t),
                _fnum(rng, min(100.0, max(0.0, base["san"] + 0.8 * t + rng.gauss(0, 1)))),
                _fnum(rng, min(100.0, max(0.0, base["air"] + 0.5 * t + rng.gauss(0, 1)))),
                _fnum(rng, base["rls"] + 0.05 * t),
                _fnum(rng, min(100.0, max(0.0, base["waste"] + rng.gauss(0, 3)))),
                _fnum(rng, min(100.0, max(0.0, base["rth"] + rng.gauss(0, 1)))),
                "sintetis (benchmark)", "LHE SAKIP sintetis",
            ]
            for j in range(6, 24):  # a few blank cells, as in real submissions
                if rng.random() < 0.01:
                    row[j] = None
            ws.append(row)

    op = wb.sheet("opini_bpk")
    op.append(["Wilayah", "Kode", "Tahun", "Opini", "Sumber"])
    for region in chosen:
        code = region["kemendagri_code"]
        good = rng.uniform(0.5, 0.97)
        for year in range(first_year, LAST_YEAR + 1):
            p = rng.random()
            opinion = "WTP" if p < good else ("WDP" if p < good + (1 - good) * 0.8 else rng.choice(("TW", "TMP")))
            if opinion == "WTP" and rng.random() < 0.05:
                opinion = "WTP-DPP"
            op.append([typed[code], code, year, opinion, f"LHP BPK atas LKPD {year} (sintetis)"])

    aw = wb.sheet("penghargaan")
    aw.append(["Wilayah", "Kode", "Tahun", "Penghargaan", "Kategori", "Tingkat", "Jumlah", "Pemberi",
                        "Sumber"])
    # awards concentrate on some regions (a few collect hundreds), like real award lists
    weights = [rng.paretovariate(1.3) for _ in chosen]
    picks = rng.choices(range(len(chosen)), weights=weights, k=awards)
    for r, i in enumerate(picks, start=1):
        region = chosen[i]
        cat = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
        year = rng.randint(first_year, LAST_YEAR)
        aw.append([typed[region["kemendagri_code"]], region["kemendagri_code"], year,
                   f"Penghargaan {cat} {year} #{r}", cat, rng.choice(LEVELS),
                   1 if rng.random() < 0.9 else rng.randint(2, 5), rng.choice(GIVERS),
                   "daftar penghargaan Bagian Humas (sintetis)"])
    wb.close()
    return out


# ---------------------------------------------------------------------------------------- village

def village_units(units: int, seed: int = 9) -> list[dict[str, object]]:
    """``units`` synthetic desa/kelurahan spread over the 514 kab/kota like the real ones."""
    rng = random.Random(seed)
    reg = _regions()
    real = [int(r["n_desa"] or 0) + int(r["n_kelurahan"] or 0) + int(r.get("n_desa_adat") or 0) for r in reg]
    total = sum(real)
    counts = [math.floor(units * c / total) for c in real]
    short = units - sum(counts)
    for i in sorted(range(len(reg)), key=lambda i: -(units * real[i] / total - counts[i]))[:short]:
        counts[i] += 1
    out: list[dict[str, object]] = []
    for region, n in zip(reg, counts):
        if n == 0:
            continue
        n_kec = max(1, int(region["n_kecamatan"] or 1))
        share_kel = int(region["n_kelurahan"] or 0) / max(1, int(region["n_desa"] or 0) + int(region["n_kelurahan"] or 0))
        pop_each = float(region["population"] or 100_000) / n
        area_each = float(region["area_km2"] or 100) / n
        for j in range(n):
            kec = j % n_kec + 1
            kel = rng.random() < share_kel
            seq = j // n_kec + 1  # the unit's number within its kecamatan: codes keep 4 digits at 2n
            code = f"{region['kemendagri_code']}.{kec:02d}.{1 if kel else 2}{seq:03d}"
            prefix = "Kelurahan" if kel else "Desa"
            base = VILLAGE_BASES[rng.randrange(len(VILLAGE_BASES))]
            out.append({
                "code": code, "name": f"{prefix} {base} {code}", "type": "kelurahan" if kel else "desa",
                "province": region["province_name"], "kabkota": region["name_title"],
                "population": max(100, round(pop_each * rng.lognormvariate(0, 0.5))),
                "area_km2": round(area_each * rng.lognormvariate(0, 0.6), 3),
                "lat": round(float(region["lat"] or 0) + rng.gauss(0, 0.1), 6),
                "lng": round(float(region["lng"] or 0) + rng.gauss(0, 0.1), 6),
            })
    return out


def village_rubric_text(indicators: int = VILLAGE_INDICATORS, dimensions: int = 5) -> str:
    """A rubric with ``indicators`` numeric columns v01.. in ``dimensions`` dimensions."""
    lines = [
        "# Generated by benchmarks/generate.py: synthetic village-scale rubric (benchmark only).",
        "id: village_bench", 'version: "bench"',
        "name: {id: Benchmark desa/kelurahan (sintetis), en: Village benchmark (synthetic)}",
        "scoring: {normalisation: minmax, aggregation: arithmetic, scale: predikat}",
        "scales:", "  predikat:", "    name: {id: Predikat, en: Grade}", "    kind: bands",
        "    grades:",
    ]
    for code, lo, hi in (("A", 80, 100), ("B", 60, 80), ("C", 40, 60), ("D", 0, 40)):
        lines.append(f"      - {{code: {code}, label: {{id: {code}, en: {code}}}, min: {lo}, max: {hi}}}")
    lines.append("columns:")
    for k in range(1, indicators + 1):
        kind = ("number", "percent", "integer", "number")[k % 4]
        bounds = {"number": "min: 0, max: 100", "percent": "min: 0, max: 100", "integer": "min: 0"}[kind]
        lines.append(f"  v{k:02d}: {{label: {{id: Indikator {k}, en: Indicator {k}}}, type: {kind}, {bounds}}}")
    lines.append("dimensions:")
    per = math.ceil(indicators / dimensions)
    for d in range(dimensions):
        members = list(range(d * per + 1, min(indicators, (d + 1) * per) + 1))
        if not members:
            break
        lines += [f"  - id: d{d + 1}", f"    name: {{id: Dimensi {d + 1}, en: Dimension {d + 1}}}", "    weight: 1",
                  "    indicators:"]
        for k in members:
            kind = ("number", "percent", "count", "number")[k % 4]
            direction = ", direction: lower" if k % 7 == 0 else ""
            lines.append(f"      - {{id: i{k:02d}, name: {{id: Indikator {k}, en: Indicator {k}}}, kind: {kind}, "
                         f"column: v{k:02d}, weight: {1 + (k % 3) * 0.5}{direction}}}")
    return "\n".join(lines) + "\n"


def village(out: Path, *, units: int = VILLAGE_UNITS, indicators: int = VILLAGE_INDICATORS, seed: int = 9
            ) -> tuple[Path, Path, Path]:
    """Write the village workbook, its rubric and its unit registry; return the three paths."""
    rng = random.Random(seed + 1)
    rows = village_units(units, seed)
    wb = _Book(out)
    ws = wb.sheet("wilayah")
    ws.append(["No.", "Wilayah", "Provinsi", *[f"v{k:02d}" for k in range(1, indicators + 1)]])
    kinds = [("number", "percent", "integer", "number")[k % 4] for k in range(1, indicators + 1)]
    centre = [rng.uniform(20, 80) for _ in kinds]
    for i, u in enumerate(rows, start=1):
        values: list[object] = []
        for kind, c in zip(kinds, centre):
            if rng.random() < 0.01:
                values.append(None)
            elif kind == "integer":
                values.append(int(rng.expovariate(1 / c)))
            else:
                values.append(round(min(100.0, max(0.0, rng.gauss(c, 12))), 2))
        ws.append([i, u["name"], u["province"], *values])
    wb.close()

    rubric = out.with_suffix(".rubric.yaml")
    rubric.write_text(village_rubric_text(indicators), encoding="utf-8")
    registry = out.with_suffix(".registry.csv")
    with registry.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["kemendagri_code", "code", "name", "name_title", "type", "is_autonomous", "province_code",
                    "province_name", "n_kecamatan", "n_kelurahan", "n_desa", "n_desa_adat", "lat", "lng", "area_km2",
                    "population"])
        for u in rows:
            code = str(u["code"])
            kel = u["type"] == "kelurahan"
            w.writerow([code, code.replace(".", ""), str(u["name"]).upper(), u["name"], u["type"], True, code[:2],
                        u["province"], 0, int(kel), int(not kel), 0, u["lat"], u["lng"], u["area_km2"],
                        u["population"]])
    return out, rubric, registry


PANEL_INDICATORS = 60


def panel(out_dir: Path, *, indicators: int = PANEL_INDICATORS, seed: int = 9) -> tuple[Path, Path, Path]:
    """The COINr-shaped panel of issue 17: every one of the 514 kabupaten/kota (real codes and
    names) x ``indicators`` numeric indicators in 6 dimensions, written as ``panel_514x60.xlsx``
    and, with the same numbers, ``panel_514x60.csv`` (as pandas writes it: dot decimals), plus
    ``panel_514x60.rubric.yaml`` (min-max, arithmetic means, no outlier treatment). Synthetic
    values; only the shape matters."""
    import csv as _csv

    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    reg = _regions()
    stem = out_dir / f"panel_514x{indicators}"
    header = ["kode", "wilayah"] + [f"v{k:02d}" for k in range(1, indicators + 1)]
    rows = []
    for r in reg:
        rows.append([r["kemendagri_code"], r["name_title"]] +
                    [round(rng.lognormvariate(3, 0.6), 6) if k % 5 == 0 else round(rng.uniform(0, 100), 6)
                     for k in range(1, indicators + 1)])
    csv_path = stem.with_suffix(".csv")
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        w = _csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows([row[:2] + [repr(float(v)) for v in row[2:]] for row in rows])
    xlsx_path = stem.with_suffix(".xlsx")
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("wilayah")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(xlsx_path)
    rubric = village_rubric_text(indicators, 6).replace("id: village_bench", "id: panel_bench").replace(
        "synthetic village-scale rubric", "synthetic COINr-shaped 514 x 60 panel rubric")
    rubric = rubric.replace("type: integer, min: 0", "type: number, min: 0").replace("kind: count", "kind: number")
    rubric = rubric.replace("min: 0, max: 100}", "min: 0}")
    rubric += "outliers: {method: none}\nmissing: {method: exclude, min_coverage: 0}\n"
    rubric_path = stem.with_suffix(".rubric.yaml")
    rubric_path.write_text(rubric, encoding="utf-8")
    return xlsx_path, csv_path, rubric_path


def default_path(kind: str, scale: float, units: int | None = None, data_dir: Path | None = None) -> Path:
    tag = f"{scale:g}".replace(".", "p")
    extra = f"_u{units}" if units else ""
    return (data_dir or DATA_DIR) / f"{kind}_{tag}{extra}.xlsx"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=("national", "village"))
    ap.add_argument("--scale", type=float, default=1.0, help="size as a multiple of n (0.5, 1, 2 ...)")
    ap.add_argument("--units", type=int, default=None, help="village: units at scale 1 (default 84000)")
    ap.add_argument("--indicators", type=int, default=VILLAGE_INDICATORS, help="village: numeric indicators")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("-o", "--output", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.kind == "national":
        regions, years, awards = national_sizes(args.scale)
        out = args.output or default_path("national", args.scale)
        national(out, regions=regions, years=years, awards=awards, seed=args.seed)
        print(f"{out}: {regions} regions x {years} years, {regions * years} opinions, {awards} awards")
    else:
        units = round((args.units or VILLAGE_UNITS) * args.scale)
        out = args.output or default_path("village", args.scale, args.units)
        paths = village(out, units=units, indicators=args.indicators, seed=args.seed)
        print(f"{paths[0]}: {units} units x {args.indicators} indicators; rubric {paths[1].name}; "
              f"registry {paths[2].name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
