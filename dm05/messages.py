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
        "{where} ghi kỳ «{value}», khác kỳ đang tổng hợp {period}. Kiểm tra lại tệp có đúng kỳ không.",
        "The {where} says “{value}”, not the period {period} being compiled. Check the file is for the right period.",
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
        "Thư mục {path} đã có {file} khác tệp mẫu; dm05 không ghi đè. Dùng --force để thay bằng tệp mẫu (bản cũ được "
        "giữ lại thành {file}.bak bên cạnh).",
        "{path} already holds a {file} of its own; dm05 leaves it as it is. Use --force to replace it with the "
        "skeleton's (the old one is kept as {file}.bak beside it).",
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
        "The sum of “{label}” ({key}) passes nine million billion đồng: too large to add exactly to the đồng; check the "
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
    # mistakes on the command line (exit 2); {command} is the command typed, {example} its first example
    "usage.no_command": (
        "Không có lệnh «{name}».{hint} Các lệnh: {commands}.",
        "There is no command “{name}”.{hint} The commands are: {commands}.",
    ),
    "usage.no_option": (
        "{command} không có tùy chọn {option}.{hint} Xem: {command} --help",
        "{command} has no option {option}.{hint} See: {command} --help",
    ),
    "usage.missing_argument": (
        "{command}: thiếu {metavar} ({help}). Ví dụ: {example}",
        "{command}: {metavar} is missing ({help}). Example: {example}",
    ),
    "usage.missing_option": (
        "{command}: thiếu {option} {metavar} ({help}). Ví dụ: {example}",
        "{command}: {option} {metavar} is missing ({help}). Example: {example}",
    ),
    "usage.needs_value": (
        "{option} cần một giá trị {metavar} ({help}). Ví dụ: {example}",
        "{option} needs a value {metavar} ({help}). Example: {example}",
    ),
    "usage.no_value": (
        "{option} không kèm giá trị; chỉ ghi {option}.",
        "{option} takes no value; write just {option}.",
    ),
    "usage.bad_choice": (
        "{option}: «{value}» không phải lựa chọn nào; chọn một trong: {choices}.{hint}",
        "{option}: “{value}” is not one of the choices: {choices}.{hint}",
    ),
    "usage.bad_number": (
        "{option}: «{value}» không phải số nguyên; ghi một số, ví dụ 2026.",
        "{option}: “{value}” is not a whole number; give a number such as 2026.",
    ),
    "usage.bad_value": (
        "{option}: không dùng được giá trị «{value}» ({help}).",
        "{option}: the value “{value}” cannot be used ({help}).",
    ),
    "usage.is_folder": (
        "{option}: «{value}» là một thư mục; hãy ghi tên tệp, ví dụ {value}/tong-hop.xlsx.",
        "{option}: “{value}” is a folder; give a file name, for example {value}/summary.xlsx.",
    ),
    "usage.extra_args": (
        "{command}: thừa «{args}». Tên thư mục hoặc tệp có dấu cách phải đặt trong ngoặc kép, ví dụ "
        "\"Bao cao 2026\". Xem: {command} --help",
        "{command}: unexpected “{args}”. A folder or file name with spaces goes in double quotes, for example "
        "\"Reports 2026\". See: {command} --help",
    ),
    "usage.other": (
        "{command}: lệnh chưa đúng ({detail}). Xem: {command} --help",
        "{command}: {detail}. See: {command} --help",
    ),
    "usage.unit_or_all": (
        "{command} cần --unit MÃ (một đơn vị) hoặc --all (mọi đơn vị trực thuộc), không cả hai.",
        "{command} needs --unit CODE (one unit) or --all (every unit below), not both.",
    ),
    "usage.form_or_map": (
        "{command} cần --form BIỂU (điền biểu của cấp trên) hoặc --map BIỂU (đề xuất tệp ánh xạ submit.toml), một "
        "trong hai.",
        "{command} needs --form FORM (fill the superior's form) or --map FORM (propose a submit.toml mapping), one "
        "of them.",
    ),
    "usage.xlsx_needs_output": (
        "--format xlsx ghi ra một tệp Excel, không in ra màn hình được: hãy thêm -o TỆP.xlsx, ví dụ -o tong-hop.xlsx.",
        "--format xlsx writes an Excel file, which cannot be shown on screen: add -o FILE.xlsx, for example "
        "-o summary.xlsx.",
    ),
    "usage.date": (
        "{option}: «{value}» không phải ngày; ghi dạng 15/12/2026 (ngày/tháng/năm) hoặc 2026-12-15.",
        "{option}: “{value}” is not a date; write it as 15/12/2026 (day/month/year) or 2026-12-15.",
    ),
    "usage.columns": (
        "--columns: không có chỉ tiêu {keys}.{hint} Dùng khóa chỉ tiêu, cách nhau bằng dấu phẩy, ví dụ "
        "--columns so_dang_vien,mo_hinh_moi; hoặc --columns all.",
        "--columns: no indicator {keys}.{hint} Give indicator keys separated by commas, for example "
        "--columns so_dang_vien,mo_hinh_moi; or --columns all.",
    ),
    "report.output_suffix": (
        "{path}: báo cáo ghi ra tệp .docx hoặc .pdf; hãy đặt tên tệp có đuôi .docx hoặc .pdf.",
        "{path}: a report is written as .docx or .pdf; give the file name a .docx or .pdf ending.",
    ),
    "pdf.needs_libreoffice": (
        "Không ghi được {path}: cần LibreOffice (soffice) để chuyển sang PDF mà máy này chưa có. Cài LibreOffice, "
        "hoặc ghi tệp .docx (-o {docx}) rồi mở bằng Word và lưu dạng PDF.",
        "Cannot write {path}: a PDF needs LibreOffice (soffice), which this machine lacks. Install LibreOffice, or "
        "write the .docx (-o {docx}), open it in Word and save it as PDF.",
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
    # the command line's own words
    "cli.error": ("Lỗi", "Error"),
    "cli.warning": ("Cảnh báo", "Warning"),
    "cli.stopped": ("Đã dừng; không có tệp kết quả nào bị ghi dở.", "Stopped; no output was left half-written."),
    "cli.internal_error": ("Lỗi nội bộ của dm05 ({detail}). Đặt DM05_DEBUG=1 để xem chi tiết và báo cho người bảo trì.",
                           "dm05 internal error ({detail}). Set DM05_DEBUG=1 for details and report it."),
    "cli.reading": ("Đang đọc", "Reading"),
    "cli.writing_forms": ("Đang lập biểu", "Writing"),
    "cli.wrote": ("Đã ghi {path}", "Wrote {path}"),
    "cli.report_written": ("Đã ghi báo cáo: {path}", "Report written: {path}"),
    "cli.pdf_written": ("Đã ghi PDF: {path}", "PDF written: {path}"),
    "cli.forms_written": ("Đã lập {n} biểu.", "{n} forms written."),
    "cli.version": ("dm05 phiên bản {version}", "dm05 version {version}"),
    # the layout of --help
    "help.usage": ("Cách dùng:", "Usage:"),
    "help.arguments": ("Đối số", "Arguments"),
    "help.options": ("Tùy chọn", "Options"),
    "help.commands": ("Lệnh", "Commands"),
    "help.examples": ("Ví dụ", "Examples"),
    "help.default": ("mặc định: {value}", "default: {value}"),
    "help.required": ("bắt buộc", "required"),
    "help.options_metavar": ("[TÙY_CHỌN]", "[OPTIONS]"),
    "help.command_metavar": ("LỆNH ...", "COMMAND ..."),
    "help.number": ("SỐ", "NUMBER"),
    "help.more": ("Hướng dẫn của từng lệnh: {command} LỆNH --help. Thông báo bằng tiếng Anh: --lang en.",
                  "Help on each command: {command} COMMAND --help. Messages in Vietnamese: --lang vi."),
    "pdf.timeout": ("quá {seconds} giây", "over {seconds} s"),
    "usage.did_you_mean": (" Có phải {choices}?", " Did you mean {choices}?"),
    "usage.choice": ("«{choice}»", "“{choice}”"),
    # details of a workspace file's mistake ({detail} of config.*, units.*, catalogue.invalid)
    "config.missing": ("thiếu; hãy thêm dòng {key} = … vào đúng bảng", "missing; add a line {key} = … to its table"),
    "config.unknown_key": ("không có trường này.{hint} Sửa lỗi chính tả hoặc xóa dòng này",
                           "there is no such key.{hint} Correct its spelling or delete the line"),
    "config.did_you_mean": (" Có phải {key}?", " Did you mean {key}?"),
    "config.known_keys": (" Các trường có: {keys}.", " The keys are: {keys}."),
    "config.choice": ("«{value}» không dùng được; chọn một trong: {choices}",
                      "“{value}” cannot be used; choose one of: {choices}"),
    "config.at_least": ("{value} quá nhỏ; tối thiểu {limit}", "{value} is too small; at least {limit}"),
    "config.above": ("{value} phải lớn hơn {limit}", "{value} must be greater than {limit}"),
    "config.at_most": ("{value} quá lớn; tối đa {limit}", "{value} is too large; at most {limit}"),
    "config.below": ("{value} phải nhỏ hơn {limit}", "{value} must be less than {limit}"),
    "config.too_short": ("cần ít nhất {n} mục", "needs at least {n} entries"),
    "config.needs_text": ("cần chữ: đặt trong cặp ngoặc kép thẳng, ví dụ \"Nguyễn Văn A\"",
                          "needs text: put it in straight double quotes, for example \"Nguyen Van A\""),
    "config.needs_whole": ("«{value}» không phải số nguyên; ghi số, không có ngoặc kép, ví dụ 3",
                           "“{value}” is not a whole number; write the number without quotes, for example 3"),
    "config.needs_number": ("«{value}» không phải số; ghi số không có ngoặc kép, dùng dấu chấm thập phân, ví dụ 0.95",
                            "“{value}” is not a number; write it without quotes, with a decimal point, for example 0.95"),
    "config.needs_bool": ("cần true hoặc false (chữ thường, không có ngoặc kép)",
                          "needs true or false (lower case, no quotes)"),
    "config.needs_date": ("«{value}» không phải ngày; ghi 2026-12-15 (không ngoặc kép) hoặc \"15/12/2026\"",
                          "“{value}” is not a date; write 2026-12-15 (no quotes) or \"15/12/2026\""),
    "config.needs_list": ("cần một danh sách trong ngoặc vuông, ví dụ [\"…\", \"…\"]",
                          "needs a list in square brackets, for example [\"…\", \"…\"]"),
    "config.needs_table": ("cần một bảng: dòng [tên bảng] rồi các dòng tên = giá trị",
                           "needs a table: a [name] line, then name = value lines"),
    "config.other": ("giá trị không dùng được ({detail})", "cannot be used ({detail})"),
    "config.utf8": ("tệp phải lưu dạng UTF-8 (trong Notepad: Lưu thành, Mã hóa: UTF-8)",
                    "the file must be saved as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"),
    "config.cell_level": ("cell_level: «{value}» không phải cấp nào trong units.csv; các cấp: {levels}",
                          "cell_level: “{value}” is not a level of units.csv; the levels are: {levels}"),
    "config.no_style": ("không có hồ sơ trình bày «{name}»; có: {styles}", "there is no style profile “{name}”; "
                        "there are: {styles}"),
    "toml.value": ("dòng {line}, cột {column}: giá trị không đọc được. Chữ phải đặt trong cặp ngoặc kép thẳng \"…\"; "
                   "số và true/false thì không",
                   "line {line}, column {column}: a value that cannot be read. Put text in straight double quotes "
                   "\"…\"; numbers and true/false go without"),
    "toml.curly_quotes": ("dòng {line}: có ngoặc kép cong “ ” (Word tự đổi); hãy gõ lại bằng ngoặc kép thẳng \" \", "
                          "ví dụ trong Notepad",
                          "line {line}: curly quotes “ ” (Word makes them); type straight double quotes \" \" "
                          "instead, in Notepad for example"),
    "toml.date": ("dòng {line}: ngày ghi dạng 2026-12-15 (không ngoặc kép) hoặc đặt trong ngoặc kép: \"15/12/2026\"",
                  "line {line}: write a date as 2026-12-15 (no quotes) or in quotes: \"15/12/2026\""),
    "toml.expected_equals": ("dòng {line}: thiếu dấu = giữa tên và giá trị (tên có dấu cách phải đặt trong ngoặc kép)",
                             "line {line}: no = between the name and its value (a name with spaces goes in quotes)"),
    "toml.unclosed_array": ("dòng {line}: danh sách mở bằng [ chưa đóng bằng ]; các mục cách nhau bằng dấu phẩy",
                            "line {line}: a list opened with [ is not closed with ]; items are separated by commas"),
    "toml.unclosed_table": ("dòng {line}: bảng mở bằng {{ chưa đóng bằng }}",
                            "line {line}: a table opened with {{ is not closed with }}"),
    "toml.unterminated": ("dòng {line}: chữ mở ngoặc kép mà chưa đóng; mở và đóng \" trên cùng một dòng",
                          "line {line}: text opened with a quote is not closed; open and close \" on the same line"),
    "toml.twice": ("dòng {line}: tên này đã có ở phía trên; xóa một trong hai dòng",
                   "line {line}: this name is already given above; delete one of the two"),
    "toml.table_name": ("dòng {line}: tên bảng phải đóng bằng ], ví dụ [report]",
                        "line {line}: a table name must end with ], for example [report]"),
    "toml.backslash": ("dòng {line}: dấu \\ trong chữ phải viết hai lần \\\\ (hoặc dùng /), thường gặp ở đường dẫn",
                       "line {line}: a \\ in text must be doubled \\\\ (or use /), as in a folder path"),
    "toml.statement": ("dòng {line}, cột {column}: dòng không đọc được; mỗi dòng là tên = giá trị, [tên bảng] hoặc "
                       "# chú thích",
                       "line {line}, column {column}: a line that cannot be read; each line is name = value, [table] "
                       "or # comment"),
    "toml.escape": ("dòng {line}: mã \\u… trong chữ không hợp lệ", "line {line}: an invalid \\u… code in text"),
    "toml.other": ("dòng {line}: {detail}", "line {line}: {detail}"),
    "toml.too_deep": ("dòng {line}: mảng hoặc bảng lồng nhau quá {depth} cấp", "line {line}: nested more than {depth} levels"),
    "toml.recursion": ("lồng nhau quá sâu", "nested too deep"),
    "csv.encoding": ("tệp không phải UTF-8. Trong Excel: Tệp › Lưu thành, chọn kiểu «CSV UTF-8 (phân cách bằng dấu phẩy)»",
                     "the file is not UTF-8. In Excel: File › Save As, and choose the type “CSV UTF-8 (Comma delimited)”"),
    "csv.missing_columns": ("thiếu cột {missing}; dòng đầu phải có các cột {required}",
                            "missing columns {missing}; the first line needs the columns {required}"),
    "csv.field_too_long": ("một ô dài quá 128 KB", "a field over 128 KB"),
    "csv.bad_line": ("dòng CSV không đọc được ({detail})", "an unreadable CSV line ({detail})"),
    "units.parent_unknown": ("đơn vị cấp trên «{parent}» của {code} không có trong danh sách",
                             "the parent “{parent}” of {code} is not listed"),
    "units.no_root": ("không có đơn vị gốc (đơn vị để trống cột parent)", "no root unit (one with an empty parent)"),
    "units.roots": ("có {n} đơn vị gốc (để trống cột parent): {codes}; chỉ được có một",
                    "{n} root units (with an empty parent): {codes}; there must be one"),
    "units.cycle": ("vòng lặp cấp trên, cấp dưới giữa: {codes}", "a parent cycle among: {codes}"),
    "units.none_valid": ("không có đơn vị nào còn hiệu lực ngày {day}", "no unit is valid on {day}"),
    "units.bad_date": ("{column} «{value}» không phải ngày; ghi 15/12/2026 hoặc 2026-12-15",
                       "{column} “{value}” is not a date; write 15/12/2026 or 2026-12-15"),
    "units.no_code": ("thiếu mã đơn vị (cột «code»)", "the code is empty"),
    "units.no_name": ("đơn vị {code} thiếu tên (cột «name»)", "unit {code} has no name"),
    "units.own_parent": ("{code} là cấp trên của chính nó", "{code} is its own parent"),
    "units.dates_reversed": ("valid_to trước valid_from", "valid_to is before valid_from"),
    "units.duplicate": ("mã {code} trùng với dòng {other} trong cùng thời gian hiệu lực",
                        "code {code} repeats line {other} over the same validity"),
    "units.empty": ("danh sách đơn vị trống", "the unit list is empty"),
    "changes.unknown_indicator": ("chỉ tiêu «{key}» trong cột shares không có trong danh mục",
                                  "the indicator “{key}” of the shares column is not in the catalogue"),
    "changes.share_range": ("tỷ lệ «{part}» phải từ 0 đến 1", "the share “{part}” must be between 0 and 1"),
    "changes.kind": ("kind «{kind}» phải là merge, rename hoặc split", "kind “{kind}” must be merge, rename or split"),
    "changes.missing_code": ("thiếu old_code hoặc new_code", "old_code or new_code is empty"),
    "changes.bad_date": ("date «{value}» không phải ngày; ghi 15/12/2026 hoặc 2026-12-15",
                         "date “{value}” is not a date; write 15/12/2026 or 2026-12-15"),
    "changes.split_shares": ("tách {old} → {new} cần nêu tỷ lệ chia cho từng chỉ tiêu ở cột shares, ví dụ "
                             "«so_dang_vien=0.6;*=0.5»",
                             "splitting {old} → {new} needs shares per indicator in the shares column, for example "
                             "“so_dang_vien=0.6;*=0.5”"),
    "changes.several": ("{old} chuyển sang nhiều đơn vị: hãy ghi kind=split và tỷ lệ chia",
                        "{old} goes to several units: use kind=split with shares"),
    "changes.shares_sum": ("tỷ lệ chia của {old} cho «{key}» cộng lại {total}, phải bằng 1",
                           "the shares of {old} for “{key}” add up to {total}, not 1"),
    "vocabulary.table": ("[{key}]: mỗi dòng là \"viết tắt\" = \"cụm đầy đủ\"",
                         "[{key}]: each line is \"abbreviation\" = \"full phrase\""),
    "vocabulary.words": ("[{key}]: cần words = [\"…\", …]", "[{key}]: needs words = [\"…\", …]"),
    "catalogue.entries": ("cần các mục [[indicator]]", "[[indicator]] entries expected"),
    "catalogue.no_key": ("một mục [[indicator]] thiếu key: {entry}", "an [[indicator]] has no key: {entry}"),
    "catalogue.unknown_ref": ("{key}: không có chỉ tiêu «{ref}»", "{key}: there is no indicator “{ref}”"),
    "catalogue.not_count": ("{key}: «{ref}» phải là chỉ tiêu đếm (kind = \"count\")",
                            "{key}: “{ref}” must be a count (kind = \"count\")"),
    "catalogue.header_twice": ("tiêu đề «{text}» chỉ cả {owner} lẫn {key}", "the header “{text}” names both {owner} "
                               "and {key}"),
    "catalogue.ratio_parts": ("tỷ lệ cần numerator và denominator", "a ratio needs numerator and denominator"),
    "catalogue.key_form": ("khóa chỉ gồm chữ thường không dấu, chữ số và _ (bắt đầu bằng chữ): nó là tên dùng trong "
                           "mẫu và phần lời, {{{{ v.khoa }}}}",
                           "a key is lower-case letters, digits and _ (starting with a letter): it is a name in "
                           "templates, {{{{ v.key }}}}"),
    "catalogue.not_money": ("{key}.{field}: «{given}» không phải đơn vị tiền; dùng: {units}",
                            "{key}.{field}: “{given}” is not a money unit; use one of: {units}"),
    "vocabulary.money": ("[{key}]: mỗi dòng là \"đơn vị\" = số đồng, ví dụ \"triệu đồng\" = 1000000",
                         "[{key}]: each line is \"unit\" = its đồng, for example \"triệu đồng\" = 1000000"),
    "style.cycle": ("based_on vòng lặp: {chain}", "based_on goes round in a circle: {chain}"),
    "style.no_base": ("based_on: không có hồ sơ «{base}»; có: {styles}", "based_on: there is no profile “{base}”; "
                      "there are: {styles}"),
    "report.no_narrative": ("không có phần lời này trong narrative/ hay dựng sẵn (kind.{kind}.narrative)",
                            "no such narrative in narrative/ nor built in (kind.{kind}.narrative)"),
    "report.file_name": ("chỉ tên tệp, không có thư mục", "a file name, no folder"),
    "report.summary_row": ("một dòng là [\"chỉ tiêu\"] hoặc [\"chỉ tiêu\", \"tỷ lệ\"]",
                           "a row is [\"indicator\"] or [\"indicator\", \"rate\"]"),
    "report.section_table": ("[{section}.<tên>] …", "[{section}.<name>] …"),
    "report.no_kind": ("kind.{key}.based_on: không có loại báo cáo «{base}»; có: {kinds}",
                       "kind.{key}.based_on: there is no kind “{base}”; there are: {kinds}"),
    "report.list_or_add": ("[{section}]: {list} = [...] (thay danh sách dựng sẵn) hoặc add = [...] (thêm vào)",
                           "[{section}]: {list} = [...] (replaces the built-in list) or add = [...] (adds to it)"),
    "report.no_section": ("[{section}]: không có mục này; có: {sections}", "[{section}]: no such section; there are: "
                          "{sections}"),
    "report.missing_table": ("[{table}] thiếu", "[{table}] is missing"),
    "report.no_indicator": ("{where}: không có chỉ tiêu «{key}»{hint}", "{where}: there is no indicator “{key}”{hint}"),
    "report.wrong_kind": ("{where}: «{key}» là {kind}, cần {needed}", "{where}: “{key}” is a {kind}, a {needed} is "
                          "needed"),
    "report.no_document": ("kind.{kind}.document: không có văn bản «{document}»; có: {documents}",
                           "kind.{kind}.document: there is no document “{document}”; there are: {documents}"),
    "report.no_template": ("kind.{kind}.template: không có mẫu «{template}» (dựng sẵn: {builtin}, hoặc một tệp trong "
                           "templates/)",
                           "kind.{kind}.template: there is no template “{template}” (built in: {builtin}, or a file "
                           "in templates/)"),
    "report.pair": ("{where}: «x/y» cần hai chỉ tiêu số lượng", "{where}: “x/y” needs two counts"),
    "report.chart_kinds": ("charts.items[{i}]: một biểu đồ chỉ vẽ một loại số liệu (tỷ lệ, số lượng hoặc số tiền); có: "
                           "{kinds}", "charts.items[{i}]: a chart draws one kind of figure (rates, counts or amounts); "
                           "it has: {kinds}"),
    "template.not_in_templates": ("không có tệp này trong templates/", "no such file in templates/"),
    "wsfile.only_entries": ("chỉ có các mục [[{table}]]", "only [[{table}]] entries"),
    "wsfile.only_entries_not": ("chỉ có các mục [[{table}]], không có «{name}»", "only [[{table}]] entries, not “{name}”"),
    "wsfile.use_entries": ("dùng [[{table}]]", "use [[{table}]]"),
    "explanations.unit_or_file": ("cần «unit» (hoặc «file» với cảnh báo không gắn đơn vị)",
                                  "unit is needed (or file, for a warning about no unit)"),
    "hint.there_are": (" Có: {items}", " There are: {items}"),
    "approval.new_file": ("thêm tệp {name}", "new file {name}"),
    "approval.file_gone": ("không còn tệp {name}", "file {name} is gone"),
    "approval.file_changed": ("tệp {name} đã đổi", "file {name} changed"),
    "approval.rollup_changed": ("số liệu tổng hợp đã khác: units.csv, danh mục hoặc dm05.toml đã đổi",
                                "the roll-up differs: units.csv, the catalogue or dm05.toml changed"),
    "approval.unit_gone": ("đơn vị không còn trong cơ cấu", "the unit is no longer in the structure"),
    "receipt.how.received": ("nhận bằng dm05 receive", "received"),
    "receipt.how.found": ("thấy trong inbox", "found"),
    "receipt.how.changed": ("đã đổi", "changed"),
    "receipt.describe": ("{when} ({how}, {digest})", "{when} ({how}, {digest})"),
    "receipts.no_file": ("cột «file» trống", "the file column is empty"),
    "receipts.bad_time": ("received_at «{value}» không phải thời điểm; ghi 03/12/2026 09:15 hoặc 2026-12-03 09:15",
                          "received_at “{value}” is not a date or time; write 03/12/2026 09:15 or 2026-12-03 09:15"),
    "receipts.bad_how": ("how «{value}» phải là một trong {choices}", "how “{value}” must be one of {choices}"),
    "receipts.bad_size": ("size «{value}» phải là số byte", "size “{value}” must be a number of bytes"),
    "receipts.bad_sha": ("sha256 «{value}» không phải mã SHA-256 (64 chữ số hex)",
                         "sha256 “{value}” is not a SHA-256 (64 hex digits)"),
    "gap.missing_units": ("; chưa có: {units}", "; missing: {units}"),
    "gap.missing_keys": ("; thiếu chỉ tiêu: {keys}", "; indicators missing: {keys}"),
    "limit.max_amount": ("1.000.000 tỷ đồng", "1,000,000 billion đồng"),
    "catalogue.amount_measure": ("số tiền phải có measure = \"{money}\" (input_unit và table_unit cho biết đơn vị "
                                 "khi nhập và khi trình bày)",
                                 "an amount is money: measure = \"{money}\" (input_unit and table_unit give the units "
                                 "it is typed and shown in)"),
    "catalogue.amount_fields": ("số tiền không có at_most, cell_default hay rating",
                                "an amount takes no at_most, cell_default or rating"),
    "catalogue.threshold_parts": ("ngưỡng cần target và min_per_year", "a threshold needs target and min_per_year"),
    # details of a template's mistake ({detail} of template.error) and of a report's warnings
    "template.split_tag": ("{template}: thẻ Jinja bị Word tách thành nhiều đoạn định dạng: «{tag}». Mở mẫu, xóa thẻ "
                           "rồi gõ lại liền một lượt",
                           "{template}: Word split a Jinja tag across formatting runs: “{tag}”. Open the template, "
                           "delete the tag and type it again in one go"),
    "template.bad_xml": ("XML sau khi điền số liệu không hợp lệ: {detail}", "invalid XML after rendering: {detail}"),
    "template.cannot_open": ("không mở được mẫu: {detail}", "cannot open the template: {detail}"),
    "template.unknown_variables": ("biến không có trong dữ liệu: {names}", "unknown variables: {names}"),
    "template.unknown_names": ("tên không có trong báo cáo: {names}", "unknown names: {names}"),
    "template.near": (" — gần đoạn: «{text}»", " — near: “{text}”"),
    "template.line": (" — dòng {line}", " — line {line}"),
    "template.line_text": (" — dòng {line}: «{text}»", " — line {line}: “{text}”"),
    "sandbox.recursion": ("gọi lồng nhau quá sâu", "recursion too deep"),
    "sandbox.memory": ("cần quá {mb} MB bộ nhớ", "needs more than {mb} MB of memory"),
    "sandbox.time": ("chạy quá {seconds} giây", "ran over {seconds} s"),
    "sandbox.range": ("range() quá lớn: {n} phần tử", "range() too large: {n} items"),
    "sandbox.repeat": ("phép nhân tạo quá {n} phần tử", "a repetition of more than {n} items"),
    "sandbox.power": ("lũy thừa quá lớn", "a power too large"),
    "sandbox.refused": ("không dùng được «{word}» trong mẫu (một mẫu là một tệp)",
                        "“{word}” cannot be used in a template (a template is one file)"),
    "report.partial_figure": ("«{label}»: số liệu của {n}/{m} {noun} (thiếu: {names})",
                              "“{label}”: figures of {n} of {m} {noun} (missing: {names})"),
    "report.base_units": ("đơn vị cơ sở", "base units"),
    "report.no_figure": ("«{label}»: chưa có số liệu để tính", "“{label}”: no figures to compute it from"),
    "report.more_units": ("{names} và {n} đơn vị khác", "{names} and {n} more"),
    # details of a finding ({reason}, {hint}, {value} … of RULES)
    "reason.no_header": ("không có dòng tiêu đề nhận ra được", "no recognisable header row"),
    "reason.reader_crashed": ("chương trình đọc tệp bị dừng đột ngột (tệp hỏng, hoặc cần quá nhiều bộ nhớ hay thời gian)",
                              "the reader stopped abruptly (a damaged file, or one that needs too much memory or time)"),
    "reason.reader_failed": ("lỗi khi đọc tệp (tệp hỏng hoặc dạng không hỗ trợ)",
                             "the reader failed (a damaged file or an unsupported format)"),
    "reason.start_damaged": ("phần đầu tệp bị hỏng", "the start of the file is damaged"),
    "reason.dtd": ("phần {part} khai báo DTD/thực thể XML (có thể là tấn công)",
                   "part {part} declares an XML DTD or entities (a possible attack)"),
    "reason.zip_entries": ("{n} phần trong tệp nén", "{n} zip entries"),
    "reason.inflates": ("giải nén ra {mb} MB, quá giới hạn {limit} MB", "it inflates to {mb} MB, over the {limit} MB limit"),
    "reason.zip_bomb": ("phần {part} nén {ratio} lần (bom giải nén)", "part {part} is compressed {ratio}× (a zip bomb)"),
    "reason.crc": ("một phần của tệp không khớp mã kiểm tra CRC", "a part of the file fails its CRC check"),
    "reason.broken_zip": ("tệp nén hỏng (chi tiết kỹ thuật: {detail})", "a broken zip ({detail})"),
    "reason.unreadable": ("không mở được như một bảng tính (chi tiết kỹ thuật: {detail})",
                          "it cannot be opened as a spreadsheet ({detail})"),
    "reason.os": ("máy báo lỗi khi mở tệp (chi tiết kỹ thuật: {detail})", "the system could not open it ({detail})"),
    "reason.unknown_encoding": ("phần {part} khai báo một bảng mã không có", "part {part} declares an unknown encoding"),
    "reason.not_xml": ("phần {part} không phải XML hợp lệ (dòng {line}, cột {column})",
                       "part {part} is not well-formed XML (line {line}, column {column})"),
    "reason.misplaced_tag": ("phần {part} có thẻ «{tag}» sai chỗ trong dữ liệu ô (một ô có thể bị mất)",
                             "part {part} holds a misplaced “{tag}” tag among the cells (a cell may be lost)"),
    "reason.repeat_count": ("phần {part} có số lặp không hợp lệ", "part {part} has an invalid repeat count"),
    "reason.max_cells": (", {n} ô", ", {n} cells"),
    "reason.truncated": ("tệp bị cắt cụt", "the file is truncated"),
    "reason.header_damaged": ("phần đầu tệp bị hỏng", "the file's header is damaged"),
    "reason.truncated_or_damaged": ("tệp bị cắt cụt hoặc hỏng", "the file is truncated or damaged"),
    "hint.did_you_mean": (" Có phải {choices}?", " Did you mean {choices}?"),
    "hint.keys": (". Có phải: {keys}?", ". Did you mean: {keys}?"),
    "hint.unit": (" Có phải «{name}» (mã {code})?", " Did you mean “{name}” ({code})?"),
    "value.blank": ("(trống)", "(blank)"),
    "value.form_names_no_unit": ("(biểu không ghi đơn vị)", "(the form names no unit)"),
    "where.title": ("Tiêu đề", "title"),
    "where.form": ("Biểu dm05", "dm05 form"),
    "where.file_name": ("Tên tệp", "file name"),
    "own.children": ("số của cấp dưới", "the sub-units' sum"),
    "own.own": ("số tự báo cáo", "its own figure"),
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
    # dm05 validate
    "validate.title": ("Kết quả kiểm tra kỳ {period}", "Validation of period {period}"),
    "validate.col_cell": ("Ô", "Cell"),
    "validate.col_unit": ("Đơn vị", "Unit"),
    "validate.col_level": ("Mức", "Level"),
    "validate.col_rule": ("Quy tắc", "Rule"),
    "validate.col_message": ("Nội dung", "Message"),
    "validate.file_ok": ("đạt", "ok"),
    "validate.file_warnings": ("cảnh báo", "warnings"),
    "validate.file_errors": ("có lỗi", "errors"),
    "validate.file_unreadable": ("không đọc được", "unreadable"),
    "validate.units": ("{n} đơn vị", "{n} units"),
    "validate.summary": ("{files} tệp, {units} đơn vị, {errors} lỗi, {warnings} cảnh báo{explained}.",
                         "{files} files, {units} units, {errors} errors, {warnings} warnings{explained}."),
    "validate.explained": (", {n} cảnh báo đã giải trình", ", {n} explained"),
    "severity.error": ("lỗi", "error"),
    "severity.warning": ("cảnh báo", "warning"),
    "severity.note": ("ghi chú", "note"),
    # dm05 status
    "status.title": ("Tình hình báo cáo kỳ {period}", "Reporting status, period {period}"),
    "status.col_code": ("Mã", "Code"),
    "status.col_unit": ("Đơn vị", "Unit"),
    "status.col_status": ("Tình trạng", "Status"),
    "status.col_reported": ("Báo cáo", "Reported"),
    "status.col_details": ("Chi tiết, tệp", "Details, files"),
    # dm05 explain
    "explain.title": ("{label} — {unit}, kỳ {period}: {value}", "{label} — {unit}, period {period}: {value}"),
    "explain.col_cell": ("Ô", "Cell"),
    "explain.col_unit": ("Đơn vị", "Unit"),
    "explain.col_value": ("Giá trị", "Value"),
    "explain.col_note": ("Ghi chú", "Note"),
    "explain.sum": ("Cộng {key}", "Sum of {key}"),
    "explain.sum_numerator": ("Cộng tử số: {keys}", "Sum of the numerator: {keys}"),
    "explain.sum_denominator": ("Cộng mẫu số: {keys}", "Sum of the denominator: {keys}"),
    # dm05 init
    "init.created": ("Đã tạo thư mục làm việc {path}:", "Workspace {path} created:"),
    "init.unchanged": ("Thư mục làm việc {path} đã có đủ các tệp mẫu; không ghi gì thêm.",
                       "Workspace {path} already holds the skeleton's files; nothing written."),
    "init.backup": ("Bản cũ của {file} được giữ ở {backup}.", "The old {file} is kept as {backup}."),
    "init.sample": ("{path} là số liệu ví dụ để thử; hãy xóa đi trước khi đặt tệp thật của các đơn vị vào.",
                    "{path} is sample data to try dm05 with; delete it before putting the units' real files there."),
    "init.no_sample": ("Không thêm tệp số liệu ví dụ vì thư mục inbox đã có số liệu.",
                       "No sample data file was added: the inbox already holds data."),
    "init.next": ("Tiếp theo: sửa dm05.toml và units.csv cho đúng cấp ủy của mình, rồi đặt tệp của các đơn vị vào {inbox}.",
                  "Next: adapt dm05.toml and units.csv to your committee, then put the units' files in {inbox}."),
    # dm05 indicators
    "indicators.title": ("Danh mục chỉ tiêu", "Indicator catalogue"),
    "indicators.narrow": ("Màn hình hẹp: bảng bỏ bớt bí danh, nguồn hoặc công thức tỷ lệ; xem đủ: --format json.",
                          "A narrow terminal: the table leaves out aliases, sources or rate formulas; for all of "
                          "them: --format json."),
    "indicators.col_key": ("Khóa", "Key"),
    "indicators.col_label": ("Nhãn", "Label"),
    "indicators.col_kind": ("Loại", "Kind"),
    "indicators.col_aliases": ("Bí danh", "Aliases"),
    "indicators.col_source": ("Nguồn", "Source"),
    "kind.count": ("số lượng", "count"),
    "kind.amount": ("số tiền", "amount"),
    "kind.ratio": ("tỷ lệ", "ratio"),
    "kind.threshold": ("số kỳ (ngưỡng)", "threshold"),
    "indicators.custom": ("riêng (indicators.toml)", "own (indicators.toml)"),
    "indicators.changed": ("dựng sẵn, đã sửa", "built-in, changed"),
    "indicators.caption": ("{n} chỉ tiêu, {added} do thư mục làm việc thêm. Cột của bảng tính ghi khóa, nhãn hoặc "
                           "bí danh; «dm05 explain --indicator» nhận cả ba.",
                           "{n} indicators, {added} added by the workspace. A sheet's column is headed by a key, "
                           "label or alias; “dm05 explain --indicator” takes any of them."),
    # dm05 aggregate
    "aggregate.against": ("(so với {period})", "(against {period})"),
    "aggregate.col_unit": ("Đơn vị", "Unit"),
    "aggregate.col_reported": ("Báo cáo", "Reported"),
    "aggregate.points": ("điểm", "points"),
    "aggregate.columns_left_out": (
        "Không đủ chỗ cho {n} cột: {keys}. Xem đủ mọi cột: --format csv -o tong-hop.csv (mở bằng Excel), hoặc chọn "
        "ít cột hơn: --columns KHÓA,KHÓA.",
        "No room for {n} columns: {keys}. For every column: --format csv -o summary.csv (open it in Excel), or pick "
        "fewer: --columns KEY,KEY."),
    "aggregate.columns_chosen": (
        "Bảng hiện {shown}/{total} chỉ tiêu chính. Chọn chỉ tiêu khác: --columns KHÓA,KHÓA (xem khóa trong "
        "--format csv); mọi chỉ tiêu: --format csv -o tong-hop.csv.",
        "The table shows {shown} of {total} indicators, the main ones. Others: --columns KEY,KEY (the keys are the "
        "columns of --format csv); all of them: --format csv -o summary.csv."),
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
                     "{noun} ({rate})"),
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
                     "Approved the figures of {unit} for {period} ({reported}/{expected} {noun}); written to {file}"),
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
    "submit.feature.defined_names": ("tên vùng («Defined Names» của Excel)", "defined names"),
    "submit.feature.hidden_sheets": ("trang tính ẩn", "hidden sheets"),
    "submit.feature.macros": ("macro (VBA)", "macros (VBA)"),
    "submit.feature.slicers": ("slicer, timeline", "slicers and timelines"),
    "submit.feature.pivot_tables": ("bảng tổng hợp (PivotTable)", "pivot tables"),
    "submit.feature.connections": ("kết nối dữ liệu ngoài", "external data connections"),
    "submit.feature.custom_xml": ("dữ liệu XML tùy biến", "custom XML parts"),
    "submit.feature.external_links": ("liên kết tới sổ làm việc khác", "links to other workbooks"),
    "submit.map_cell_ref": ("«{value}» không phải địa chỉ ô như D9", "“{value}” is not a cell reference such as D9"),
    "submit.map_one_way": ("cần «cell», hoặc «header» và «row»", "give “cell”, or “header” and “row”"),
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


