"""The one catalogue: every entry in both languages with the same placeholders, Vietnamese without stray English,
English without Vietnamese, and no user-facing text written anywhere else in the package."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from conftest import ROOT
from dm05.messages import ERRORS, HELP, RULES, TEXTS

ENTRIES = ([(f"RULES[{k!r}]", r.vi, r.en) for k, r in RULES.items()]
           + [(f"ERRORS[{k!r}]", vi, en) for k, (vi, en) in ERRORS.items()]
           + [(f"TEXTS[{k!r}]", vi, en) for k, (vi, en) in TEXTS.items()]
           + [(f"HELP[{k!r}]", vi, en) for k, (vi, en) in HELP.items()])

VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
# Words of English prose; a Vietnamese line that holds one has English in it. Names a clerk types (option values
# such as table or json, file names, keys) are not prose and are not listed.
# (Words that are also Vietnamese syllables — a, an, to, in, no, do, than — cannot tell and are left out.)
ENGLISH = set("""the and or of is are was been not with for from this that these those its by as at if then file
    files folder unit units must should use used see found missing error errors cannot invalid line column value
    values please check name names number numbers period report sheet cell cells option options command commands
    help default required example examples expected but only every each also there their which when where while
    write read""".split())
QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"|'[^']*'")
CODE = re.compile(r"\bdm05( [a-z]+)*|\{[^}]*\}|\S*[_./\\:=\[\]<>|@$~+-]\S*|\b[A-Z0-9]{2,}\b")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("where,vi,en", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_entry_has_both_languages_with_the_same_placeholders(where: str, vi: str, en: str) -> None:
    assert vi.strip() and en.strip(), where
    assert placeholders(vi) == placeholders(en), where


def test_english_entries_hold_no_vietnamese() -> None:
    """Vietnamese may appear in English only quoted (a header or a name the clerk sees as it is), and as the
    currency's own name, the đồng."""
    bad = [(where, en) for where, _, en in ENTRIES if VIETNAMESE.search(QUOTED.sub("", en).replace("đồng", ""))]
    assert bad == []


def test_vietnamese_entries_hold_no_stray_english() -> None:
    """Option names, keys, file names and placeholders are what a clerk types and stay as they are; English prose
    words do not belong in a Vietnamese line."""
    bad = []
    for where, vi, en in ENTRIES:
        if vi == en:  # examples of commands, codes: the same in both languages
            continue
        words = set(re.findall(r"[A-Za-z]+", CODE.sub(" ", QUOTED.sub(" ", vi))))
        stray = {w for w in words if w.lower() in ENGLISH}
        if stray:
            bad.append((where, sorted(stray)))
    assert bad == []


def test_the_checks_above_can_fail() -> None:
    """The language checks find what they look for (a check that cannot fail is no check)."""
    assert VIETNAMESE.search(QUOTED.sub("", "the file “Tổng cộng” is bad; Đơn vị"))
    assert not VIETNAMESE.search(QUOTED.sub("", "the header “Tổng cộng” is read"))
    words = set(re.findall(r"[A-Za-z]+", CODE.sub(" ", QUOTED.sub(" ", "Tệp {file} not found: --format table"))))
    assert {w for w in words if w.lower() in ENGLISH} == {"not"}


# ---- no user-facing text outside the catalogue

