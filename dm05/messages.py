"""The one catalogue of user-facing text: validation rules and error messages, Vietnamese and English.

Each entry is keyed by a stable code. Templates use ``str.format`` fields; tests assert codes and
locations, the wording may be improved freely.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Lang = Literal["vi", "en"]
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Rule:
    severity: Severity
    vi: str
    en: str


# Findings about input data (``dm05 validate``). Severity "error" makes the data unusable as sent.
RULES: dict[str, Rule] = {
    "file.unreadable": Rule(
        "error",
        "Không đọc được tệp: {reason}. Hãy mở tệp bằng Excel/LibreOffice, lưu lại dạng .xlsx rồi gửi lại.",
        "Cannot read the file: {reason}. Open it in Excel/LibreOffice, save it as .xlsx and resend.",
    ),
    "file.too_large": Rule(
        "error",
        "Tệp quá lớn ({size}, giới hạn {limit}); kiểm tra lại tệp hoặc tăng [limits] max_file_mb trong dm05.toml.",
        "The file is too large ({size}, limit {limit}); check it or raise [limits] max_file_mb in dm05.toml.",
    ),
    "file.unsafe": Rule(
        "error",
        "Tệp bị từ chối vì không an toàn: {reason}. Hãy mở bằng Excel/LibreOffice, lưu lại rồi gửi lại.",
        "The file was refused as unsafe: {reason}. Open it in Excel/LibreOffice, save it and resend.",
    ),
    "file.password": Rule(
        "error",
        "Tệp có đặt mật khẩu; hãy gỡ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi gửi lại.",
        "The file is password-protected; remove the password and resend.",
    ),
    "sheet.too_large": Rule(
        "error",
        "Trang tính có {rows} dòng × {columns} cột, quá giới hạn {max_rows} dòng × {max_columns} cột{cells} ([limits] trong dm05.toml).",
        "The sheet has {rows} rows × {columns} columns, over the limit of {max_rows} × {max_columns}{cells} ([limits] in dm05.toml).",
    ),
    "file.outside_workspace": Rule(
        "error",
        "Tệp là liên kết (symlink) trỏ ra ngoài thư mục làm việc; dm05 không đọc. Hãy chép chính tệp vào inbox.",
        "The file is a link (symlink) leading outside the workspace; dm05 did not read it. Copy the file itself "
        "into the inbox.",
    ),
    "file.damaged": Rule(
        "error",
        "Tệp bị hỏng ({reason}); dm05 không đọc tệp này để không lấy sai số liệu. Đề nghị đơn vị gửi lại tệp.",
        "The file is damaged ({reason}); dm05 did not read it, so that no figure is taken wrong. Ask the unit "
        "to send it again.",
    ),
    "value.implausible": Rule(
        "error",
        "«{label}» = {value} là số không hợp lý (quá {limit}).",
        "“{label}” = {value} is not a plausible figure (over {limit}).",
    ),
    "file.empty": Rule(
        "error",
        "Tệp không có dữ liệu.",
        "The file holds no data.",
    ),
    "file.no_data_sheet": Rule(
        "error",
        "Không có trang tính nào có dòng tiêu đề nhận ra được (cần một cột tên/mã đơn vị và ít nhất một cột chỉ tiêu).",
        "No sheet has a recognisable header row (a unit name/code column and at least one indicator column).",
    ),
    "sheet.skipped": Rule(
        "note",
        "Bỏ qua trang tính: {reason}.",
        "Sheet skipped: {reason}.",
    ),
    "column.unknown": Rule(
        "note",
        "Cột «{value}» không phải chỉ tiêu nào trong danh mục; đã bỏ qua.",
        "Column “{value}” is not an indicator of the catalogue; ignored.",
    ),
    "column.derived": Rule(
        "note",
        "Cột «{value}» là tỷ lệ; dm05 tự tính lại từ tử số và mẫu số nên không dùng số trong cột này.",
        "Column “{value}” is a rate; dm05 recomputes it from numerator and denominator and ignores this column.",
    ),
    "column.duplicate": Rule(
        "error",
        "Chỉ tiêu «{indicator}» xuất hiện ở hai cột ({value}); hãy giữ một cột.",
        "Indicator “{indicator}” appears in two columns ({value}); keep one.",
    ),
    "column.required_missing": Rule(
        "error",
        "Thiếu cột bắt buộc «{indicator}» ({value}).",
        "Required column “{indicator}” ({value}) is missing.",
    ),
    "unit.unknown": Rule(
        "error",
        "Đơn vị «{value}» không có trong danh sách đơn vị (units.csv).{hint}",
        "Unit “{value}” is not in the unit list (units.csv).{hint}",
    ),
    "unit.ambiguous": Rule(
        "error",
        "Tên «{value}» khớp với nhiều đơn vị ({candidates}); hãy ghi mã đơn vị.",
        "Name “{value}” matches several units ({candidates}); give the unit code.",
    ),
    "unit.code_name_mismatch": Rule(
        "warning",
        "Mã {unit} là «{expected}» nhưng tên ghi «{value}»; đã dùng theo mã.",
        "Code {unit} is “{expected}” but the name reads “{value}”; the code was used.",
    ),
    "unit.duplicate": Rule(
        "error",
        "Đơn vị {unit} đã có số liệu ở {other}; mỗi đơn vị chỉ báo cáo một lần trong kỳ.",
        "Unit {unit} already has figures at {other}; each unit reports once per period.",
    ),
    "file.resent": Rule(
        "error",
        "Tất cả {count} đơn vị trong tệp này đã có số liệu ở tệp {other} (có thể là bản gửi lại). Chỉ giữ một bản "
        "trong thư mục inbox.",
        "All {count} units of this file already have figures in {other} (perhaps a resent copy). Keep one of them "
        "in the inbox.",
    ),
    "value.not_number": Rule(
        "error",
        "«{value}» không phải là số.",
        "“{value}” is not a number.",
    ),
    "value.negative": Rule(
        "error",
        "Số âm ({value}) không hợp lệ cho «{label}».",
        "Negative value ({value}) is not valid for “{label}”.",
    ),
    "value.fractional": Rule(
        "error",
        "«{label}» phải là số nguyên, không phải {value}.",
        "“{label}” must be a whole number, not {value}.",
    ),
    "value.out_of_range": Rule(
        "error",
        "«{label}» = {value} vượt quá giới hạn {limit} của kỳ báo cáo.",
        "“{label}” = {value} exceeds the limit {limit} for the period.",
    ),
    "value.rate_in_count": Rule(
        "error",
        "«{value}» là tỷ lệ phần trăm; cột «{label}» cần số lượng.",
        "“{value}” is a percentage; column “{label}” needs a count.",
    ),
    "value.ratings_exceed": Rule(
        "error",
        "Tổng số tổ chức đảng được xếp loại ({value}) lớn hơn số tổ chức đảng của đơn vị ({limit}).",
        "The party organisations rated ({value}) exceed the unit's party organisations ({limit}).",
    ),
    "value.jump": Rule(
        "warning",
        "«{label}» là {value}, kỳ {previous_period} là {previous}: thay đổi quá {factor} lần, đề nghị kiểm tra lại.",
        "“{label}” is {value}, was {previous} in {previous_period}: a change beyond {factor}×; please check.",
    ),
    "formula.no_cached_value": Rule(
        "error",
        "Ô có công thức nhưng chưa có giá trị đã tính (tệp do chương trình khác tạo). Hãy mở tệp bằng Excel "
        "hoặc LibreOffice, lưu lại rồi gửi lại.",
        "The cell holds a formula with no computed value (the file was written by a program). Open the file "
        "in Excel or LibreOffice, save it and resend.",
    ),
    "total.mismatch": Rule(
        "warning",
        "Dòng «{row_label}» ghi {value} nhưng cộng các dòng được {expected}.",
        "Row “{row_label}” says {value} but its rows add up to {expected}.",
    ),
    "text.legacy_encoding": Rule(
        "warning",
        "Tệp gõ bằng bảng mã cũ TCVN3 (.VnTime); dm05 đã chuyển sang Unicode (ví dụ «{value}»). Nên chuyển "
        "mã tệp sang Unicode trước khi gửi.",
        "The file was typed in the legacy TCVN3 (.VnTime) encoding; dm05 converted it to Unicode (e.g. “{value}”). "
        "Convert the file to Unicode before sending.",
    ),
    "file.period_mismatch": Rule(
        "error",
        "{where_vi} ghi kỳ «{value}», khác kỳ đang tổng hợp {period}. Kiểm tra lại tệp có đúng kỳ không.",
        "The {where_en} says “{value}”, not the period {period} being compiled. Check the file is for the right period.",
    ),
    "unit.outside_tree": Rule(
        "error",
        "Đơn vị {unit} («{value}») không thuộc cơ cấu tổ chức ngày {date} (xem valid_from/valid_to trong units.csv).",
        "Unit {unit} (“{value}”) is not part of the structure on {date} (see valid_from/valid_to in units.csv).",
    ),
    "total.own_differs": Rule(
        "warning",
        "{unit} tự báo cáo «{label}» = {value}, nhưng các đơn vị trực thuộc cộng lại được {expected}; dm05 dùng {used}.",
        "{unit} reports “{label}” = {value} itself, but its sub-units add up to {expected}; dm05 uses {used}.",
    ),
    "unit.unplaced": Rule(
        "warning",
        "Số liệu của {unit} không đặt được vào cơ cấu kỳ {period} (đơn vị đã giải thể; thêm dòng vào unit_changes.csv) "
        "nên không được tính.",
        "The figures of {unit} cannot be placed in the structure of {period} (an abolished unit; add a line to "
        "unit_changes.csv), so they are left out.",
    ),
    "value.above_denominator": Rule(
        "error",
        "«{label}» ({value}) lớn hơn «{other_label}» ({limit}).",
        "“{label}” ({value}) is greater than “{other_label}” ({limit}).",
    ),
}


# Errors that stop a command (exit code 2 unless stated otherwise).
ERRORS: dict[str, tuple[str, str]] = {
    "workspace.missing": (
        "Không tìm thấy thư mục làm việc {path}. Tạo mới bằng: dm05 init {path}",
        "Workspace {path} not found. Create one with: dm05 init {path}",
    ),
    "workspace.no_config": (
        "Thư mục {path} không có tệp dm05.toml. Tạo mới bằng: dm05 init {path}",
        "Folder {path} has no dm05.toml. Create one with: dm05 init {path}",
    ),
    "config.syntax": (
        "{file}: lỗi cú pháp TOML: {detail}",
        "{file}: TOML syntax error: {detail}",
    ),
    "config.invalid": (
        "{file}: {detail}",
        "{file}: {detail}",
    ),
    "units.missing": (
        "Không tìm thấy danh sách đơn vị {file}.",
        "Unit list {file} not found.",
    ),
    "units.invalid": (
        "{file}, dòng {line}: {detail}",
        "{file}, line {line}: {detail}",
    ),
    "units.structure": (
        "{file}: {detail}",
        "{file}: {detail}",
    ),
    "catalogue.invalid": (
        "{file}: {detail}",
        "{file}: {detail}",
    ),
    "period.invalid": (
        "Kỳ báo cáo «{period}» không hợp lệ; dùng dạng 2026, 2026-H1, 2026-Q3 hoặc 2021-2025.",
        "Invalid period “{period}”; use 2026, 2026-H1, 2026-Q3 or 2021-2025.",
    ),
    "inbox.missing": (
        "Không có thư mục số liệu {path} cho kỳ {period}. Hãy đặt các tệp của đơn vị vào đó.",
        "No inbox folder {path} for period {period}. Put the units' files there.",
    ),
    "inbox.empty": (
        "Thư mục {path} không có tệp số liệu nào (.xlsx, .xlsm, .xls, .ods, .csv).",
        "Folder {path} holds no data files (.xlsx, .xlsm, .xls, .ods, .csv).",
    ),
    "input.not_found": (
        "Không tìm thấy {path}.",
        "{path} not found.",
    ),
    "output.exists": (
        "Tệp {path} đã có; dùng --force để ghi đè.",
        "{path} already exists; use --force to overwrite it.",
    ),
    "output.failed": (
        "Không ghi được {path}: {detail}",
        "Cannot write {path}: {detail}",
    ),
    "init.not_empty": (
        "Thư mục {path} đã có {file}; dùng --force để ghi đè các tệp mẫu.",
        "{path} already holds {file}; use --force to overwrite the skeleton files.",
    ),
    "template.error": (
        "Mẫu {template}: {detail}",
        "Template {template}: {detail}",
    ),
    "data.has_errors": (
        "Số liệu kỳ {period} còn {errors} lỗi; chạy «dm05 validate» để xem chi tiết và sửa trước khi lập báo cáo "
        "(hoặc dùng --draft để lập bản DỰ THẢO).",
        "The data of period {period} has {errors} errors; run “dm05 validate” to see and fix them before reporting "
        "(or use --draft for a DRAFT).",
    ),
    "data.incomplete": (
        "Kỳ {period} còn {missing}/{expected} đơn vị cơ sở chưa có số liệu (ví dụ: {examples}). "
        "Dùng --draft để lập bản DỰ THẢO có danh sách còn thiếu.",
        "Period {period} still lacks figures from {missing}/{expected} base units (e.g. {examples}). "
        "Use --draft to make a DRAFT that lists what is missing.",
    ),
    "indicator.not_found": (
        "Không có chỉ tiêu «{key}» (dùng khóa trong danh mục, ví dụ so_dang_vien, ti_le_dang_vien_dang_ky).",
        "No indicator “{key}” (use a catalogue key such as so_dang_vien, ti_le_dang_vien_dang_ky).",
    ),
    "report.kind_unknown": (
        "Không có loại báo cáo «{kind}»; các loại: {kinds} (xem: dm05 report --kind).",
        "No report kind “{kind}”; the kinds are: {kinds} (see: dm05 report --kind).",
    ),
    "report.kind_period": (
        "Loại báo cáo «{kind}» không dùng cho kỳ {period} (dùng cho: {shapes}).",
        "Report kind “{kind}” does not fit period {period} (it takes: {shapes}).",
    ),
    "pdf.no_libreoffice": (
        "Không tìm thấy LibreOffice (soffice) để chuyển sang PDF; đã ghi tệp .docx. Cài LibreOffice hoặc mở tệp bằng "
        "Word và lưu dạng PDF.",
        "LibreOffice (soffice) was not found for the PDF; the .docx was written. Install LibreOffice or save as PDF "
        "from Word.",
    ),
    "pdf.failed": (
        "Chuyển {path} sang PDF không thành công: {detail}",
        "Converting {path} to PDF failed: {detail}",
    ),
    "unit.not_found": (
        "Không có đơn vị mã {unit} trong units.csv.",
        "No unit with code {unit} in units.csv.",
    ),
}


def default_lang() -> Lang:
    """The language of messages: ``DM05_LANG`` if it says en, else Vietnamese."""
    return "en" if os.environ.get("DM05_LANG", "vi").strip().lower().startswith("en") else "vi"


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, params: dict[str, object], lang: Lang = "vi") -> str:
    """Fill a template; absent fields become empty. A ``{"vi": …, "en": …}`` value is picked by language."""
    picked = {k: (v[lang] if isinstance(v, dict) and lang in v else v) for k, v in params.items()}
    return template.format_map(_Blank(picked))


def rule_text(code: str, lang: Lang, params: dict[str, object]) -> str:
    rule = RULES[code]
    return render(rule.en if lang == "en" else rule.vi, params, lang)


def error_text(code: str, lang: Lang, params: dict[str, object]) -> str:
    vi, en = ERRORS[code]
    return render(en if lang == "en" else vi, params, lang)