# The help of the command line (``dm05 … --help``), read by dm05.cli_app: "<command path>" describes a command,
# "<command path>:examples" gives its examples (one a line), "<command path>.<parameter>" a parameter's help and
# "*.<parameter>" the help of a parameter that several commands share; "metavar.<parameter>" is the word shown in
# place of its value.
HELP: dict[str, tuple[str, str]] = {
    "dm05": (
        "Kiểm tra bảng số liệu các đơn vị gửi lên, tổng hợp số liệu lên các cấp và lập báo cáo thực hiện Chỉ thị "
        "05-CT/TW, Kết luận 01-KL/TW đúng thể thức văn bản của Đảng.",
        "Checks the spreadsheets party units send for their Directive 05 / Conclusion 01 reports, rolls the figures "
        "up the party hierarchy and writes the official report in the Party's document format.",
    ),
    "dm05:examples": (
        "dm05 init bao-cao-xa\ndm05 validate bao-cao-xa --period 2026\ndm05 report bao-cao-xa --period 2026",
        "dm05 init bao-cao-xa\ndm05 validate bao-cao-xa --period 2026\ndm05 report bao-cao-xa --period 2026",
    ),
    "dm05.version": ("In số phiên bản của dm05.", "Show dm05's version."),
    "*.help": ("Hiện hướng dẫn này.", "Show this help."),
    "*.workspace": ("Thư mục làm việc của cấp ủy (có dm05.toml và units.csv).",
                    "The committee's workspace folder (with dm05.toml and units.csv)."),
    "*.period": ("Kỳ báo cáo: 2026 (cả năm), 2026-H1 (6 tháng đầu năm), 2026-Q3 (quý III) hoặc 2021-2025 (nhiều năm).",
                 "The period: 2026 (a year), 2026-H1 (first half), 2026-Q3 (third quarter) or 2021-2025 (several "
                 "years)."),
    "*.force": ("Ghi đè tệp kết quả đã có.", "Overwrite an output that already exists."),
    "*.output": ("Tệp kết quả.", "The output file."),
    "*.lang": ("Ngôn ngữ của thông báo: vi (mặc định) hoặc en; đặt sẵn được bằng biến môi trường DM05_LANG=en.",
               "The language of messages: vi (the default) or en; DM05_LANG=en in the environment sets it too."),
    "*.quiet": ("Không hiện thanh tiến trình.", "No progress bar."),
    "metavar.workspace": ("THƯ_MỤC", "FOLDER"),
    "metavar.directory": ("THƯ_MỤC", "FOLDER"),
    "metavar.period": ("KỲ", "PERIOD"),
    "metavar.output": ("TỆP", "FILE"),
    "metavar.paths": ("TỆP", "FILE"),
    "metavar.unit": ("MÃ", "CODE"),
    "metavar.indicator": ("KHÓA", "KEY"),
    "metavar.compare": ("KỲ", "PERIOD"),
    "metavar.columns": ("KHÓA,...", "KEY,..."),
    "metavar.when": ("NGÀY", "DATE"),
    "metavar.kind": ("LOẠI", "KIND"),
    "metavar.year": ("NĂM", "YEAR"),
    "metavar.depth": ("SỐ_CẤP", "LEVELS"),

    "dm05 init": (
        "Tạo thư mục làm việc mẫu: dm05.toml, units.csv, indicators.toml và một tệp số liệu ví dụ, dùng được ngay "
        "để thử rồi sửa cho đúng cấp ủy của mình. Tệp đã có không bị ghi đè; với --force, mỗi tệp bị thay được "
        "giữ lại thành bản sao .bak bên cạnh.",
        "Create a workspace skeleton: dm05.toml, units.csv, indicators.toml and a sample data file, ready to try "
        "and then to adapt to your committee. Existing files are kept; with --force, each file replaced is first "
        "copied to a .bak beside it.",
    ),
    "dm05 init:examples": ("dm05 init bao-cao-xa\ndm05 init bao-cao-xa --year 2026",
                           "dm05 init bao-cao-xa\ndm05 init bao-cao-xa --year 2026"),
    "dm05 init.directory": ("Thư mục sẽ tạo (hoặc thư mục đã có).", "The folder to create (or one that exists)."),
    "dm05 init.year": ("Năm của thư mục số liệu mẫu inbox/NĂM.", "The year of the sample inbox folder inbox/YEAR."),
    "dm05 init.force": ("Thay cả các tệp đã có (bản cũ được giữ thành .bak).",
                        "Replace existing files too (the old ones are kept as .bak)."),

    "dm05 validate": (
        "Kiểm tra bảng số liệu các đơn vị gửi lên. Mỗi lỗi chỉ rõ tệp, trang tính, ô, đơn vị và cách sửa. Trả mã 1 "
        "khi có lỗi.",
        "Check the spreadsheets the units sent. Each problem names its file, sheet, cell and unit, and how to fix it. "
        "Exits with 1 when there are errors.",
    ),
    "dm05 validate:examples": (
        "dm05 validate bao-cao-xa --period 2026\ndm05 validate bao-cao-xa -p 2026 tep-moi-nhan/\n"
        "dm05 validate bao-cao-xa -p 2026 --format json > kiem-tra.json",
        "dm05 validate bao-cao-xa --period 2026\ndm05 validate bao-cao-xa -p 2026 new-files/\n"
        "dm05 validate bao-cao-xa -p 2026 --format json > check.json",
    ),
    "dm05 validate.paths": ("Tệp hoặc thư mục cần kiểm tra (mặc định: mọi tệp trong inbox/KỲ).",
                            "Files or folders to check (by default every file in inbox/PERIOD)."),
    "dm05 validate.format": ("Cách trình bày: bảng trên màn hình (table) hoặc JSON cho chương trình khác (json).",
                             "How to show the result: a table on screen (table) or JSON for other programs (json)."),
    "dm05 validate.strict": ("Coi cả cảnh báo là lỗi (trả mã 1).", "Treat warnings as errors too (exit 1)."),

    "dm05 aggregate": (
        "Cộng số liệu lên các cấp và in bảng tổng hợp. Tỷ lệ được tính lại từ tổng tử số và tổng mẫu số; bảng trên "
        "màn hình là của một đơn vị và các đơn vị trực thuộc, còn --format csv, xlsx hay json ghi mọi đơn vị, mọi "
        "chỉ tiêu ra tệp.",
        "Roll the figures up the hierarchy and show the summary. Rates are recomputed from summed parts; the table "
        "on screen shows one unit and the units below it, while --format csv, xlsx or json writes every unit and "
        "indicator to a file.",
    ),
    "dm05 aggregate:examples": (
        "dm05 aggregate bao-cao-xa --period 2026\ndm05 aggregate bao-cao-xa -p 2026 --compare 2025\n"
        "dm05 aggregate bao-cao-xa -p 2026 --columns so_dang_vien,mo_hinh_moi\n"
        "dm05 aggregate bao-cao-xa -p 2026 --format xlsx -o tong-hop-2026.xlsx",
        "dm05 aggregate bao-cao-xa --period 2026\ndm05 aggregate bao-cao-xa -p 2026 --compare 2025\n"
        "dm05 aggregate bao-cao-xa -p 2026 --columns so_dang_vien,mo_hinh_moi\n"
        "dm05 aggregate bao-cao-xa -p 2026 --format xlsx -o summary-2026.xlsx",
    ),
    "dm05 aggregate.format": ("table (bảng trên màn hình), csv, xlsx (cần -o) hoặc json.",
                              "table (on screen), csv, xlsx (needs -o) or json."),
    "dm05 aggregate.unit": ("Mã đơn vị có bảng cần xem (mặc định: đơn vị gốc).",
                            "The code of the unit to show (by default the root)."),
    "dm05 aggregate.compare": ("So sánh với một kỳ khác, ví dụ 2025: mỗi số kèm mức thay đổi.",
                               "Compare with another period, for example 2025: each figure with its change."),
    "dm05 aggregate.columns": (
        "Các chỉ tiêu hiện trong bảng: khóa chỉ tiêu cách nhau bằng dấu phẩy, hoặc all (tất cả).",
        "The indicators the table shows: indicator keys separated by commas, or all."),

    "dm05 status": (
        "Đơn vị nào đã báo cáo đủ, đơn vị nào còn thiếu hoặc có lỗi. Mỗi đơn vị kèm tệp của mình và điều còn thiếu "
        "(lỗi, số chưa đọc được, đơn vị hay chỉ tiêu chưa có); trả mã 1 khi còn đơn vị chưa xong.",
        "Which units reported in full, which are missing or wrong. Each unit with its files and what it lacks "
        "(errors, unread numbers, units or indicators missing); exits with 1 while any unit is not done.",
    ),
    "dm05 status:examples": ("dm05 status bao-cao-xa --period 2026\ndm05 status bao-cao-xa -p 2026 --all",
                             "dm05 status bao-cao-xa --period 2026\ndm05 status bao-cao-xa -p 2026 --all"),
    "dm05 status.format": ("Cách trình bày: bảng trên màn hình (table) hoặc JSON (json).",
                           "How to show the result: a table on screen (table) or JSON (json)."),
    "dm05 status.all": ("Hiện cả các đơn vị đã báo cáo đủ.", "Show the units that reported in full too."),

    "dm05 explain": (
        "Một số liệu được cộng từ những ô nào. Kèm những đơn vị cơ sở được tính, những đơn vị chưa được tính và lý do.",
        "Where a figure comes from. The cells that add up to it, the base units it includes, and those it leaves "
        "out with why.",
    ),
    "dm05 explain:examples": (
        "dm05 explain bao-cao-xa --period 2026 --unit 001 --indicator so_dang_vien\n"
        "dm05 explain bao-cao-xa -p 2026 --unit 001 --indicator ti_le_dang_vien_dang_ky",
        "dm05 explain bao-cao-xa --period 2026 --unit 001 --indicator so_dang_vien\n"
        "dm05 explain bao-cao-xa -p 2026 --unit 001 --indicator ti_le_dang_vien_dang_ky",
    ),
    "dm05 explain.unit": ("Mã đơn vị (cột code trong units.csv).", "The unit's code (the code column of units.csv)."),
    "dm05 explain.indicator": ("Khóa chỉ tiêu, ví dụ so_dang_vien hoặc ti_le_dang_vien_dang_ky.",
                               "The indicator's key, for example so_dang_vien or ti_le_dang_vien_dang_ky."),
    "dm05 explain.format": ("Cách trình bày: bảng trên màn hình (table) hoặc JSON (json).",
                            "How to show the result: a table on screen (table) or JSON (json)."),

    "dm05 indicators": (
        "Danh mục chỉ tiêu của thư mục làm việc: khóa, nhãn, loại và bí danh của từng chỉ tiêu. Chỉ tiêu do "
        "indicators.toml thêm hoặc sửa được ghi rõ; cột của bảng tính ghi khóa, nhãn hoặc bí danh.",
        "The workspace's indicator catalogue: each indicator's key, label, kind and aliases. Those indicators.toml "
        "adds or changes are marked; a sheet's column is headed by a key, label or alias.",
    ),
    "dm05 indicators:examples": ("dm05 indicators bao-cao-xa\ndm05 indicators bao-cao-xa --format json",
                                 "dm05 indicators bao-cao-xa\ndm05 indicators bao-cao-xa --format json"),
    "dm05 indicators.format": ("Cách trình bày: bảng trên màn hình (table) hoặc JSON (json).",
                               "How to show the result: a table on screen (table) or JSON (json)."),
    "dm05 report": (
        "Lập báo cáo đúng thể thức văn bản của Đảng. Kiểm tra, tổng hợp rồi ghi báo cáo .docx kèm phụ lục số liệu, "
        "hoặc ghi thẳng ra PDF (-o bao-cao.pdf, cần LibreOffice). Dừng lại khi số liệu còn lỗi hoặc thiếu, trừ "
        "khi dùng --draft.",
        "Write the report in the Party's document format. Checks and rolls up the figures, then writes a .docx "
        "with its statistical annex, or straight to PDF (-o report.pdf, needs LibreOffice). Stops while the data "
        "has errors or gaps, unless --draft.",
    ),
    "dm05 report:examples": (
        "dm05 report bao-cao-xa --period 2026\ndm05 report bao-cao-xa -p 2026 -o bao-cao-2026.docx --date 15/12/2026\n"
        "dm05 report bao-cao-xa -p 2026 -o bao-cao-2026.pdf\ndm05 report bao-cao-xa -p 2026 --draft",
        "dm05 report bao-cao-xa --period 2026\ndm05 report bao-cao-xa -p 2026 -o report-2026.docx --date 15/12/2026\n"
        "dm05 report bao-cao-xa -p 2026 -o report-2026.pdf\ndm05 report bao-cao-xa -p 2026 --draft",
    ),
    "dm05 report.kind": (
        "Loại báo cáo (mặc định theo kỳ). Ghi --kind không kèm giá trị để xem các loại.",
        "The kind of report (by default from the period). --kind with no value lists the kinds."),
    "dm05 report.output": (
        "Tệp báo cáo, .docx hoặc .pdf (mặc định: THƯ_MỤC/reports/bao_cao_KỲ.docx).",
        "The report file, .docx or .pdf (by default FOLDER/reports/bao_cao_PERIOD.docx)."),
    "dm05 report.draft": ("Lập bản DỰ THẢO dù số liệu còn thiếu hoặc có lỗi, kèm danh sách những gì còn thiếu.",
                          "Write a DRAFT despite missing or wrong figures, listing what is missing."),
    "dm05 report.pdf": ("Ghi thêm bản PDF bên cạnh tệp .docx (cần LibreOffice).",
                        "Also write a PDF beside the .docx (needs LibreOffice)."),
    "dm05 report.depth": ("Số cấp đơn vị trong phụ lục (mặc định: mọi cấp).",
                          "How many levels of units the annex shows (by default all)."),
    "dm05 report.when": (
        "Ngày ký, ví dụ 15/12/2026 (mặc định: [report] date trong dm05.toml; không có thì để trống để ghi tay).",
        "The signing date, for example 15/12/2026 (by default [report] date of dm05.toml; else left blank to write "
        "by hand)."),

    "dm05 form": (
        "Lập biểu nhập số liệu (.xlsx) gửi các đơn vị. Cho một đơn vị (--unit), hoặc cho mọi đơn vị trực thuộc "
        "(--all, vào thư mục outbox/KỲ/).",
        "Write intake forms (.xlsx) for the units to fill. For one unit (--unit), or for every unit below (--all, "
        "into the folder outbox/PERIOD/).",
    ),
    "dm05 form:examples": ("dm05 form bao-cao-xa --period 2026 --all\ndm05 form bao-cao-xa -p 2026 --unit 001.01",
                           "dm05 form bao-cao-xa --period 2026 --all\ndm05 form bao-cao-xa -p 2026 --unit 001.01"),
    "dm05 form.unit": ("Mã đơn vị nhận biểu.", "The code of the unit the form is for."),
    "dm05 form.all_units": ("Lập biểu cho mọi đơn vị trực thuộc.", "Write a form for every unit below."),
    "dm05 form.output": ("Tệp (một đơn vị) hoặc thư mục (--all).", "A file (one unit) or a folder (--all)."),
    "metavar.dm05 form.output": ("TỆP_HOẶC_THƯ_MỤC", "FILE_OR_FOLDER"),

    "dm05 submit": (
        "Điền số liệu của cấp ủy vào biểu của cấp trên (.xlsx), ghi ra tệp mới. Biểu do dm05 lập được điền theo "
        "dòng khóa ẩn; biểu khác theo tệp ánh xạ submit.toml, mà --map đề xuất. Dừng lại khi số liệu còn thiếu "
        "hoặc có lỗi, trừ khi dùng --draft.",
        "Fill the superior's form (.xlsx) with this committee's figures, into a new file. A form dm05 made is "
        "filled by its hidden key row; any other through a submit.toml mapping, which --map proposes. Stops while "
        "figures are missing or wrong, unless --draft.",
    ),
    "dm05 submit:examples": (
        "dm05 submit bao-cao-xa --period 2026 --form bieu-tinh.xlsx -o gui-tinh.xlsx\n"
        "dm05 submit bao-cao-xa -p 2026 --map bieu-tinh.xlsx -o bao-cao-xa/submit.toml",
        "dm05 submit bao-cao-xa --period 2026 --form province-form.xlsx -o to-province.xlsx\n"
        "dm05 submit bao-cao-xa -p 2026 --map province-form.xlsx -o bao-cao-xa/submit.toml",
    ),
    "dm05 submit.form_path": ("Biểu của cấp trên (.xlsx) cần điền.", "The superior's form (.xlsx) to fill."),
    "dm05 submit.map_path": ("Đề xuất tệp ánh xạ submit.toml cho biểu này (in ra, hoặc ghi vào -o).",
                             "Propose a submit.toml mapping for this form (printed, or written to -o)."),
    "dm05 submit.output": ("Tệp kết quả (mặc định: THƯ_MỤC/reports/ và tên biểu).",
                           "The output file (by default FOLDER/reports/ and the form's name)."),
    "dm05 submit.unit": ("Đơn vị báo cáo (mặc định: đơn vị gốc của units.csv).",
                         "The unit reporting (by default the root of units.csv)."),
    "dm05 submit.draft": ("Điền cả khi số liệu chưa đầy đủ hoặc có lỗi; biểu ghi rõ là DỰ THẢO.",
                          "Fill despite gaps or errors; the form says it is a DRAFT."),
    "dm05 submit.mapping": ("Tệp ánh xạ (mặc định: THƯ_MỤC/submit.toml).",
                            "The mapping file (by default FOLDER/submit.toml)."),
    "dm05 submit.format": ("Cách trình bày: bảng trên màn hình (table) hoặc JSON (json).",
                           "How to show the result: a table on screen (table) or JSON (json)."),
    "metavar.form_path": ("BIỂU", "FORM"),
    "metavar.map_path": ("BIỂU", "FORM"),
    "metavar.mapping": ("TỆP", "FILE"),

    "dm05 receive": (
        "Nhận tệp của đơn vị vào inbox/KỲ/ và ghi sổ nhận (receipts.csv) với thời điểm nhận. Tệp gốc giữ nguyên; "
        "dm05 không ghi đè một tệp khác cùng tên (đặt tên mới bằng --as).",
        "Receive units' files into inbox/PERIOD/ and log them in receipts.csv with when they arrived. The "
        "originals are left as they are; dm05 never writes over another file of the same name (rename with --as).",
    ),
    "dm05 receive:examples": (
        "dm05 receive bao-cao-xa --period 2026 xa_tan_lap.xlsx --at \"03/12/2026 09:15\"\n"
        "dm05 receive bao-cao-xa -p 2026 xa_tan_lap.xlsx --as \"xa_tan_lap (2).xlsx\"",
        "dm05 receive bao-cao-xa --period 2026 xa_tan_lap.xlsx --at \"03/12/2026 09:15\"\n"
        "dm05 receive bao-cao-xa -p 2026 xa_tan_lap.xlsx --as \"xa_tan_lap (2).xlsx\"",
    ),
    "dm05 receive.files": ("Tệp đơn vị gửi (chép vào inbox/KỲ/).", "The files the units sent (copied to inbox/PERIOD/)."),
    "dm05 receive.as_name": ("Tên trong inbox (khi nhận một tệp).", "The name in the inbox (when receiving one file)."),
    "dm05 receive.at": ("Thời điểm nhận, ví dụ 03/12/2026 09:15 (mặc định: bây giờ).",
                        "When it arrived, for example 03/12/2026 09:15 (by default now)."),
    "dm05 receive.format": ("Cách trình bày: danh sách trên màn hình (table) hoặc JSON (json).",
                            "How to show the result: a list on screen (table) or JSON (json)."),
    "dm05 explain-finding": (
        "Ghi giải trình một cảnh báo vào explanations.toml. Cảnh báo đã giải trình được liệt kê riêng và không "
        "tính vào --strict, cho đến khi số liệu mà nó giải trình thay đổi.",
        "Mark a warning explained in explanations.toml. An explained warning is listed apart and does not count "
        "toward --strict, until the figures it explains change.",
    ),
    "dm05 explain-finding:examples": (
        "dm05 explain-finding bao-cao-xa -p 2026 --rule value.jump --unit 001.01 --indicator mo_hinh_moi "
        "--text \"Năm nay xã nhân rộng mô hình dân vận khéo\" --by \"Nguyễn Văn A\"",
        "dm05 explain-finding bao-cao-xa -p 2026 --rule value.jump --unit 001.01 --indicator mo_hinh_moi "
        "--text \"The commune spread the model this year\" --by \"Nguyen Van A\"",
    ),
    "dm05 explain-finding.rule": ("Quy tắc của cảnh báo, ví dụ value.jump; coverage.partial: đơn vị thiếu số liệu "
                                  "(dm05 status).",
                                  "The warning's rule, for example value.jump; coverage.partial: a unit short of "
                                  "figures (dm05 status)."),
    "dm05 explain-finding.text_": ("Nội dung giải trình.", "What explains it."),
    "dm05 explain-finding.by": ("Người giải trình.", "Who explains it."),
    "dm05 explain-finding.unit": ("Mã đơn vị.", "The unit's code."),
    "dm05 explain-finding.indicator": ("Khóa chỉ tiêu (nếu cảnh báo gắn với chỉ tiêu).",
                                       "The indicator's key (when the warning is about one)."),
    "dm05 explain-finding.file": ("Tệp, với cảnh báo không gắn đơn vị, ví dụ inbox/2026/x.xlsx.",
                                  "The file, for a warning about no unit, for example inbox/2026/x.xlsx."),
    "dm05 explain-finding.format": ("Cách trình bày: trên màn hình (table) hoặc JSON (json).",
                                    "How to show the result: on screen (table) or JSON (json)."),
    "dm05 approve": (
        "Phê duyệt số liệu của kỳ (ghi vào approvals.toml): từ đó mọi thay đổi tệp hay số liệu dưới đơn vị đã "
        "phê duyệt là lỗi, cho đến khi phê duyệt lại hoặc mở lại (--reopen). Cấp trên phê duyệt sau các đơn vị "
        "trực thuộc.",
        "Sign a period's figures off (in approvals.toml): every change of a file or a figure under an approved "
        "unit is then an error, until approved again or reopened (--reopen). A parent is approved after the "
        "units below it.",
    ),
    "dm05 approve:examples": (
        "dm05 approve bao-cao-xa --period 2026 --unit 001 --by \"Nguyễn Văn A\"\n"
        "dm05 approve bao-cao-xa -p 2026 --unit 001 --reopen --by \"Nguyễn Văn A\" --note \"Xã gửi lại số liệu\"",
        "dm05 approve bao-cao-xa --period 2026 --unit 001 --by \"Nguyen Van A\"\n"
        "dm05 approve bao-cao-xa -p 2026 --unit 001 --reopen --by \"Nguyen Van A\" --note \"Resent figures\"",
    ),
    "dm05 approve.by": ("Người phê duyệt.", "Who approves."),
    "dm05 approve.unit": ("Mã đơn vị (mặc định: đơn vị gốc, cả cây).", "The unit's code (by default the root, the "
                          "whole tree)."),
    "dm05 approve.reopen": ("Mở lại số liệu đã phê duyệt.", "Reopen approved figures."),
    "dm05 approve.force": ("Phê duyệt dù đơn vị trực thuộc chưa phê duyệt hoặc còn lỗi (cần --note).",
                           "Approve although units below are not approved or errors remain (needs --note)."),
    "dm05 approve.note": ("Ghi chú, lý do.", "A note, the reason."),
    "dm05 approve.format": ("Cách trình bày: trên màn hình (table) hoặc JSON (json).",
                            "How to show the result: on screen (table) or JSON (json)."),
    "metavar.files": ("TỆP", "FILE"),
    "metavar.as_name": ("TÊN", "NAME"),
    "metavar.at": ("THỜI_ĐIỂM", "WHEN"),
    "metavar.rule": ("QUY_TẮC", "RULE"),
    "metavar.text_": ("NỘI_DUNG", "TEXT"),
    "metavar.by": ("HỌ_TÊN", "NAME"),
    "metavar.file": ("TỆP", "FILE"),
    "metavar.note": ("GHI_CHÚ", "NOTE"),

    "dm05 template": ("Mẫu báo cáo để sửa trong Word hoặc LibreOffice.", "Report templates to edit in Word or LibreOffice."),
    "dm05 template:examples": ("dm05 template export annual bao-cao-xa/templates",
                               "dm05 template export annual bao-cao-xa/templates"),
    "dm05 template export": (
        "Ghi mẫu .docx và phần lời dựng sẵn ra để sửa. Sửa xong trong Word hoặc LibreOffice, đặt mẫu vào "
        "THƯ_MỤC/templates/ và phần lời vào THƯ_MỤC/narrative/ của thư mục làm việc.",
        "Write a built-in .docx template and its narrative out to edit. Once edited in Word or LibreOffice, put "
        "the template in FOLDER/templates/ and the narrative in FOLDER/narrative/ of the workspace.",
    ),
    "dm05 template export:examples": ("dm05 template export annual bao-cao-xa/templates\n"
                                      "dm05 template export annual bao-cao-xa/templates --workspace bao-cao-xa",
                                      "dm05 template export annual bao-cao-xa/templates\n"
                                      "dm05 template export annual bao-cao-xa/templates --workspace bao-cao-xa"),
    "dm05 template export.workspace": (
        "Dựng mẫu theo hồ sơ thể thức, các cột và loại báo cáo của thư mục làm việc này.",
        "Build the template for this workspace's style profile, columns and report kinds."),
    "dm05 template export.kind": ("Loại báo cáo, ví dụ annual, half_year, review hoặc annex.",
                                  "The kind of report, for example annual, half_year, review or annex."),
    "dm05 template export.directory": ("Thư mục ghi mẫu.", "The folder to write to."),
}


def text(code: str, lang: Lang, /, **params: object) -> str:
    vi, en = TEXTS[code]
    return render(en if lang == "en" else vi, params, lang)


def both(code: str, /, **params: object) -> dict[str, str]:
    """A text of :data:`TEXTS` in both languages, for a message or finding that picks one when shown."""
    return {"vi": text(code, "vi", **params), "en": text(code, "en", **params)}


def same(value: str) -> dict[str, str]:
    """Words that read the same in both languages (a field's path, a quotation, nothing), to join with others."""
    return {"vi": value, "en": value}


def joined(parts: list[dict[str, str]], sep: str = "; ") -> dict[str, str]:
    """Several texts made by :func:`both`, joined in each language."""
    return {lang: sep.join(p[lang] for p in parts) for lang in ("vi", "en")}


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
