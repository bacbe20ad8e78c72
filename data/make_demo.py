"""Regenerate the demo workspace data/demo/ — a fictional province after the 2025 reorganisation.

Tỉnh ủy Lạc Hồng (fictional): 40 commune and ward party committees directly under the province, plus
the provincial sector committees (Đảng bộ các cơ quan Đảng tỉnh, Đảng bộ Ủy ban nhân dân tỉnh with
grassroots committees under it, Quân sự, Công an), about 600 party cells; one workbook per committee
listing its cells, for 2025 and 2026. Deterministic: the same script writes the same bytes.

The province adds an indicator of its own, an amount (indicators.toml): the money its cells' models raised,
typed in triệu đồng (a few cells typed as text, "45,5", as clerks do), shown in the report's summary table,
its annex and a chart (report.toml).

    python data/make_demo.py            # rewrite data/demo/
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import xlsxwriter

OUT = Path(__file__).resolve().parent / "demo"
FIXED = datetime(2026, 1, 1)

COMMUNES = [
    ("xã", "Tân Lập"), ("xã", "Hòa Bình"), ("phường", "Trung Tâm"), ("xã", "Phú Xuân"), ("xã", "Yên Thịnh"),
    ("phường", "Hồng Phong"), ("xã", "Thanh Sơn"), ("xã", "Đồng Tâm"), ("xã", "An Khánh"), ("phường", "Lạc Viên"),
    ("xã", "Minh Đức"), ("xã", "Quang Trung"), ("xã", "Nghĩa Hưng"), ("phường", "Bắc Sơn"), ("xã", "Thủy Nguyên"),
    ("xã", "Kim Liên"), ("xã", "Vĩnh Phúc"), ("phường", "Đông Hải"), ("xã", "Cao Phong"), ("xã", "Tiên Lãng"),
    ("xã", "Hương Sơn"), ("phường", "Nam Thành"), ("xã", "Mường Khoa"), ("xã", "Bản Lầm"), ("xã", "Tà Xùa"),
    ("phường", "Tây Hồ"), ("xã", "Quỳnh Lưu"), ("xã", "Diễn Châu"), ("xã", "Hoằng Hóa"), ("phường", "Sông Cầu"),
    ("xã", "Thạch Thất"), ("xã", "Ba Vì"), ("xã", "Đức Thọ"), ("phường", "Hà Tĩnh"), ("xã", "Kỳ Anh"),
    ("xã", "Cẩm Xuyên"), ("xã", "Hương Khê"), ("phường", "Thành Sen"), ("xã", "Nghi Xuân"), ("xã", "Lộc Hà"),
]
VILLAGE_WORDS = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân Phú", "An Lạc", "Đồng Xuân",
                 "Phú Mỹ", "Hòa Thuận", "Thanh Bình", "Xuân Lộc", "Minh Tân", "Hợp Tiến"]
INSTITUTIONS = ["Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở", "Trạm Y tế", "Cơ quan Ủy ban nhân dân",
                "Cơ quan Đảng, đoàn thể"]
UBND_BASES = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Nông nghiệp và Môi trường"]
PARTY_AGENCY_CELLS = ["Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                      "Ủy ban Kiểm tra Tỉnh ủy", "Ban Nội chính Tỉnh ủy", "Báo Lạc Hồng", "Trường Chính trị tỉnh",
                      "Mặt trận Tổ quốc tỉnh"]

MONEY = "tien_mo_hinh"  # the province's own indicator (indicators.toml below): money raised by models
MONEY_LABEL = "Số tiền các mô hình huy động được"
# Sheet columns: (header as the unit typed it, indicator key). 2025 sheets use other spellings.
COLUMNS_2026 = [
    ("Số đảng viên", "so_dang_vien"),
    ("Số cán bộ, đảng viên đăng ký học tập và làm theo", "dang_vien_dang_ky"),
    ("Số đảng viên tham gia học tập chuyên đề", "dang_vien_hoc_tap"),
    ("Số lượt quần chúng tham gia học tập chuyên đề", "luot_quan_chung_hoc_tap"),
    ("Số cán bộ chủ chốt", "can_bo_chu_chot"),
    ("Số cán bộ chủ chốt đăng ký làm theo", "can_bo_chu_chot_dang_ky"),
    ("Số chi bộ xây dựng kế hoạch thực hiện", "chi_bo_xay_dung_ke_hoach"),
    ("Số chi bộ đưa nội dung học tập và làm theo Bác vào sinh hoạt định kỳ", "chi_bo_dua_vao_sinh_hoat"),
    ("Số kỳ sinh hoạt định kỳ trong năm", "so_ky_sinh_hoat_dinh_ky"),
    ("Số kỳ sinh hoạt chuyên đề trong năm", "so_ky_sinh_hoat_chuyen_de"),
    ("Số tập thể đăng ký mô hình làm theo", "tap_the_dang_ky_mo_hinh"),
    ("Số cá nhân đăng ký mô hình làm theo", "ca_nhan_dang_ky_mo_hinh"),
    ("Số mô hình học tập và làm theo Bác xây dựng mới", "mo_hinh_moi"),
    ("Số mô hình được nhân rộng", "mo_hinh_nhan_rong"),
    (f"{MONEY_LABEL} (triệu đồng)", MONEY),
    ("Số hội nghị học tập, quán triệt chuyên đề", "hoi_nghi_hoc_tap"),
    ("Số lượt cán bộ, đảng viên tham gia học tập", "luot_tham_gia_hoc_tap"),
    ("Số tập thể được biểu dương, khen thưởng", "tap_the_khen_thuong"),
    ("Số cá nhân được biểu dương, khen thưởng", "ca_nhan_khen_thuong"),
    ("Số cuộc kiểm tra, giám sát việc thực hiện", "cuoc_kiem_tra_giam_sat"),
    ("Số sáng kiến, cách làm hay được ghi nhận", "sang_kien"),
    ("Số tin, bài tuyên truyền", "tin_bai_tuyen_truyen"),
    ("Hoàn thành xuất sắc nhiệm vụ", "xep_loai_htxs"),
    ("Hoàn thành tốt nhiệm vụ", "xep_loai_htt"),
    ("Hoàn thành nhiệm vụ", "xep_loai_ht"),
    ("Không hoàn thành nhiệm vụ", "xep_loai_kht"),
]
ALIASES_2025 = {
    "so_dang_vien": "Tổng số đảng viên",
    "dang_vien_dang_ky": "Số ĐV xây dựng kế hoạch làm theo",
    "dang_vien_hoc_tap": "Số ĐV tham gia học tập chuyên đề",
    "can_bo_chu_chot_dang_ky": "Số cán bộ chủ chốt đăng ký nêu gương",
    "mo_hinh_moi": "Mô hình xây dựng mới",
    "mo_hinh_nhan_rong": "Mô hình nhân rộng",
}


def build_units() -> list[dict[str, str]]:
    units = [{"code": "00", "name": "Đảng bộ tỉnh Lạc Hồng", "parent": "", "level": "tinh"}]
    rng = random.Random(5)
    for i, (kind, name) in enumerate(COMMUNES, start=1):
        code = f"{i:02d}"
        units.append({"code": code, "name": f"Đảng bộ {kind} {name}", "parent": "00", "level": "xa"})
        village = "tổ dân phố" if kind == "phường" else "thôn"
        n_villages = rng.randint(7, 12)
        words = rng.sample(VILLAGE_WORDS, k=min(n_villages, len(VILLAGE_WORDS)))
        cells = [f"Chi bộ {village} {w}" for w in words]
        cells += [f"Chi bộ {inst}" for inst in rng.sample(INSTITUTIONS, k=rng.randint(3, 5))]
        for j, cell in enumerate(cells, start=1):
            units.append({"code": f"{code}.{j:03d}", "name": cell, "parent": code, "level": "chi_bo"})
    units.append({"code": "41", "name": "Đảng bộ các cơ quan Đảng tỉnh", "parent": "00", "level": "dang_bo_truc_thuoc"})
    for j, name in enumerate(PARTY_AGENCY_CELLS, start=1):
        units.append({"code": f"41.{j:03d}", "name": f"Chi bộ {name}", "parent": "41", "level": "chi_bo"})
    units.append({"code": "42", "name": "Đảng bộ Ủy ban nhân dân tỉnh", "parent": "00", "level": "dang_bo_truc_thuoc"})
    for b, base in enumerate(UBND_BASES, start=1):
        bcode = f"42.{b:02d}"
        units.append({"code": bcode, "name": f"Đảng bộ {base}", "parent": "42", "level": "co_so"})
        for j, dept in enumerate(["Văn phòng", "Phòng Kế hoạch", "Phòng Nghiệp vụ", "Thanh tra", "Trung tâm trực thuộc"][:rng.randint(3, 5)], start=1):
            units.append({"code": f"{bcode}.{j:02d}", "name": f"Chi bộ {dept} {base}", "parent": bcode, "level": "chi_bo"})
    units.append({"code": "43", "name": "Đảng bộ Quân sự tỉnh", "parent": "00", "level": "dang_bo_truc_thuoc"})
    for j in range(1, 11):
        units.append({"code": f"43.{j:03d}", "name": f"Chi bộ Đơn vị {j}, Bộ Chỉ huy Quân sự tỉnh", "parent": "43", "level": "chi_bo"})
    units.append({"code": "44", "name": "Đảng bộ Công an tỉnh", "parent": "00", "level": "dang_bo_truc_thuoc"})
    for j in range(1, 13):
        units.append({"code": f"44.{j:03d}", "name": f"Chi bộ Phòng {j}, Công an tỉnh", "parent": "44", "level": "chi_bo"})
    return units


def cell_figures(code: str, year: int) -> dict[str, int]:
    """One cell's figures: a stable base per cell (members, habits) with small year-to-year changes,
    so that the year-on-year check has nothing to say about the demo."""
    base = random.Random(f"base:{code}")
    rng = random.Random(f"{code}:{year}")
    better = 1 if year >= 2026 else 0
    m = max(5, base.randint(9, 58) + rng.randint(-2, 2))
    kc = base.randint(2, 5)
    hoi_nghi = max(1, base.randint(1, 3) + rng.randint(0, 1))
    rating = rng.choices(["xep_loai_htxs", "xep_loai_htt", "xep_loai_ht", "xep_loai_kht"], [16, 70, 12, 2])[0]
    f = {
        "so_dang_vien": m,
        "dang_vien_dang_ky": m - min(m, rng.choice([0, 0, 0, 0, 0, 1, 1, 2, 3, 5][:10 - better])),
        "dang_vien_hoc_tap": m - min(m, rng.choice([0, 0, 0, 1, 1, 2, 3][:7 - better])),
        "luot_quan_chung_hoc_tap": m * base.randint(3, 6) + rng.randint(0, m),
        "can_bo_chu_chot": kc,
        "can_bo_chu_chot_dang_ky": kc if rng.random() < 0.96 + 0.02 * better else kc - 1,
        "chi_bo_xay_dung_ke_hoach": 1 if rng.random() < 0.95 + 0.03 * better else 0,
        "chi_bo_dua_vao_sinh_hoat": 1 if rng.random() < 0.93 + 0.03 * better else 0,
        "so_ky_sinh_hoat_dinh_ky": 12 if rng.random() < 0.88 + 0.04 * better else rng.randint(9, 11),
        "so_ky_sinh_hoat_chuyen_de": rng.randint(4, 6) if rng.random() < 0.72 + 0.05 * better else rng.randint(2, 3),
        "tap_the_dang_ky_mo_hinh": rng.randint(0, 2),
        "ca_nhan_dang_ky_mo_hinh": rng.randint(0, m // 4),
        "mo_hinh_moi": rng.choice([0, 1, 1, 1, 2, 2, 3]),
        "mo_hinh_nhan_rong": rng.choice([0, 0, 1, 1, 2]),
        "hoi_nghi_hoc_tap": hoi_nghi,
        "luot_tham_gia_hoc_tap": sum(m - rng.randint(0, max(1, m // 15)) for _ in range(hoi_nghi)),
        "tap_the_khen_thuong": 1 if rng.random() < 0.12 else 0,
        "ca_nhan_khen_thuong": rng.choice([0, 0, 0, 1, 1, 2]),
        "cuoc_kiem_tra_giam_sat": rng.choice([0, 1, 1, 2]),
        "sang_kien": rng.choice([0, 0, 1, 1, 2]),
        "tin_bai_tuyen_truyen": rng.randint(0, 6),
        "xep_loai_htxs": 0, "xep_loai_htt": 0, "xep_loai_ht": 0, "xep_loai_kht": 0,
    }
    f[rating] = 1
    return f


def money_raised(code: str, year: int, models: int) -> float:
    """Money a cell's models raised, in triệu đồng with one decimal (its own generator: the other figures
    stay what they were before the province added this indicator)."""
    rng = random.Random(f"money:{code}:{year}")
    return round(sum(rng.uniform(4, 65) for _ in range(models)), 1)


def write_workbook(path: Path, committee: dict[str, str], cells: list[dict[str, str]], year: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"created": FIXED, "author": committee["name"]})
    ws = wb.add_worksheet("Biểu 01")
    title = wb.add_format({"bold": True, "align": "center", "font_name": "Times New Roman", "font_size": 12})
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1,
                          "font_name": "Times New Roman", "font_size": 10})
    text = wb.add_format({"border": 1, "font_name": "Times New Roman", "font_size": 11})
    num = wb.add_format({"border": 1, "font_name": "Times New Roman", "font_size": 11, "num_format": "#,##0"})
    money = wb.add_format({"border": 1, "font_name": "Times New Roman", "font_size": 11, "num_format": "#,##0.0"})
    by_name_only = year == 2025 and committee["level"] == "xa"  # 2025 commune sheets name cells, no codes
    headers = ["STT"] + ([] if by_name_only else ["Mã đơn vị"]) + ["Tên chi bộ"]
    headers += [ALIASES_2025.get(k, h) if year == 2025 else h for h, k in COLUMNS_2026]
    last = len(headers) - 1
    ws.merge_range(0, 0, 0, 5, "ĐẢNG BỘ TỈNH LẠC HỒNG", title)
    ws.merge_range(1, 0, 1, 5, committee["name"].upper(), title)
    ws.merge_range(3, 0, 3, last, f"BIỂU TỔNG HỢP KẾT QUẢ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH "
                                  f"HỒ CHÍ MINH NĂM {year}", title)
    ws.set_row(5, 75)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1 if by_name_only else 2, 30 if by_name_only else 10)
    if not by_name_only:
        ws.set_column(2, 2, 34)
    ws.set_column(len(headers) - len(COLUMNS_2026), last, 12)
    for c, h in enumerate(headers):
        ws.write(5, c, h, head)
    for i, cell in enumerate(cells, start=1):
        r = 5 + i
        figures: dict[str, int | float | str] = dict(cell_figures(cell["code"], year))
        raised = money_raised(cell["code"], year, int(figures["mo_hinh_moi"]) + int(figures["mo_hinh_nhan_rong"]))
        typed_as_text = random.Random(f"text:{cell['code']}:{year}").random() < 0.08  # "45,5" in a text cell
        figures[MONEY] = f"{raised:g}".replace(".", ",") if typed_as_text else raised
        values = [i] + ([] if by_name_only else [cell["code"]]) + [cell["name"]] + [figures[k] for _, k in COLUMNS_2026]
        for c, v in enumerate(values):
            style = money if isinstance(v, float) else num if isinstance(v, int) and c > 0 else text
            ws.write_string(r, c, v, style) if isinstance(v, str) else ws.write(r, c, v, style)
    ws.freeze_panes(6, 0)
    wb.close()


DM05_TOML = '''\
# Thư mục làm việc mẫu của dm05: Tỉnh ủy Lạc Hồng (tỉnh giả định, cơ cấu sau sắp xếp năm 2025).
schema = 1

# Nơi nhận: mỗi dòng một nơi; dm05 tự thêm "- " ở đầu, dấu phẩy cuối dòng và dấu chấm ở dòng cuối.
recipients = [
  "Ban Bí thư Trung ương Đảng (để báo cáo)",
  "Ban Tuyên giáo và Dân vận Trung ương (để báo cáo)",
  "Các đồng chí Tỉnh ủy viên",
  "Các đảng ủy trực thuộc Tỉnh ủy",
  "Lưu Văn phòng Tỉnh ủy",
]

[issuer]
superior = "ĐẢNG BỘ TỈNH LẠC HỒNG"
name = "TỈNH ỦY LẠC HỒNG"
place = "Lạc Hồng"
body = "Ban Thường vụ Tỉnh ủy"
area = "toàn Đảng bộ tỉnh"

[number]
number = ""      # để trống: Văn phòng ghi số khi phát hành
type = "BC"
body = "TU"

[signer]
on_behalf = "T/M BAN THƯỜNG VỤ"
title = "PHÓ BÍ THƯ THƯỜNG TRỰC"
name = "Nguyễn Văn An"

[report]
date = "2026-12-10"

[themes]
"2025" = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc"
"2026" = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc"
'''


INDICATORS_TOML = f'''\
# Chỉ tiêu riêng của Tỉnh ủy Lạc Hồng, thêm vào danh mục dựng sẵn (xem: dm05 indicators data/demo).
[[indicator]]
key = "{MONEY}"
label = "{MONEY_LABEL}"
aliases = ["Số tiền huy động từ mô hình", "Kinh phí các mô hình huy động"]
kind = "amount"          # số tiền: cộng chính xác đến từng đồng
temporal = "flow"        # phát sinh trong kỳ: báo cáo nhiều năm cộng các năm
input_unit = "triệu đồng"  # ô chỉ ghi số (không ghi đơn vị) là triệu đồng
table_unit = "triệu đồng"  # bảng tổng hợp, phụ lục ghi theo triệu đồng
'''

REPORT_TOML = f'''\
# Báo cáo của Tỉnh ủy Lạc Hồng: bảng tổng hợp có thêm số tiền các mô hình huy động (sau hai dòng mô hình), và
# một biểu đồ của số tiền đó. Chỉ tiêu riêng tự có cột trong Phụ lục số 1; ở đây đặt tên cột ngắn hơn.
[summary]
rows = [
  ["so_chi_bo"],
  ["so_dang_vien"],
  ["dang_vien_dang_ky", "ti_le_dang_vien_dang_ky"],
  ["can_bo_chu_chot_dang_ky", "ti_le_can_bo_chu_chot_dang_ky"],
  ["dang_vien_hoc_tap", "ti_le_dang_vien_hoc_tap"],
  ["luot_quan_chung_hoc_tap"],
  ["chi_bo_xay_dung_ke_hoach", "ti_le_chi_bo_xay_dung_ke_hoach"],
  ["chi_bo_dua_vao_sinh_hoat", "ti_le_chi_bo_dua_vao_sinh_hoat"],
  ["chi_bo_sinh_hoat_du_12_ky", "ti_le_chi_bo_sinh_hoat_du_12_ky"],
  ["chi_bo_sinh_hoat_chuyen_de", "ti_le_chi_bo_sinh_hoat_chuyen_de"],
  ["mo_hinh_moi"],
  ["mo_hinh_nhan_rong"],
  ["{MONEY}"],
  ["tap_the_khen_thuong"],
  ["ca_nhan_khen_thuong"],
]

[annex]
add = [{{ key = "{MONEY}", label = "Tiền mô hình huy động (triệu đồng)", width = 16 }}]

[[charts.add]]
title = "{MONEY_LABEL}"
caption = "{MONEY_LABEL} (triệu đồng)"
series = [{{ key = "{MONEY}", legend = "Số tiền huy động" }}]
'''


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "inbox").mkdir(parents=True)
    units = build_units()
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["code", "name", "parent", "level"], lineterminator="\n")
    w.writeheader()
    w.writerows(units)
    (OUT / "units.csv").write_text(buf.getvalue(), encoding="utf-8")
    (OUT / "dm05.toml").write_text(DM05_TOML, encoding="utf-8")
    (OUT / "indicators.toml").write_text(INDICATORS_TOML, encoding="utf-8")
    (OUT / "report.toml").write_text(REPORT_TOML, encoding="utf-8")
    by_parent: dict[str, list[dict[str, str]]] = {}
    for u in units:
        by_parent.setdefault(u["parent"], []).append(u)
    leaves = lambda code: [c for c in _walk(code, by_parent) if not by_parent.get(c["code"])]  # noqa: E731
    for year in (2025, 2026):
        folder = OUT / "inbox" / str(year)
        folder.mkdir()
        for committee in by_parent["00"]:
            name = f"{committee['code']} - {committee['name']}.xlsx"
            write_workbook(folder / name, committee, leaves(committee["code"]), year)
    write_receipts(OUT)
    print(f"wrote {OUT} ({len(units)} units)")
    return 0


def write_receipts(root: Path) -> None:
    """receipts.csv as dm05 receive writes it: every inbox file received in the first days of December
    (a few after the 5th), so that no command run on the demo has a file to record."""
    rng = random.Random(5)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "received_at", "how", "size", "sha256", "original"])
    for path in sorted((root / "inbox").rglob("*.xlsx"), key=lambda p: p.as_posix()):
        year = int(path.parent.name)
        when = datetime(year, 12, 1, 7, 30) + timedelta(minutes=rng.randrange(0, 8 * 24 * 60))
        data = path.read_bytes()
        w.writerow([path.relative_to(root).as_posix(), when.isoformat(timespec="seconds") + "+07:00", "received",
                    len(data), hashlib.sha256(data).hexdigest(), f"Thư điện tử/{path.name}"])
    (root / "receipts.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def _walk(code: str, by_parent: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    out = []
    for child in by_parent.get(code, []):
        out.append(child)
        out.extend(_walk(child["code"], by_parent))
    return out


if __name__ == "__main__":
    sys.exit(main())
