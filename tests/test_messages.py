"""The one catalogue: every entry in both languages with the same placeholders, Vietnamese without stray English,
English without Vietnamese."""

from __future__ import annotations

import re
import string

import pytest

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
    """Vietnamese may appear in English only quoted (a header or a name the clerk sees as it is)."""
    bad = [(where, en) for where, _, en in ENTRIES if VIETNAMESE.search(QUOTED.sub("", en))]
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
