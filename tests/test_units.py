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
                                       "001.01.001,Cơ sở,001.01,co_so\n001.01.001.01,Chi bộ,001.01.001,chi_bo\n"))
    assert tree.root == "001"
    assert tree.order == ["001", "001.01", "001.01.001", "001.01.001.01"]
    assert tree.depth["001.01.001.01"] == 3 and tree.is_leaf("001.01.001.01")
    assert tree.ancestors("001.01.001.01") == ["001.01.001", "001.01", "001"]


def test_semicolon_separated_file_with_bom_is_read(tmp_path: Path) -> None:
    p = tmp_path / "units.csv"
    p.write_bytes("\ufeffcode;name;parent;level\n01;Tỉnh;;tinh\n02;Xã;01;xa\n".encode("utf-8"))
    assert load_units(p).children["01"] == ["02"]


@pytest.mark.parametrize("body,fragment", [
    ("code,name,parent,level\n01,A,,tinh\n01,B,01,xa\n", "line 3"),            # duplicate code
    ("code,name,parent,level\n01,A,,tinh\n02,B,09,xa\n", "'09'"),              # dangling parent
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
