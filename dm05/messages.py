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
    "row.no_figures": Rule(
        "warning",
        "{count} đơn vị có dòng trong biểu nhưng không có số liệu nào ({units}); các đơn vị này chưa được tính "
        "là đã báo cáo. Nếu số liệu bằng 0, hãy ghi số 0.",
        "{count} units have a row in the table but no figure at all ({units}); they are not counted as having "
        "reported. If a figure is zero, write 0.",
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
    # Receipts, explanations and sign-off (dm05/receipts.py, dm05/approval.py)
    "file.changed": Rule(
        "warning",
        "Tệp đã thay đổi sau khi nhận: bản nhận {before}, nay là bản {after} (receipts.csv). Nếu đơn vị gửi "
        "lại bản sửa, hãy ghi giải trình (dm05 explain-finding); nếu không, hãy tìm xem ai đã sửa tệp.",
        "The file changed after it was received: received as {before}, now {after} (receipts.csv). If the unit "
        "sent a corrected copy, record an explanation (dm05 explain-finding); if not, find out who changed it.",
    ),
    "receipts.unsaved": Rule(
        "note",
        "Không ghi được sổ nhận tệp receipts.csv ({detail}); thời điểm nhận các tệp mới chưa được ghi lại.",
        "Could not write the receipts file receipts.csv ({detail}); the arrival of new files is not recorded.",
    ),
    "approval.changed": Rule(
        "error",
        "Số liệu của {unit} đã được phê duyệt ngày {date} nhưng nay đã khác: {changes}. Phê duyệt lại "
        "(dm05 approve --unit {unit}) nếu chấp nhận thay đổi, hoặc mở lại (--reopen).",
        "The figures of {unit} were approved on {date} but have changed since: {changes}. Approve again "
        "(dm05 approve --unit {unit}) to accept the change, or reopen (--reopen).",
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
    # dm05 submit: the superior's form
    "submit.form_not_xlsx": (
        "{path}: dm05 chỉ điền được biểu dạng .xlsx. Hãy mở biểu bằng Excel/LibreOffice, lưu dạng Sổ làm việc Excel "
        "(.xlsx) rồi chạy lại.",
        "{path}: dm05 fills .xlsx forms only. Open the form in Excel/LibreOffice, save it as an Excel Workbook (.xlsx) "
        "and run again.",
    ),
    "submit.form_unreadable": (
        "Không mở được biểu {path}: {reason}",
        "Cannot open the form {path}: {reason}",
    ),
    "submit.no_defusedxml": (
        "Không điền biểu khi openpyxl chưa đọc XML qua defusedxml (chưa cài defusedxml, hoặc đặt OPENPYXL_DEFUSEDXML=False). "
        "Cài: pip install defusedxml",
        "Forms are not filled while openpyxl does not read XML through defusedxml (not installed, or "
        "OPENPYXL_DEFUSEDXML=False). Install it: pip install defusedxml",
    ),
    "submit.period_mismatch": (
        "Biểu {path} là biểu kỳ {form_period} (ô {cell}), không phải kỳ {period}; hãy dùng đúng biểu của kỳ {period} "
        "hoặc chạy với --period {form_period}.",
        "The form {path} is for period {form_period} (cell {cell}), not {period}; use the form of {period} or run "
        "with --period {form_period}.",
    ),
    "submit.unit_mismatch": (
        "Biểu {path} dành cho đơn vị {form_unit} (ô {cell}), không phải {unit}{hint}.",
        "The form {path} is for unit {form_unit} (cell {cell}), not {unit}{hint}.",
    ),
    "submit.form_period": (
        "Biểu {path}: ô {cell} ghi «{value}», khác kỳ {period}; hãy dùng biểu đúng kỳ hoặc đúng --period.",
        "Form {path}: cell {cell} says “{value}”, not the period {period}; use the right form or --period.",
    ),
    "submit.no_mapping": (
        "{path} không phải biểu dm05 lập, và chưa có tệp ánh xạ {mapping} cho biết số liệu điền vào ô nào. "
        "Lập đề xuất: dm05 submit THƯ_MỤC --period KỲ --map {path} -o {mapping}, kiểm tra rồi chạy lại.",
        "{path} was not made by dm05, and there is no mapping {mapping} saying which cell takes which figure. "
        "Propose one: dm05 submit WS --period P --map {path} -o {mapping}, check it and run again.",
    ),
    "submit.map_dm05_form": (
        "{path} là biểu do dm05 lập: dm05 submit --form điền thẳng theo dòng khóa ẩn, không cần submit.toml.",
        "{path} is a form dm05 made: dm05 submit --form fills it by its hidden key row, no submit.toml needed.",
    ),
    "submit.mapping": (
        "{file}, {entry}: {detail}",
        "{file}, {entry}: {detail}",
    ),
    "submit.target_formula": (
        "Biểu {path}: ô {cell} ({entry}) là công thức của cấp trên ({formula}); dm05 không ghi đè công thức. Sửa "
        "submit.toml.",
        "Form {path}: cell {cell} ({entry}) holds the superior's formula ({formula}); dm05 never overwrites a formula. "
        "Correct submit.toml.",
    ),
    "submit.target_text": (
        "Biểu {path}: ô {cell} ({entry}) đang ghi chữ «{value}», không phải ô nhập số liệu. Sửa submit.toml.",
        "Form {path}: cell {cell} ({entry}) holds the text “{value}”, not a figure's place. Correct submit.toml.",
    ),
    "submit.target_merged": (
        "Biểu {path}: ô {cell} ({entry}) nằm trong vùng ô gộp, không phải ô đầu vùng. Sửa submit.toml.",
        "Form {path}: cell {cell} ({entry}) lies inside merged cells, not at their top-left. Correct submit.toml.",
    ),
    "submit.target_twice": (
        "Biểu {path}: hai số liệu cùng vào ô {cell} ({entry}). Sửa submit.toml.",
        "Form {path}: two figures would go into cell {cell} ({entry}). Correct submit.toml.",
    ),
    "submit.refused": (
        "Chưa điền biểu vì số liệu chưa đầy đủ hoặc còn lỗi: {details}. Bổ sung, sửa số liệu (dm05 status, "
        "dm05 validate), hoặc dùng --draft để ghi bản DỰ THẢO có ghi chú trong biểu.",
        "The form was not filled: the figures are incomplete or have errors: {details}. Complete or correct them "
        "(dm05 status, dm05 validate), or use --draft for a DRAFT that says so in the form.",
    ),
    "submit.overwrite_form": (
        "{path} là chính biểu của cấp trên; dm05 không ghi đè biểu gốc. Chọn tệp kết quả khác bằng -o.",
        "{path} is the superior's form itself; dm05 never overwrites it. Choose another output with -o.",
    ),
    "submit.features_lost": (
        "Biểu {path} có {features}; thư viện openpyxl mà dm05 dùng để ghi sẽ làm mất các phần này nên dm05 không "
        "ghi. Hãy xóa chúng trong một bản sao của biểu (hoặc điền số liệu bằng tay).",
        "The form {path} holds {features}, which openpyxl (the library dm05 writes with) would drop, so dm05 wrote "
        "nothing. Remove them from a copy of the form (or type the figures by hand).",
    ),
    "submit.verify_failed": (
        "dm05 mở lại bản đã điền và thấy khác biểu gốc ({detail}); không ghi. Hãy báo cho người bảo trì dm05 kèm biểu.",
        "dm05 reopened the filled copy and found it differs from the form ({detail}); nothing written. Report it to "
        "dm05's maintainers with the form.",
    ),
    "wsfile.invalid": (
        "{file}, dòng {line}: {detail}. Hãy sửa dòng đó (dm05 không ghi đè tệp này).",
        "{file}, line {line}: {detail}. Correct that line (dm05 never overwrites this file).",
    ),
    "wsfile.unreadable": (
        "Không đọc được {file}: {detail}",
        "Cannot read {file}: {detail}",
    ),
    "receive.exists": (
        "{target} đã có trong inbox (nhận {when}) và khác tệp {source}; dm05 không ghi đè. Nếu đây là bản gửi "
        "lại, đặt tên mới: dm05 receive … --as \"{suggestion}\"",
        "{target} is already in the inbox (received {when}) and differs from {source}; dm05 never overwrites it. "
        "If this is a resent copy, give it a new name: dm05 receive … --as \"{suggestion}\"",
    ),
    "receive.same_name": (
        "Hai tệp cùng tên {name} ({first}, {second}); nhận từng tệp một với --as TÊN.",
        "Two files share the name {name} ({first}, {second}); receive them one at a time with --as NAME.",
    ),
    "receive.not_data": (
        "{path} không phải tệp số liệu dm05 đọc được (.xlsx, .xlsm, .xls, .ods, .csv).",
        "{path} is not a data file dm05 reads (.xlsx, .xlsm, .xls, .ods, .csv).",
    ),
    "receive.as_many": (
        "--as đặt tên cho một tệp; đã cho {count} tệp.",
        "--as names one file; {count} were given.",
    ),
    "receive.bad_name": (
        "Tên «{name}» không dùng được trong inbox (cần tên tệp, không có thư mục, đuôi .xlsx, .xlsm, .xls, .ods hoặc .csv).",
        "The name “{name}” cannot be used in the inbox (a file name without folders, ending .xlsx, .xlsm, .xls, "
        ".ods or .csv).",
    ),
    "time.invalid": (
        "«{value}» không phải thời điểm dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM.",
        "“{value}” is not a time in the form YYYY-MM-DD or YYYY-MM-DD HH:MM.",
    ),
    "explain.no_finding": (
        "Kỳ {period} không có cảnh báo {rule} cho {where}.{hint}",
        "Period {period} has no {rule} warning for {where}.{hint}",
    ),
    "explain.empty": (
        "Giải trình cần nội dung (--text) và người giải trình (--by).",
        "An explanation needs its text (--text) and who gives it (--by).",
    ),
    "explain.is_error": (
        "{rule} là lỗi, không phải cảnh báo: lỗi phải được sửa trong tệp, không giải trình được.",
        "{rule} is an error, not a warning: errors are corrected in the file, they cannot be explained.",
    ),
    "explain.where": (
        "Cho biết đơn vị (--unit) hoặc, với cảnh báo không gắn đơn vị, tệp (--file).",
        "Name the unit (--unit) or, for a warning about no unit, the file (--file).",
    ),
    "approve.children": (
        "Chưa phê duyệt được {unit}: {count} đơn vị trực thuộc chưa được phê duyệt hoặc đã đổi sau khi phê duyệt "
        "({units}). Phê duyệt từng đơn vị trước, hoặc dùng --force kèm --note lý do.",
        "{unit} cannot be approved yet: {count} sub-units are not approved or changed since ({units}). Approve "
        "them first, or use --force with a --note saying why.",
    ),
    "approve.errors": (
        "Chưa phê duyệt được {unit}: số liệu còn {count} lỗi (dm05 validate). Sửa trước, hoặc dùng --force kèm "
        "--note lý do.",
        "{unit} cannot be approved yet: its figures have {count} errors (dm05 validate). Correct them first, or "
        "use --force with a --note saying why.",
    ),
    "approve.force_note": (
        "--force cần --note ghi lý do phê duyệt khi chưa đủ điều kiện.",
        "--force needs a --note saying why the approval goes ahead.",
    ),
    "approve.not_approved": (
        "Số liệu kỳ {period} của {unit} chưa được phê duyệt; không có gì để mở lại.",
        "The figures of {unit} for {period} are not approved; there is nothing to reopen.",
    ),
    "approve.ancestor": (
        "{ancestor} đã phê duyệt số liệu gồm cả {unit} (ngày {date}); mở lại {ancestor} trước "
        "(dm05 approve --unit {ancestor} --reopen).",
        "{ancestor} approved figures that include {unit} (on {date}); reopen {ancestor} first "
        "(dm05 approve --unit {ancestor} --reopen).",
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
    # dm05 receive; dm05 status: when the figures arrived, against the deadline
    "receive.done": ("Đã nhận {file} ({size} byte, SHA-256 {sha})", "Received {file} ({size} bytes, SHA-256 {sha})"),
    "receive.already": ("{file} đã có trong inbox, đúng nội dung này (nhận {when})",
                        "{file} is already in the inbox with these bytes (received {when})"),
    "status.late": ("trễ {days} ngày", "{days} days late"),
    "status.late_count": ("{n} trễ hạn", "{n} late"),
    "status.received": ("nhận {when}", "received {when}"),
    "status.rates": ("Đã báo cáo {reported}/{expected} {noun} ({rate})", "Reported: {reported}/{expected} "
                     "base units ({rate})"),
    "status.on_time_rate": ("đúng hạn {on_time}/{expected} ({rate}), hạn {deadline}",
                            "on time {on_time}/{expected} ({rate}), deadline {deadline}"),
    "status.no_deadline": ("chưa đặt hạn nộp ([forms] deadlines trong dm05.toml)",
                           "no deadline set ([forms] deadlines in dm05.toml)"),
    # explanations (giải trình)
    "status.warning_count": ("{n} cảnh báo", "{n} warnings"),
    "explained.title": ("Đã giải trình", "Explained"),
    "explained.entry": ("{text} — {by}", "{text} — {by}"),
    "explained.state": ("đã giải trình", "explained"),
    "coverage.partial": ("số liệu chưa đủ đơn vị", "figures short of units"),
    "explain.recorded": ("Đã ghi giải trình {rule} ({where}) vào {file}", "Explanation of {rule} ({where}) written to {file}"),
    # sign-off
    "status.approved": ("đã phê duyệt {when}", "approved {when}"),
    "approve.done": ("Đã phê duyệt số liệu kỳ {period} của {unit} ({reported}/{expected} {noun}); ghi vào {file}",
                     "Approved the figures of {unit} for {period} ({reported}/{expected} base units); written to {file}"),
    "approve.forced": ("Phê duyệt khi chưa đủ điều kiện, lý do: {note}", "Approved short of the rule, because: {note}"),
    "approve.same": ("Số liệu kỳ {period} của {unit} đã được phê duyệt ngày {when} và không đổi; không ghi thêm.",
                     "The figures of {unit} for {period} were approved on {when} and have not changed; nothing written."),
    "approve.reopened": ("Đã mở lại số liệu kỳ {period} của {unit}; ghi vào {file}",
                         "Reopened the figures of {unit} for {period}; written to {file}"),
    "aggregate.errors_left_out": ("Có {n} lỗi số liệu; các ô lỗi không được tính (kể cả trong tỷ lệ dùng đến chúng). "
                                  "Chạy dm05 validate để xem.",
                                  "{n} data errors; bad cells were left out (and the rates using them). "
                                  "Run dm05 validate for details."),
    # dm05 submit
    "submit.status_partial": ("{unit}: số liệu của {covered}/{expected} đơn vị cơ sở", "{unit}: figures of {covered}/{expected} base units"),
    "submit.status_missing": ("{unit}: chưa có số liệu", "{unit}: no figure"),
    "submit.status_error": ("{unit}: ô lỗi, không tính", "{unit}: an error cell, left out"),
    "submit.status_lost": ("{unit}: biểu hỏi số kỳ sinh hoạt, đơn vị chỉ báo số chi bộ đạt",
                           "{unit}: the form asks the meetings held, the unit gave only whether the cell met the norm"),
    "submit.unit_missing": ("đơn vị chưa có số liệu: {units}", "units with no figures: {units}"),
    "submit.more_keys": ("… và {n} chỉ tiêu khác", "… and {n} more indicators"),
    "submit.left_out": (" (thiếu {units})", " (missing {units})"),
    "submit.absent": ("đơn vị có trong biểu nhưng không có trong units.csv: {units}",
                      "units the form lists that units.csv lacks: {units}"),
    "submit.uncovered": ("đơn vị có số liệu nhưng biểu không có dòng: {units}",
                         "units with figures the form has no row for: {units}"),
    "submit.errors": ("{n} lỗi số liệu (ví dụ: {example}); xem dm05 validate",
                      "{n} data errors (e.g. {example}); see dm05 validate"),
    "submit.redrawn": ("Biểu có {features}: openpyxl giữ lại nhưng vẽ lại, một phần định dạng có thể khác bản gốc.",
                       "The form has {features}: openpyxl keeps them but redraws them; some formatting may differ."),
    "submit.draft_note": ("DỰ THẢO — số liệu chưa đầy đủ (dm05): {details}",
                          "DRAFT — the figures are not complete (dm05): {details}"),
    "submit.written": ("Đã điền {n} ô số liệu vào {path}.", "{n} figures written into {path}."),
    "submit.draft_written": ("Bản DỰ THẢO: biểu đã ghi chú số liệu chưa đầy đủ ({cell}).",
                             "A DRAFT: the form says its figures are not complete ({cell})."),
    "submit.cleared": ("Đã xóa {n} số cũ ở ô mà thư mục làm việc không có số liệu.",
                       "{n} old figures cleared where the workspace has none."),
    "submit.lacking": ("Biểu hỏi nhưng thư mục làm việc không có số liệu (để trống): {items}",
                       "Asked by the form, absent from the workspace (left empty): {items}"),
    "submit.unasked": ("Có số liệu nhưng biểu không hỏi (không gửi): {items}",
                       "Figures the form does not ask for (not sent): {items}"),
    "submit.uncarried": ("Biểu hỏi số liệu của từng đơn vị trực thuộc, thư mục làm việc chỉ có số chung của {unit} "
                         "(không gửi, để trống): {items}",
                         "The form asks these of each unit under {unit}, the workspace has them for {unit} only "
                         "(not sent, left empty): {items}"),
    "submit.form_or_map": ("cần --form BIỂU hoặc --map BIỂU (một trong hai)", "give --form FORM or --map FORM (one)"),
    "submit.ratings_over": (
        "Biểu của cấp trên coi mỗi đơn vị trong biểu là một tổ chức đảng không có đơn vị trực thuộc, nhưng số tổ chức "
        "được xếp loại ở đây lớn hơn 1: {units}. Khi đọc, cấp trên sẽ báo lỗi value.ratings_exceed và không tính các ô "
        "này; hãy đề nghị cấp trên bổ sung các chi bộ trực thuộc vào units.csv của họ.",
        "The superior's form takes each of its units for one party organisation without sub-units, but more than one "
        "is rated here: {units}. Its reader will flag value.ratings_exceed and leave those cells out; ask the superior "
        "to add the cells under them to its units.csv."),
    "submit.problems": ("Chưa đầy đủ: {details}", "Not complete: {details}"),
    # what openpyxl would drop of a form (dm05.xlsxedit)
    "submit.feature.formulas": ("công thức", "formulas"),
    "submit.feature.validations": ("quy tắc kiểm tra dữ liệu (Data Validation)", "data validation rules"),
    "submit.feature.conditional_formats": ("định dạng có điều kiện", "conditional formats"),
    "submit.feature.merged_cells": ("ô gộp", "merged cells"),
    "submit.feature.hyperlinks": ("liên kết", "hyperlinks"),
    "submit.feature.sparklines": ("biểu đồ thu nhỏ trong ô (sparkline)", "sparklines"),
    "submit.feature.header_pictures": ("hình ở đầu/chân trang in", "pictures in a print header or footer"),
    "submit.feature.background": ("ảnh nền trang tính", "a sheet background picture"),
    "submit.feature.embedded": ("đối tượng nhúng (OLE)", "embedded objects"),
    "submit.feature.controls": ("nút bấm, ô đánh dấu và điều khiển biểu mẫu", "buttons, check boxes and form controls"),
    "submit.feature.protection": ("bảo vệ trang tính", "sheet protection"),
    "submit.feature.print_setup": ("thiết lập trang in", "print set-up"),
    "submit.feature.tables": ("bảng Excel (Table)", "Excel tables"),
    "submit.feature.hidden_rows": ("dòng ẩn", "hidden rows"),
    "submit.feature.hidden_columns": ("cột ẩn", "hidden columns"),
    "submit.feature.extensions": ("tính năng mở rộng của Excel 2010 trở lên (data bar, danh sách kiểm tra từ trang khác…)",
                                  "Excel 2010+ extensions (data bar settings, validation lists from another sheet…)"),
    "submit.feature.images": ("hình ảnh", "pictures"),
    "submit.feature.charts": ("biểu đồ", "charts"),
    "submit.feature.shapes": ("hình vẽ, hộp chữ (text box)", "shapes and text boxes"),
    "submit.feature.comments": ("ghi chú trong ô (comment)", "cell comments"),
    "submit.feature.rich_text": ("chữ nhiều định dạng trong một ô", "rich text within a cell"),
    "submit.feature.defined_names": ("tên vùng (Defined Names)", "defined names"),
    "submit.feature.hidden_sheets": ("trang tính ẩn", "hidden sheets"),
    "submit.feature.macros": ("macro (VBA)", "macros (VBA)"),
    "submit.feature.slicers": ("slicer, timeline", "slicers and timelines"),
    "submit.feature.pivot_tables": ("bảng tổng hợp (PivotTable)", "pivot tables"),
    "submit.feature.connections": ("kết nối dữ liệu ngoài", "external data connections"),
    "submit.feature.custom_xml": ("dữ liệu XML tùy biến", "custom XML parts"),
    "submit.feature.external_links": ("liên kết tới sổ làm việc khác", "links to other workbooks"),
    "submit.map_cell_ref": ("«{value}» không phải địa chỉ ô như D9", "“{value}” is not a cell reference such as D9"),
    "submit.map_one_way": ("cần cell, hoặc header và row", "give cell, or header and row"),
    "submit.map_note_ref": ("«{value}»: cần dạng Trang!A3", "“{value}”: a Sheet!A3 reference is needed"),
    "submit.map_empty": ("cần ít nhất một [[table]] hoặc [[cell]]", "at least one [[table]] or [[cell]] is needed"),
    "submit.map_utf8": ("tệp phải lưu dạng UTF-8", "the file must be UTF-8"),
    "submit.map_key": ("không có chỉ tiêu «{key}» trong danh mục", "no indicator “{key}” in the catalogue"),
    "submit.map_no_sheet": ("biểu không có trang tính «{sheet}» (có: {sheets})",
                            "the form has no sheet “{sheet}” (it has: {sheets})"),
    "submit.map_no_column": ("trang «{sheet}» không có cột nào có tiêu đề «{header}»",
                             "sheet “{sheet}” has no column headed “{header}”"),
    "submit.map_columns": ("tiêu đề «{header}» có ở nhiều cột ({columns}); ghi cả nhóm («Nhóm › Cột») hoặc chữ cột",
                           "header “{header}” heads several columns ({columns}); give its group (“Group › Column”) or "
                           "the column letter"),
    "submit.map_no_row": ("trang «{sheet}» không có dòng nào ghi «{label}»", "sheet “{sheet}” has no row labelled “{label}”"),
    "submit.map_rows": ("nhãn dòng «{label}» có ở nhiều dòng ({rows}); ghi số dòng thay cho nhãn",
                        "row label “{label}” is on several rows ({rows}); give the row number instead"),
    "submit.map_unit": ("không có đơn vị mã {unit} trong units.csv", "no unit {unit} in units.csv"),
    "submit.map_nothing": ("không ô nào của biểu nhận số liệu", "no cell of the form takes a figure"),
    "submit.map_skip_sheet": ("Trang «{sheet}»: không thấy bảng số liệu hay biểu dọc nào dm05 nhận ra",
                              "Sheet “{sheet}”: no table or vertical form dm05 recognises"),
    "submit.map_skip_outside": ("dòng {row} «{label}»: không phải đơn vị này hay đơn vị trực thuộc, để nguyên",
                                "row {row} “{label}”: not this unit or one under it, left alone"),
    "submit.map_skip_ambiguous": ("dòng {row} «{label}»: khớp nhiều đơn vị, hãy tự chọn",
                                  "row {row} “{label}”: fits several units, choose one"),
    "submit.map_skip_formula": ("cột {letter} «{header}»: công thức của cấp trên, để nguyên",
                                "column {letter} “{header}”: the superior's formulas, left alone"),
    "submit.map_skip_totals": ("dòng tổng cộng: công thức của cấp trên, để nguyên",
                               "totals row: the superior's formulas, left alone"),
    "submit.map_skip_totals_others": ("dòng tổng cộng: bảng có đơn vị khác, để nguyên",
                                      "totals row: the table names other units, left alone"),
    "submit.map_skip_column": ("cột {letter} «{header}»: không khớp chỉ tiêu nào, dm05 để trống",
                               "column {letter} “{header}”: matches no indicator, left empty"),
    "submit.unit_hint": ("; dùng --unit {unit} nếu đúng", "; use --unit {unit} if that is right"),
    "submit.no_key_row": ("biểu dm05 không còn dòng khóa", "the dm05 form has lost its key row"),
    "submit.map_title": ("submit.toml do dm05 đề xuất cho biểu «{form}», đơn vị {unit}.",
                         "submit.toml proposed by dm05 for the form “{form}”, unit {unit}."),
    "submit.map_check": ("Hãy kiểm tra từng dòng (cột, dòng của biểu) trước khi dùng; sửa hoặc xóa dòng sai.",
                         "Check every line (the form's column and row) before use; correct or delete wrong ones."),
    "submit.map_column": ("cột {letter}: {label}", "column {letter}: {label}"),
    "submit.map_row": ("dòng {row}", "row {row}"),
    "submit.map_cell": ("ô {cell}", "cell {cell}"),
}


def text(code: str, lang: Lang, **params: object) -> str:
    vi, en = TEXTS[code]
    return render(en if lang == "en" else vi, params, lang)


def both(code: str, **params: object) -> dict[str, str]:
    """A text of :data:`TEXTS` in both languages, for a message or finding that picks one when shown."""
    return {"vi": text(code, "vi", **params), "en": text(code, "en", **params)}


def bilingual(code: str, **params: object) -> str:
    """"Vietnamese (English)", as workspace configuration errors read (pydantic validators give one string)."""
    return f"{text(code, 'vi', **params)} ({text(code, 'en', **params)})"


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
