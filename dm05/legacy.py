"""Text typed in the legacy TCVN3 (ABC) encoding with .VnTime fonts, read back as Unicode mojibake.

In an .xlsx such text arrives as Latin-1 look-alikes ("Céng hoµ x· héi" for "Cộng hoà xã hội").
TCVN3 keeps capitals with diacritics in separate "H" fonts (.VnTimeH) at the same code points, so
without the font the case is guessed: a cell whose plain letters are all capitals is converted to capitals.
Note that "ư" is U+00AD, the soft hyphen, which many tools silently drop.
"""

from __future__ import annotations

_TCVN3 = ("µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî" "ïóñòô"
          "\u00adõøö÷ù" "úýûüþ" "¡¢§£¤¥¦")
_UNICODE = ("àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ" "ùúủũụ"
            "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ")
assert len(_TCVN3) == len(_UNICODE)
_TABLE = str.maketrans(dict(zip(_TCVN3, _UNICODE)))
# Characters that TCVN3 text has and Vietnamese Unicode text never has.
_VIETNAMESE_LATIN1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_SIGNATURE = frozenset(_TCVN3) - frozenset(_VIETNAMESE_LATIN1)


def looks_tcvn3(text: str) -> bool:
    """True for text with TCVN3 signature characters and nothing beyond Latin-1 (real Vietnamese
    Unicode always has letters such as ơ, ư, đ or ạ above U+00FF)."""
    if not text or max(text) > "\u00ff":
        return False
    return any(ch in _SIGNATURE for ch in text)


def tcvn3_to_unicode(text: str) -> str:
    out = text.translate(_TABLE)
    letters = [c for c in text if c.isascii() and c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        out = out.upper()
    return out
