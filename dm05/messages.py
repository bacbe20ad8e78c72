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
    "file.internal_error": Rule(
        "error",
        "dm05 gặp lỗi nội bộ khi đọc tệp này ({reason}); tệp có thể không hỏng. Hãy báo cho người bảo trì dm05 "
        "kèm tệp (đặt DM05_DEBUG=1 để xem chi tiết); các tệp khác vẫn được đọc.",
        "dm05 hit an internal error reading this file ({reason}); the file may well be fine. Report it to dm05's "
        "maintainers with the file (DM05_DEBUG=1 shows details); the other files were still read.",
    ),
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
    "column.unread": Rule(
        "warning",
        "Cột «{value}» có {count} số nhưng không khớp chỉ tiêu nào trong danh mục; các số này KHÔNG được tính.{hint} "
        "Hãy sửa tiêu đề cột theo biểu mẫu hoặc thêm bí danh trong indicators.toml.",
        "Column “{value}” holds {count} numbers but matches no indicator of the catalogue; they are NOT counted.{hint} "
        "Rename the column as in the form, or add an alias in indicators.toml.",
    ),
    "column.read_as": Rule(
        "note",
        "Cột «{value}» được đọc là «{label}» (theo từ ngữ của tiêu đề); nếu không đúng, hãy sửa tiêu đề cột.",
        "Column “{value}” was read as “{label}” (by the words of its header); if that is wrong, rename the column.",
    ),
    "cell.unread": Rule(
        "warning",
        "Có {count} số nằm ngoài mọi bảng số liệu dm05 đọc được ({cells}); các số này KHÔNG được tính. "
        "Hãy đưa số liệu vào bảng có dòng tiêu đề, hoặc xóa nếu không cần.",
        "{count} numbers lie outside every table dm05 could read ({cells}); they are NOT counted. "
        "Put the figures in a table with a header row, or delete them.",
    ),
    "sheet.unread": Rule(
        "warning",
        "Trang tính có {count} số nhưng bị bỏ qua vì {reason}; các số này KHÔNG được tính. "
        "Hãy thêm dòng tiêu đề (cột tên đơn vị và các cột chỉ tiêu theo biểu mẫu).",
        "The sheet holds {count} numbers but was skipped: {reason}; they are NOT counted. "
        "Add a header row (a unit name column and indicator columns as in the form).",
    ),
    "sheet.hidden": Rule(
        "warning",
        "Trang tính đang ẩn, có {count} số; dm05 không tính số liệu của trang ẩn (thường là số liệu cũ). "
        "Nếu đây là số liệu của kỳ này, hãy bỏ ẩn trang tính rồi gửi lại.",
        "The sheet is hidden and holds {count} numbers; dm05 does not count hidden sheets (usually old data). "
        "If these are this period's figures, unhide the sheet and resend.",
    ),
    "row.hidden": Rule(
        "warning",
        "Có {count} dòng đang ẩn chứa số liệu (dòng {rows}); dm05 vẫn tính các dòng này như hàm SUM của Excel. "
        "Nếu đó là số liệu cũ, hãy xóa các dòng đó.",
        "{count} hidden rows hold figures (rows {rows}); dm05 counts them, as Excel's SUM does. "
        "If they are old data, delete those rows.",
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
    "unit.outside_scope": Rule(
        "warning",
        "Đơn vị «{value}» (mã {unit}) không thuộc {scope}, đơn vị mà tiêu đề/tên tệp của biểu này ghi; "
        "hãy kiểm tra lại tên đơn vị hoặc tiêu đề.",
        "Unit “{value}” ({unit}) is not under {scope}, which the form's title or file name names; check the "
        "unit's name or the title.",
    ),
    "unit.code_unknown": Rule(
        "warning",
        "Mã «{value}» không có trong danh sách đơn vị; dm05 nhận đơn vị theo tên «{name}» (mã {unit}). Hãy sửa mã.",
        "Code “{value}” is not in the unit list; dm05 used the name “{name}” ({unit}). Correct the code.",
    ),
    "unit.code_reformatted": Rule(
        "warning",
        "Mã đơn vị bị Excel đổi dạng (ví dụ «{value}» là mã {unit}; {count} dòng); dm05 đã đọc theo mã đúng. "
        "Hãy định dạng cột mã là Văn bản (Text) để giữ số 0 và dấu chấm.",
        "Unit codes were reformatted by Excel (e.g. “{value}” is {unit}; {count} rows); dm05 read them as the right "
        "codes. Format the code column as Text to keep leading zeros and dots.",
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
    "report.invalid": (
        "{file}: {detail}",
        "{file}: {detail}",
    ),
    "style.invalid": (
        "Hồ sơ thể thức {file}: {detail}",
        "Style profile {file}: {detail}",
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
    "data.partial": (
        "Kỳ {period}: {count} số liệu trong lời báo cáo chưa đủ đơn vị (ngưỡng [report] min_coverage = {threshold} "
        "trong dm05.toml): {details}. Bổ sung số liệu, hoặc dùng --draft để lập bản DỰ THẢO có ghi rõ phần còn thiếu.",
        "Period {period}: {count} figures of the report's text leave out units (threshold [report] min_coverage = "
        "{threshold} in dm05.toml): {details}. Complete the data, or use --draft for a DRAFT that says what is missing.",
    ),
    "indicator.not_found": (
        "Không có chỉ tiêu «{key}» (dùng khóa, nhãn hoặc bí danh trong danh mục, ví dụ so_dang_vien; xem: dm05 "
        "indicators){hint}",
        "No indicator “{key}” (use a key, label or alias of the catalogue such as so_dang_vien; see: dm05 "
        "indicators){hint}",
    ),
    "amount.too_large": (
        "Tổng «{label}» ({key}) vượt 9 triệu tỷ đồng: quá lớn để cộng chính xác đến từng đồng; kiểm tra lại số liệu.",
        "The sum of “{label}” ({key}) passes nine million tỷ đồng: too large to add exactly to the đồng; check the "
        "figures.",
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


# Words of the terminal tables: (Vietnamese, English).
TEXTS: dict[str, tuple[str, str]] = {
    # dm05 explain: why a leaf unit is left out of a figure
    "explain.not_reported": ("chưa báo cáo", "has not reported"),
    "explain.no_value": ("không có số liệu chỉ tiêu này", "gave no figure for it"),
    "explain.no_numerator": ("không có tử số ({keys})", "no numerator ({keys})"),
    "explain.no_denominator": ("không có mẫu số ({keys})", "no denominator ({keys})"),
    "explain.error_cell": ("ô lỗi ({keys}): không tính cả tử số và mẫu số", "error cell ({keys}): both parts left out"),
    "explain.via": ("theo số của {unit}", "through the figures of {unit}"),
    "explain.included": ("Gồm {n}/{m} đơn vị cơ sở", "Includes {n}/{m} base units"),
    "explain.left_out": ("Không tính {n} đơn vị cơ sở", "Leaves out {n} base units"),
    "explain.more": ("… và {n} đơn vị khác", "… and {n} more"),
    # dm05 status: one state per unit
    "status.reported": ("đủ", "complete"),
    "status.partial": ("thiếu một phần", "partial"),
    "status.errors": ("có lỗi", "errors"),
    "status.unread": ("còn số chưa đọc được", "unread numbers"),
    "status.missing": ("chưa báo cáo", "missing"),
    "status.missing_leaves": ("chưa có: {units}", "missing: {units}"),
    "status.missing_keys": ("thiếu chỉ tiêu: {keys}", "indicators missing: {keys}"),
    "status.error_count": ("{n} lỗi", "{n} errors"),
    "status.unread_count": ("{n} ô số chưa đọc", "{n} numbers unread"),
    "status.unplaced": ("Tệp không gắn được với đơn vị nào", "A file placed under no unit"),
    "status.unplaced_state": ("không gắn được", "unplaced"),
    "status.all_clean": ("Tất cả đơn vị đã báo cáo đủ, không có lỗi.", "Every unit reported in full, no errors."),
    # dm05 indicators
    "indicators.custom": ("riêng (indicators.toml)", "own (indicators.toml)"),
    "indicators.changed": ("dựng sẵn, đã sửa", "built-in, changed"),
    "indicators.caption": ("{n} chỉ tiêu, {added} do thư mục làm việc thêm. Cột của bảng tính ghi khóa, nhãn hoặc "
                           "bí danh; «dm05 explain --indicator» nhận cả ba.",
                           "{n} indicators, {added} added by the workspace. A sheet's column is headed by a key, "
                           "label or alias; “dm05 explain --indicator” takes any of them."),
    # dm05 aggregate
    "aggregate.partial_caption": ("(n/m): số liệu của n trên m đơn vị cơ sở; tỷ lệ chỉ tính trên các đơn vị có cả "
                                  "tử số và mẫu số, không có ô lỗi",
                                  "(n/m): figures of n of m base units; rates only over units that gave both parts "
                                  "with no error cell"),
    "aggregate.errors_left_out": ("Có {n} lỗi số liệu; các ô lỗi không được tính (kể cả trong tỷ lệ dùng đến chúng). "
                                  "Chạy dm05 validate để xem.",
                                  "{n} data errors; bad cells were left out (and the rates using them). "
                                  "Run dm05 validate for details."),
}


def text(code: str, lang: Lang, **params: object) -> str:
    vi, en = TEXTS[code]
    return render(en if lang == "en" else vi, params, lang)


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
