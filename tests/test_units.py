from pathlib import Path

import pytest

from dm05.errors import WorkspaceError
from dm05.units import load_units


def _units(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "units.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_codes_stay_text_with_leading_zeros_and_any_depth(tmp_path: Path) -> None:
    tree = load_units(_units(tmp_path, "code,name,parent,level\n001,Tỉnh,,tinh\n001.01,Xã,001,xa\n"
                                       "001.01.001,Cơ sở,001.01,co_so\n001.01.001.01,Chi bộ,001.01.001,chi_bo\n")).latest()
    assert tree.root == "001"
    assert tree.order == ["001", "001.01", "001.01.001", "001.01.001.01"]
    assert tree.depth["001.01.001.01"] == 3 and tree.is_leaf("001.01.001.01")
    assert tree.ancestors("001.01.001.01") == ["001.01.001", "001.01", "001"]


def test_semicolon_separated_file_with_bom_is_read(tmp_path: Path) -> None:
    p = tmp_path / "units.csv"
    p.write_bytes("\ufeffcode;name;parent;level\n01;Tỉnh;;tinh\n02;Xã;01;xa\n".encode("utf-8"))
    assert load_units(p).latest().children["01"] == ["02"]


@pytest.mark.parametrize("body,fragment", [
    ("code,name,parent,level\n01,A,,tinh\n01,B,01,xa\n", "line 3"),            # duplicate code
    ("code,name,parent,level\n01,A,,tinh\n02,B,09,xa\n", "“09”"),              # dangling parent
    ("code,name,parent,level\n01,A,,tinh\n02,B,03,xa\n03,C,02,xa\n", "cycle"),  # cycle
    ("code,name,parent,level\n01,A,02,tinh\n02,B,01,xa\n", "root"),            # no root
    ("code,name,parent,level\n01,A,,tinh\n02,B,,tinh\n", "root"),              # two roots
    ("code,name,level\n01,A,tinh\n", "parent"),                                # missing column
    ("code,name,parent,level\n01,,,tinh\n", "name"),                           # empty name
])
def test_structural_problems_name_file_and_problem(tmp_path: Path, body: str, fragment: str) -> None:
    with pytest.raises(WorkspaceError) as e:
        load_units(_units(tmp_path, body))
    msg = e.value.message("en")
    assert "units.csv" in msg and fragment in msg


REORGANISED = """code,name,parent,level,valid_from,valid_to
T,Tỉnh ủy,,tinh,,
H1,Huyện ủy Cũ,T,huyen,,2025-06-30
X1,Đảng bộ xã Một,H1,xa,,2025-06-30
X1,Đảng bộ xã Một,T,xa,2025-07-01,
C1,Chi bộ thôn Đông,X1,chi_bo,,
"""


def test_a_unit_can_move_under_a_new_parent_in_a_later_period(tmp_path: Path) -> None:
    from datetime import date
    history = load_units(_units(tmp_path, REORGANISED))
    before, after = history.on(date(2024, 12, 31)), history.on(date(2026, 12, 31))
    assert before.ancestors("C1") == ["X1", "H1", "T"]
    assert after.ancestors("C1") == ["X1", "T"] and "H1" not in after
    assert history.knows("H1") and history.by_name("Huyện ủy cũ") == ["H1"]


def test_overlapping_versions_of_a_code_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as e:
        load_units(_units(tmp_path, REORGANISED.replace("X1,Đảng bộ xã Một,T,xa,2025-07-01,", "X1,Đảng bộ xã Một,T,xa,2025-06-01,")))
    assert "line 5" in e.value.message("en") and "overlapping" in e.value.message("en")


def test_structure_is_checked_on_every_day_it_changes(tmp_path: Path) -> None:
    # the commune leaves the district on 1/7/2025 but no new parent row says where it goes
    broken = REORGANISED.replace("X1,Đảng bộ xã Một,T,xa,2025-07-01,\n", "")
    with pytest.raises(WorkspaceError) as e:
        load_units(_units(tmp_path, broken))
    assert "2025-07-01" in e.value.message("en") and "X1" in e.value.message("en")


def windows_1258(text: str) -> bytes:
    """``text`` as Vietnamese Excel saves "CSV" on Windows: code page 1258, letters with their marks composed
    where the code page has them (ô, ơ, â…) and the tone marks as separate combining characters."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
                   + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_units_saved_by_vietnamese_excel_are_read(tmp_path: Path) -> None:
    p = tmp_path / "units.csv"
    p.write_bytes(windows_1258("code;name;parent;level;valid_from\r\n001;Đảng bộ xã Mẫu;;xa;\r\n"
                               "001.01;Chi bộ thôn Đông;001;chi_bo;01/07/2025\r\n"))
    with pytest.raises(UnicodeDecodeError):
        p.read_bytes().decode("utf-8")  # the file is not UTF-8: it is read as Excel wrote it
    history = load_units(p)
    tree = history.latest()
    assert tree["001.01"].name == "Chi bộ thôn Đông" and tree.by_name("chi bộ thôn đông") == ["001.01"]
    assert str(tree["001.01"].valid_from) == "2025-07-01"


def test_units_in_no_vietnamese_encoding_say_how_to_save_as_csv_utf8(tmp_path: Path) -> None:
    p = tmp_path / "units.csv"
    p.write_bytes(b"code,name,parent,level\n01,\x81\x8d,,xa\n")  # bytes Windows-1258 leaves unassigned
    with pytest.raises(WorkspaceError) as e:
        load_units(p)
    assert "units.csv" in e.value.message("vi") and "«CSV UTF-8" in e.value.message("vi")
    assert "“CSV UTF-8" in e.value.message("en")