PACKAGE = ROOT / "dm05"
# Modules whose Vietnamese words are not messages: the documents dm05 writes (report, form, charts, workbook),
# the words it recognises in clerks' sheets, and the tables that convert old encodings. Anything they print to
# a person goes through the catalogue like everywhere else.
NOT_MESSAGES = {
    "report.py": "the report's own words (a Vietnamese party document)",
    "figures.py": "words of the report's sentences",
    "forms.py": "the intake form's labels and instructions",
    "charts.py": "chart titles and legends in the report",
    "export.py": "column headings of the exported workbook",
    "vnformat.py": "the date line of a document",
    "period.py": "the period as a document's title says it",
    "docbuild.py": "the built templates' paragraph styles and headings",
    "reporttemplate.py": "headings of the report's tables",
    "ingest/values.py": "money words recognised in cells",
    "ingest/amounts.py": "money units recognised in headers",
    "legacy.py": "the TCVN3 conversion table",
    "textnorm.py": "letters to normalise",
    "ingest/header.py": "header words recognised in sheets",
    "ingest/layout.py": "words recognised in sheets (totals rows, signature blocks)",
    "ingest/context.py": "unit words recognised in sheets",
    "ingest/vertical.py": "labels recognised in vertical forms",
    "ingest/checks.py": "period words recognised in titles",
}
ERROR_CLASSES = {"Dm05Error", "WorkspaceError", "InputError", "OutputError", "TemplateError", "DataError",
                 "UsageError", "Problem", "Refused", "RefusedSyntax"}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _field_descriptions(tree: ast.AST) -> set[int]:
    """pydantic Field(description=…): documentation of a setting, not a message."""
    return {id(kw.value) for node in ast.walk(tree) if isinstance(node, ast.Call)
            for kw in node.keywords if kw.arg == "description"}


def _data_words(tree: ast.Module) -> set[int]:
    """Words that are data, not messages: a module's named constants (MONEY = "đồng") and the defaults of a
    model's fields (table_unit: str = "triệu đồng")."""
    out = set()
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if all(isinstance(t, ast.Name) and t.id.isupper() for t in targets):
                out.add(id(node.value))
        if isinstance(node, ast.ClassDef):
            out |= {id(n.value) for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.value, ast.Constant)}
    return out


def _prose(value: str) -> bool:
    """Words a person reads: letters and a space, not a code, a key or a pattern."""
    return bool(re.search(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}", value))


def stray_texts(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "messages.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _field_descriptions(tree) | _data_words(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                if rel not in NOT_MESSAGES and VIETNAMESE.search(node.value):
                    found.append(f"{rel}:{node.lineno}: Vietnamese outside the catalogue: {node.value[:60]!r}")
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = [*node.args, *(kw.value for kw in node.keywords)]
            if name in ERROR_CLASSES or name in ("BadParameter", "ValueError"):
                # an error's words are a catalogue code and parameters, never a sentence written here
                for arg in args[1:] if name in ERROR_CLASSES else args:
                    texts = ([arg.value] if isinstance(arg, ast.Constant) else
                             [v.value for v in arg.values if isinstance(v, ast.Constant)]
                             if isinstance(arg, ast.JoinedStr) else [])
                    if any(isinstance(t, str) and _prose(t) for t in texts):
                        found.append(f"{rel}:{node.lineno}: words written into {name}(…)")
            if name == "print":
                for arg in node.args[:1]:
                    parts = ([arg.value] if isinstance(arg, ast.Constant) else
                             [v.value for v in arg.values if isinstance(v, ast.Constant)]
                             if isinstance(arg, ast.JoinedStr) else [])
                    shown = [re.sub(r"\[/?[a-z ]*\]", "", p) for p in parts if isinstance(p, str)]
                    if any(_prose(p) or re.search(r"[^\W\d_]{3,}", p) for p in shown):
                        found.append(f"{rel}:{node.lineno}: words printed without the catalogue")
    return found


def test_no_user_facing_text_outside_the_catalogue() -> None:
    assert stray_texts(PACKAGE) == []


def test_the_package_check_finds_text_written_in_place(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(
        'from dm05.errors import InputError\n'
        'def f(err):\n'
        '    err.print("Đã ghi xong")\n'
        '    raise InputError("input.not_found", path="x", detail="the file is missing")\n', encoding="utf-8")
    found = sorted(stray_texts(tmp_path))
    assert len(found) == 3
    assert "Vietnamese outside" in found[0] and "printed" in found[1] and "InputError" in found[2]
