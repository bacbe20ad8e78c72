import unicodedata

import pytest

from dm05.textnorm import clean, match_key


@pytest.mark.parametrize("a,b", [
    ("HUYỆN UỶ ĐỊNH HOÁ", "Huyện ủy Định Hóa"),            # old tone placement, case
    ("Đảng bộ xã Hoà Bình", "đảng bộ xã hòa bình"),
    (unicodedata.normalize("NFD", "Chi bộ thôn Đông"), "Chi bộ thôn Đông"),  # NFD vs NFC
    ("Chi bộ  thôn\nĐông ", "chi bộ thôn đông"),           # spacing and line breaks
    ("Ðảng viên", "Đảng viên"),                            # U+00D0 look-alike
    ("Số đảng viên:", "Số đảng viên"),                     # trailing colon
    ("Số đảng viên (4)", "Số đảng viên"),                  # column number
])
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize("a,b", [("Hòa", "Hóa"), ("thôn Đông", "thôn Tây"), ("quý", "qúy")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_clean_keeps_case_and_returns_nfc() -> None:
    s = clean(unicodedata.normalize("NFD", "  Tỉnh ủy\u00a0Lạc Hồng "))
    assert s == "Tỉnh ủy Lạc Hồng" and unicodedata.is_normalized("NFC", s)
