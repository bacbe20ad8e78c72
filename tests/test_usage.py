"""Mistakes on the command line and --help, in both languages: a mistake is one line with exit code 2, said
before any work; help reads well for a clerk, from the catalogue."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from dm05.cli import app
from dm05.cli_app import Dm05Command, Dm05Group, Dm05Typer
from dm05.messages import HELP
from test_messages import ENGLISH, VIETNAMESE

runner = CliRunner()
NOWHERE = "khong-co-thu-muc"  # a workspace that does not exist: a mistake said before the workspace is read


def invoke(*args: object, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def one_line(result, lang: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert "Traceback" not in line and "nội bộ" not in line and "internal" not in line
    assert line.startswith("Lỗi: " if lang == "vi" else "Error: "), line
    if lang == "en":
        assert not VIETNAMESE.search(re.sub(r"“[^”]*”", "", line)), line
    else:
        assert VIETNAMESE.search(line), line
    return line


CASES = [  # (what, arguments, in the Vietnamese line, in the English line)
    ("unknown command", ["validat", NOWHERE], "Có phải «validate»?", "Did you mean “validate”?"),
    ("unknown option", ["validate", NOWHERE, "-p", "2026", "--formt", "json"], "«--format»", "“--format”"),
    ("mistyped choice", ["validate", NOWHERE, "-p", "2026", "--format", "jsn"], "«json»", "“json”"),
    ("missing argument", ["validate", "-p", "2026"], "thiếu THƯ_MỤC", "FOLDER is missing"),
    ("missing option", ["validate", NOWHERE], "thiếu --period", "--period PERIOD is missing"),
    ("option without its value", ["validate", NOWHERE, "-p"], "-p cần một giá trị", "-p needs a value"),
    ("flag given a value", ["validate", NOWHERE, "-p", "2026", "--strict=1"], "chỉ ghi --strict", "just --strict"),
    ("extra argument", ["init", "a", "b"], "thừa «b»", "unexpected “b”"),
    ("not a number", ["init", NOWHERE, "--year", "abc"], "«abc» không phải số nguyên", "“abc” is not a whole number"),
    ("not a language", ["validate", NOWHERE, "-p", "2026", "--lang", "fr"], "chọn một trong: vi, en",
     "one of the choices: vi, en"),
    ("not a date", ["report", NOWHERE, "-p", "2026", "--date", "31/02/2026"], "«31/02/2026» không phải ngày",
     "“31/02/2026” is not a date"),
    ("unit or all", ["form", NOWHERE, "-p", "2026"], "--unit MÃ", "--unit CODE"),
    ("xlsx on screen", ["aggregate", NOWHERE, "-p", "2026", "-f", "xlsx"], "-o TỆP.xlsx", "-o FILE.xlsx"),
    ("unknown columns", ["aggregate", "data/demo", "-p", "2026", "--columns", "so_dang_vein"],
     "Có phải «so_dang_vien»", "Did you mean “so_dang_vien”"),
    ("report to another format", ["report", NOWHERE, "-p", "2026", "-o", "bao-cao.txt"], ".docx hoặc .pdf",
     ".docx or .pdf"),
]


@pytest.mark.parametrize("what,args,vi,en", CASES, ids=[c[0] for c in CASES])
def test_a_usage_mistake_is_one_line_in_each_language(what: str, args: list[str], vi: str, en: str) -> None:
    assert vi in one_line(invoke(*args), "vi")
    assert en in one_line(invoke(args[0], "--lang", "en", *args[1:]), "en")
    assert en in one_line(invoke(*args, env={"DM05_LANG": "en"}), "en")


def test_lang_before_the_command_is_understood() -> None:
    assert "Did you mean “validate”?" in one_line(invoke("--lang", "en", "validat"), "en")
    r = invoke("--lang", "en", "--help")
    assert r.exit_code == 0 and "Usage: dm05" in r.stdout


def test_output_that_is_a_folder_is_named_as_one(tmp_path: Path) -> None:
    line = one_line(invoke("aggregate", NOWHERE, "-p", "2026", "-f", "csv", "-o", tmp_path), "vi")
    assert f"«{tmp_path}» là một thư mục" in line


def test_a_pdf_without_libreoffice_is_refused_before_any_work(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("dm05.pdf.find_soffice", lambda: None)
    out = tmp_path / "bao-cao.pdf"
    line = one_line(invoke("report", NOWHERE, "-p", "2026", "-o", out), "vi")
    assert "LibreOffice" in line and str(out.with_suffix(".docx")) in line
    assert list(tmp_path.iterdir()) == []  # no .docx under a .pdf name, nor beside it


def test_bad_parameter_raised_in_a_command_is_a_usage_mistake_not_an_internal_error() -> None:
    """Any command of a Dm05Typer, including ones other engineers add: typer.BadParameter from its body is said
    in one line with exit 2."""
    other = Dm05Typer(name="dm05")

    @other.command()
    def thu(when: Annotated[str, typer.Option("--date")] = "") -> None:
        raise typer.BadParameter("x", param_hint="--date")

    @other.command()
    def khac() -> None:
        pass

    r = runner.invoke(other, ["thu", "--date", "1"])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "nội bộ" not in r.stderr and "internal" not in r.stderr and r.stderr.startswith("Lỗi: ")


def test_a_date_is_taken_as_clerks_type_it(tmp_path: Path) -> None:
    ws = tmp_path / "moi"
    assert invoke("init", ws, "--year", "2026").exit_code == 0
    for typed in ("15/12/2026", "15-12-2026", "2026-12-15"):
        out = tmp_path / f"bc-{typed.replace('/', '_')}.docx"
        r = invoke("report", ws, "-p", "2026", "-o", out, "--date", typed, "-q")
        assert r.exit_code == 0, r.stderr
        from docx import Document
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        for table in Document(str(out)).tables:
            text += "\n".join(c.text for row in table.rows for c in row.cells)
        assert "ngày 15 tháng 12 năm 2026" in text


# ---- --help

def _commands(group, path: str = "dm05"):
    yield path, group
    for name, cmd in getattr(group, "commands", {}).items():
        yield from _commands(cmd, f"{path} {name}")


COMMANDS = list(_commands(get_command(app)))


def test_every_command_and_parameter_has_help_and_examples_in_the_catalogue() -> None:
    """A command added without its words in messages.HELP fails here, naming what is missing."""
    missing = []
    for path, cmd in COMMANDS:
        assert isinstance(cmd, (Dm05Command, Dm05Group)), path  # built through Dm05Typer
        for key in (path, f"{path}:examples"):
            if key not in HELP:
                missing.append(key)
        for p in cmd.params:
            if p.name in ("help",) or getattr(p, "hidden", False):
                continue
            if f"{path}.{p.name}" not in HELP and f"*.{p.name}" not in HELP:
                missing.append(f"{path}.{p.name}")
        assert all(line.startswith(path) for line in HELP.get(f"{path}:examples", ("", ""))[0].splitlines()), path
    assert missing == []


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_help_reads_well_in_each_language(path: str, lang: str) -> None:
    args = path.split()[1:]
    r = invoke(*args, "--help", "--lang", lang)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert not re.search(r"<\w+(\[[\w\[\]]*\])?>", out), out  # no <bool>, <path>, <list[Path]>
    assert ("Cách dùng: " if lang == "vi" else "Usage: ") + path in out
    head = "Ví dụ:" if lang == "vi" else "Examples:"
    assert head in out
    assert re.search(rf"^\s+{re.escape(path)}( |$)", out.split(head)[1], re.M), out
    if lang == "vi":
        names = "|".join(p.split()[-1] for p, _ in COMMANDS[1:])  # the commands listed in a group's help
        prose = re.sub(rf"^\s+({names})\s|dm05( [a-z]+)*|\S*[_./:=\[\]<>|-]\S*|\b[A-Z0-9_]{{2,}}\b", " ", out,
                       flags=re.M)
        stray = {w for w in re.findall(r"[A-Za-z]+", prose) if w.lower() in ENGLISH}
        assert not stray, stray
    else:
        assert not VIETNAMESE.search(out.replace("THƯ_MỤC", "")), out


def test_help_examples_run_as_written(tmp_path: Path) -> None:
    """The first example of the main commands, on a new workspace named as in the examples, works."""
    ws = tmp_path / "bao-cao-xa"
    assert invoke("init", ws, "--year", "2026").exit_code == 0
    for cmd in ("validate", "status", "aggregate"):
        line = HELP[f"dm05 {cmd}:examples"][0].splitlines()[0]
        r = invoke(*[str(ws) if a == "bao-cao-xa" else a for a in line.split()[1:]], "-q")
        assert r.exit_code == 0, (line, r.output)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice is not here")
def test_report_to_a_pdf_name_writes_a_pdf_and_nothing_else(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert invoke("init", ws, "--year", "2026").exit_code == 0
    out = tmp_path / "ra" / "bao-cao.pdf"
    out.parent.mkdir()
    r = invoke("report", ws, "-p", "2026", "-o", out, "-q")
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF") and [p.name for p in out.parent.iterdir()] == ["bao-cao.pdf"]
    assert "Đã ghi PDF" in r.stderr


def test_dm05s_own_bug_is_one_line_in_each_language(monkeypatch) -> None:
    def broken(path):
        raise RuntimeError("boom")

    monkeypatch.setattr("dm05.cli._workspace", broken)
    for lang, words in (("vi", "Lỗi nội bộ của dm05 (RuntimeError: boom)"), ("en", "dm05 internal error")):
        r = invoke("validate", NOWHERE, "-p", "2026", "--lang", lang)
        lines = r.stderr.strip().splitlines()
        assert r.exit_code == 2 and len(lines) == 1 and words in lines[0] and "DM05_DEBUG=1" in lines[0]
