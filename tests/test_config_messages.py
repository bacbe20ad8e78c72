"""A clerk's mistakes in dm05.toml and indicators.toml: one line in each language, naming the file, the field and
the fix; dates as clerks type them; the skeleton shows every section."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TINY_TOML
from dm05.cli import app
from dm05.errors import WorkspaceError
from dm05.workspace import load_config
from test_messages import VIETNAMESE


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dm05.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> WorkspaceError:
    with pytest.raises(WorkspaceError) as e:
        load_config(path)
    return e.value


def test_dates_in_dm05_toml_as_clerks_type_them(tmp_path: Path) -> None:
    text = TINY_TOML.replace("date = 2026-02-03", 'date = "15/12/2026"') + '\n[forms]\ndeadlines = { "2026" = ' \
        '"05-12-2026", "2027" = 2027-12-05 }\n'
    cfg = load_config(_config(tmp_path, text))
    assert cfg.report.date == dt.date(2026, 12, 15)
    assert cfg.forms.deadlines == {"2026": dt.date(2026, 12, 5), "2027": dt.date(2027, 12, 5)}


MISTAKES = [  # (what, change to the tiny dm05.toml, Vietnamese words, English words)
    ("bad date", ("date = 2026-02-03", 'date = "31/02/2026"'), "report.date: «31/02/2026» không phải ngày",
     "report.date: “31/02/2026” is not a date"),
    ("unknown key", ("date = 2026-02-03", "dat = 2026-02-03"), "report.dat: không có trường này. Có phải date?",
     "report.dat: there is no such key. Did you mean date?"),
    ("missing key", ('name = "Trần Thị B"\n', ""), "signer.name: thiếu", "signer.name: missing"),
    ("number for text", ('name = "Trần Thị B"', "name = 5"), "ngoặc kép thẳng", "straight double quotes"),
    ("text without quotes", ('name = "Trần Thị B"', "name = Trần Thị B"), "ngoặc kép thẳng",
     "straight double quotes"),
    ("curly quotes", ('name = "Trần Thị B"', "name = “Trần Thị B”"), "ngoặc kép cong", "curly quotes"),
    ("date without quotes", ("date = 2026-02-03", "date = 15/12/2026"), "\"15/12/2026\"", "\"15/12/2026\""),
    ("unclosed list", ('"Lưu Văn phòng Đảng ủy"]', '"Lưu Văn phòng Đảng ủy"'), "chưa đóng bằng ]",
     "not closed with ]"),
    ("wrong choice", ("[issuer]", 'prefer = "cha"\n\n[issuer]'), "chọn một trong: 'children', 'own'",
     "choose one of: 'children', 'own'"),
    ("number out of range", ("[report]", "[report]\nmin_coverage = 2"), "quá lớn; tối đa 1",
     "too large; at most 1"),
]


@pytest.mark.parametrize("what,change,vi,en", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_config_mistake_is_said_with_its_fix_in_each_language(tiny, what: str, change: tuple[str, str], vi: str,
                                                                 en: str) -> None:
    cfg = tiny.root / "dm05.toml"
    text = cfg.read_text(encoding="utf-8")
    assert change[0] in text
    cfg.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    for lang, words in (("vi", vi), ("en", en)):
        r = CliRunner().invoke(app, ["validate", str(tiny.root), "-p", "2026", "--lang", lang])
        assert r.exit_code == 2
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "dm05.toml" in lines[0] and words in lines[0], r.stderr
        if lang == "en":
            assert not VIETNAMESE.search(re.sub(r"“[^”]*”|\"[^\"]*\"", "", lines[0].replace(str(tiny.root), ""))), lines
        else:
            assert VIETNAMESE.search(lines[0])


def test_an_indicators_toml_mistake_is_said_in_each_language(tmp_path: Path) -> None:
    from dm05.indicators import load_catalogue

    path = tmp_path / "indicators.toml"
    path.write_text('[[indicator]]\nkey = "x"\nlabel = "X"\nkind = "sum"\nmeasure = 3\n', encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        load_catalogue(path)
    assert "x.kind: «sum» không dùng được" in e.value.message("vi") and "x.measure: cần chữ" in e.value.message("vi")
    assert "x.kind: “sum” cannot be used" in e.value.message("en")
    assert "x.measure: needs text" in e.value.message("en")


# ---- the skeleton

SECTIONS = ["[issuer]", "[number]", "[signer]", "recipients", "[report]", "date", "charts", "min_coverage",
            "[themes]", "cell_level", "prefer", "[validation]", "[limits]", "[forms]", "deadlines"]


def test_readme_and_skeleton_list_the_same_sections() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `dm05.toml`"))
    skeleton = (ROOT / "dm05" / "skeleton" / "dm05.toml").read_text(encoding="utf-8")
    for name in SECTIONS:
        assert f"`{name}" in row or f"{name}`" in row or f"] {name}`" in row, name
        assert re.search(rf"^#?\s*{re.escape(name)}(?!\w)", skeleton, re.M), name


def test_every_commented_setting_of_the_skeleton_works_once_uncommented(tmp_path: Path) -> None:
    skeleton = (ROOT / "dm05" / "skeleton" / "dm05.toml").read_text(encoding="utf-8")
    opened = re.sub(r"^# ?(?=\[[a-z]+\]\s*$|[a-z_]+ = | {4,}\")", "", skeleton, flags=re.M)  # and a list's next lines
    assert opened.count("\n# ") < skeleton.count("\n# ")  # something was uncommented
    cfg = load_config(_config(tmp_path, opened))
    assert cfg.report.date == dt.date(2026, 12, 10) and cfg.report.charts and cfg.report.min_coverage == 1.0
    assert cfg.validation.jump_factor == 3.0 and cfg.limits.max_rows == 300_000
    assert cfg.forms.deadlines == {"2026": dt.date(2026, 12, 5)}
    defaults = load_config(_config(tmp_path, skeleton))
    assert defaults.limits == cfg.limits and defaults.validation == cfg.validation  # the comments say the defaults
