"""Normalising Vietnamese text for matching names and headers.

Matching keys are NFC, case-folded, with whitespace collapsed (line breaks in header cells too),
look-alike characters unified and the old tone placement ("uỷ", "hoà") moved to the new one
("ủy", "hòa"): NFC alone does not make those equal. Output text keeps what the workspace says.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
# Control characters are never meant in a name and are not allowed in the XML of a .docx or .xlsx.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Characters that look like Vietnamese letters or spaces but are other code points.
_LOOKALIKE = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110", "\u00a0": " ",
                            "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": "", "\u00ad": ""})
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old style puts the tone on the second vowel of a final "oa", "oe", "uy" (hoà, khoẻ, thuỷ);
# the new style on the first (hòa, khỏe, thủy). "qu" + y keeps it on y (quý) in both styles.
_OLD_TONE = re.compile(rf"(?<![q])([ou])([aey])([{_TONES}])(?![a-z\u0300-\u036f])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """Text as a person reads it: NFC, look-alikes unified, whitespace collapsed and trimmed."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # codes, numbers: most cells of a sheet
    return _clean(text)


@lru_cache(maxsize=1 << 16)
def _clean(text: str) -> str:  # the same labels and names recur in every file of an inbox
    return _WS.sub(" ", _CONTROL.sub("", nfc(text).translate(_LOOKALIKE))).strip()


def match_key(text: object) -> str:
    """The key two spellings of one name share (case, spacing, Unicode form and tone placement)."""
    if text is None:
        return ""
    return _match_key(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=1 << 16)
def _match_key(text: str) -> str:
    s = clean(text).casefold()
    d = unicodedata.normalize("NFD", s)
    d = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d)
    s = unicodedata.normalize("NFC", d)
    # Headers often end in a colon or carry "(1)" column numbers or "(*)" marks.
    s = re.sub(r"\s*\((\d+|\*)\)\s*$", "", s)
    return s.strip(" :.;,*")


def xml_safe(text: str) -> str:
    """Text that can go into document XML: control characters removed, NFC."""
    return _CONTROL.sub("", nfc(text))
