"""Deterministic synthetic workspaces for the benchmark, at three scales.

    python bench/generate.py --scale district     # ~300 cells in 25 files
    python bench/generate.py --scale province     # ~15,000 cells in 1,500 files
    python bench/generate.py --scale national     # ~270,000 cells: one workbook per province, a sheet per district
    python bench/generate.py --scale province --previous   # also <scale>-previous and <scale>-previous-jumps

With ``--previous`` two more workspaces hold last year's inbox as well (``inbox/2025``, the same files: the
figures do not change, so no year-on-year warning adds to the work): ``<scale>-previous`` has the benchmark's
``jump_factor = 0`` (only the report's comparison with last year reads it), ``<scale>-previous-jumps`` the
default jump factor (validation's year-on-year check reads it too).

A few percent of the files are quirky the way clerks' files are: title rows above the header, a totals
row, numbers typed as text ("1.234"), columns in another order. The same scale always gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
from datetime import datetime
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dm05.indicators import load_catalogue  # noqa: E402

HERE = Path(__file__).resolve().parent
PERIOD = "2026"
PREVIOUS = "2025"
FIXED = datetime(2026, 1, 1)
# scale: (groups, units per group, cells per unit); district/province: files = groups * units per group
SCALES = {
    "district": dict(provinces=1, groups=1, files=25, cells=12),
    "province": dict(provinces=1, groups=30, files=50, cells=10),
    "national": dict(provinces=63, groups=11, files=1, cells=390),
}
# The indicators of a benchmark sheet, headed by their catalogue labels (the catalogue is the one place
# where labels live).
KEYS = ["so_dang_vien", "dang_vien_dang_ky", "dang_vien_hoc_tap", "luot_quan_chung_hoc_tap", "can_bo_chu_chot",
        "can_bo_chu_chot_dang_ky", "chi_bo_xay_dung_ke_hoach", "chi_bo_dua_vao_sinh_hoat", "so_ky_sinh_hoat_dinh_ky",
        "so_ky_sinh_hoat_chuyen_de", "tap_the_dang_ky_mo_hinh", "ca_nhan_dang_ky_mo_hinh", "mo_hinh_moi",
        "mo_hinh_nhan_rong", "hoi_nghi_hoc_tap", "luot_tham_gia_hoc_tap", "tap_the_khen_thuong", "ca_nhan_khen_thuong",
        "cuoc_kiem_tra_giam_sat", "sang_kien", "tin_bai_tuyen_truyen"]
COLUMNS = [(load_catalogue().by_key[k].label, k) for k in KEYS]

CONFIG = """schema = 1
recipients = ["Ban Bí thư Trung ương Đảng (để báo cáo)", "Lưu Văn phòng"]

[issuer]
superior = "ĐẢNG CỘNG SẢN VIỆT NAM"
name = "BAN CHẤP HÀNH ĐẢNG BỘ THỬ NGHIỆM"
place = "Hà Nội"
body = "Ban Thường vụ"

[number]
type = "BC"
body = "TN"

[signer]
on_behalf = "T/M BAN THƯỜNG VỤ"
title = "PHÓ BÍ THƯ"
name = "Nguyễn Văn A"

[report]
date = 2026-12-10

[validation]
jump_factor = 0
"""


def figures(rng: random.Random) -> list[int]:
    m = rng.randint(8, 60)
    kc = rng.randint(2, 5)
    return [m, m - rng.choice((0, 0, 0, 1, 2)), m - rng.choice((0, 0, 1, 2)), m * rng.randint(2, 6), kc,
            kc - (rng.random() < 0.05), int(rng.random() < 0.97), int(rng.random() < 0.95),
            12 if rng.random() < 0.9 else rng.randint(9, 11), rng.randint(2, 6), rng.randint(0, 2),
            rng.randint(0, m // 4), rng.randint(0, 3), rng.randint(0, 2), rng.randint(1, 4), m * rng.randint(1, 3),
            int(rng.random() < 0.1), rng.randint(0, 2), rng.randint(0, 2), rng.randint(0, 2), rng.randint(0, 5)]


def write_sheet(wb: xlsxwriter.Workbook, title: str, cells: list[tuple[str, str]], rng: random.Random,
                quirk: str) -> None:
    ws = wb.add_worksheet(title[:31])
    cols = list(COLUMNS)
    if quirk == "order":
        rng.shuffle(cols)
    r = 0
    if quirk in ("title", "totals"):
        ws.write(0, 0, title.upper())
        ws.write(1, 0, f"BIỂU TỔNG HỢP NĂM {PERIOD}")
        r = 3
    ws.write_row(r, 0, ["STT", "Mã đơn vị", "Tên chi bộ"] + [h for h, _ in cols])
    totals = [0] * len(cols)
    order = {k: i for i, (_, k) in enumerate(COLUMNS)}
    for i, (code, name) in enumerate(cells, start=1):
        values = figures(rng)
        row = [values[order[k]] for _, k in cols]
        totals = [a + b for a, b in zip(totals, row)]
        out: list[object] = [i, code, name, *row]
        if quirk == "text" and i % 3 == 0:
            out = [i, code, name, *[f"{v:,}".replace(",", ".") for v in row]]
        ws.write_row(r + i, 0, out)
    if quirk == "totals":
        ws.write_row(r + len(cells) + 1, 0, [None, None, "Tổng cộng", *totals])


def generate(scale: str, root: Path) -> Path:
    spec = SCALES[scale]
    ws_dir = root / scale
    if ws_dir.exists():
        shutil.rmtree(ws_dir)
    inbox = ws_dir / "inbox" / PERIOD
    inbox.mkdir(parents=True)
    (ws_dir / "dm05.toml").write_text(CONFIG, encoding="utf-8")
    rng = random.Random(f"dm05-bench-{scale}")
    units = io.StringIO()
    w = csv.writer(units, lineterminator="\n")
    w.writerow(["code", "name", "parent", "level"])
    w.writerow(["R", "Đảng bộ thử nghiệm", "", "goc"])
    quirks = ["plain"] * 24 + ["title", "totals", "text", "order"]
    for p in range(1, spec["provinces"] + 1):
        pcode = f"P{p:02d}"
        if spec["provinces"] > 1:
            w.writerow([pcode, f"Đảng bộ tỉnh {p:02d}", "R", "tinh"])
            wb = xlsxwriter.Workbook(str(inbox / f"{pcode} - Tỉnh {p:02d}.xlsx"), {"constant_memory": True})
            wb.set_properties({"created": FIXED})
        parent = pcode if spec["provinces"] > 1 else "R"
        for g in range(1, spec["groups"] + 1):
            gcode = f"{parent}.{g:02d}"
            if spec["groups"] > 1 or spec["provinces"] > 1:
                w.writerow([gcode, f"Đảng bộ cụm {g:02d} ({parent})", parent, "huyen" if spec["provinces"] > 1 else "cum"])
            else:
                gcode = parent
            for f in range(1, spec["files"] + 1):
                if spec["provinces"] > 1:
                    ucode = gcode  # national: one sheet per district lists its cells
                else:
                    ucode = f"{gcode}.{f:03d}"
                    w.writerow([ucode, f"Đảng bộ xã {f:03d} ({gcode})", gcode, "xa"])
                cells = [(f"{ucode}.{c:03d}", f"Chi bộ thôn {c:03d}") for c in range(1, spec["cells"] + 1)]
                for code, name in cells:
                    w.writerow([code, name, ucode, "chi_bo"])
                quirk = rng.choice(quirks)
                if spec["provinces"] > 1:
                    write_sheet(wb, f"Huyện {g:02d}", cells, rng, quirk)
                else:
                    book = xlsxwriter.Workbook(str(inbox / f"{ucode}.xlsx"))
                    book.set_properties({"created": FIXED})
                    write_sheet(book, "Biểu 01", cells, rng, quirk)
                    book.close()
        if spec["provinces"] > 1:
            wb.close()
    (ws_dir / "units.csv").write_text(units.getvalue(), encoding="utf-8")
    return ws_dir


def with_previous(ws_dir: Path, jumps: bool = False) -> Path:
    """A copy of the workspace ``ws_dir`` that also holds last year's inbox (see the module's docstring)."""
    dest = ws_dir.with_name(ws_dir.name + ("-previous-jumps" if jumps else "-previous"))
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ws_dir, dest)
    shutil.copytree(dest / "inbox" / PERIOD, dest / "inbox" / PREVIOUS)
    if jumps:
        config = dest / "dm05.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("jump_factor = 0\n", ""), encoding="utf-8")
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=list(SCALES), action="append", required=True)
    ap.add_argument("--out", type=Path, default=HERE / "work")
    ap.add_argument("--previous", action="store_true", help="also the workspaces with last year's inbox")
    args = ap.parse_args()
    for scale in args.scale:
        path = generate(scale, args.out)
        files = len(list((path / "inbox" / PERIOD).iterdir()))
        print(f"{scale}: {path} ({files} files)")
        if args.previous:
            for jumps in (False, True):
                print(f"{scale}: {with_previous(path, jumps)} (with inbox/{PREVIOUS})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
