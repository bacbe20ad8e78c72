from datetime import date
from fractions import Fraction

import pytest

from dm05.period import parse_period, period_phrase
from dm05.report import recipient_lines
from dm05.vnformat import date_phrase, doc_number, pct, short_date, so


@pytest.mark.parametrize("value,text", [(26472, "26.472"), (1500050, "1.500.050"), (0, "0"), (7, "7"), (None, "…")])
def test_counts_use_dot_thousands(value, text) -> None:
    assert so(value) == text


@pytest.mark.parametrize("ratio,text", [(0.9755, "97,55%"), (1.0, "100%"), (0.8181818, "81,82%"), (0.98765, "98,77%"),
                                        (0.125, "12,5%"), (0.00005, "0,01%"), (None, "…"),
                                        (23 / 160, "14,38%"), (1 / 200, "0,5%"), (0.14375, "14,38%")])
def test_percent_uses_decimal_comma_and_rounds_half_up(ratio, text) -> None:
    assert pct(ratio) == text


def test_table_percent_has_fixed_decimals_and_no_sign() -> None:
    assert pct(0.972, fixed=True, sign="") == "97,20" and pct(1.0, fixed=True, sign="") == "100,00"


@pytest.mark.parametrize("d,text", [
    (date(2022, 8, 5), "ngày 05 tháng 8 năm 2022"),
    (date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
    (date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
    (date(2026, 2, 20), "ngày 20 tháng 02 năm 2026"),
    (date(2026, 12, 10), "ngày 10 tháng 12 năm 2026"),
])
def test_date_phrase_pads_days_1_to_9_and_months_1_and_2(d, text) -> None:
    assert date_phrase(d) == text


def test_undated_report_leaves_room_to_write_the_date() -> None:
    assert date_phrase(None, 2026) == "ngày     tháng     năm 2026"
    assert short_date(date(2021, 5, 18)) == "18/5/2021"


def test_document_number_has_hyphen_slash_and_no_colon() -> None:
    assert doc_number("5", "BC", "TU") == "Số 05-BC/TU"
    assert doc_number("127", "BC", "HU") == "Số 127-BC/HU"
    assert doc_number("", "BC", "TU").startswith("Số ") and doc_number("", "BC", "TU").endswith("-BC/TU")


@pytest.mark.parametrize("pid,text", [("2026", "năm 2026"), ("2026-H1", "6 tháng đầu năm 2026"),
                                      ("2026-H2", "6 tháng cuối năm 2026"), ("2026-Q3", "quý III năm 2026"),
                                      ("2021-2025", "05 năm (2021 - 2025)")])
def test_period_phrases(pid, text) -> None:
    assert period_phrase(parse_period(pid)) == text


def test_recipients_end_with_commas_and_a_full_stop() -> None:
    assert recipient_lines(["Ban Thường vụ Tỉnh ủy (để báo cáo),", "- Thường trực Đảng ủy", "Lưu Văn phòng Đảng ủy."]) == [
        "- Ban Thường vụ Tỉnh ủy (để báo cáo),", "- Thường trực Đảng ủy,", "- Lưu Văn phòng Đảng ủy."]


from hypothesis import given, settings, strategies as st  # noqa: E402


@given(st.integers(-10**12, 10**12))
def test_counts_match_babels_vietnamese_pattern(n) -> None:
    from babel.numbers import format_decimal
    assert so(n) == format_decimal(n, format="#,##0", locale="vi")


@given(st.floats(0, 100, allow_nan=False))
def test_percent_matches_babel_with_half_up_rounding(x) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    from babel.numbers import format_decimal
    q = (Decimal(repr(x)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert pct(x) == format_decimal(q, format="#,##0.##", locale="vi") + "%"


def _half_up_percent(a: int, b: int) -> str:
    """a/b as a percent with at most two decimals, rounded half-up from the exact fraction (no float)."""
    from decimal import Decimal

    cents = (Fraction(a * 10000, b) + Fraction(1, 2)).__floor__()
    text = f"{Decimal(cents) / 100:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


@settings(max_examples=3000)
@given(st.integers(1, 10**9).flatmap(lambda b: st.tuples(st.integers(0, b), st.just(b))))
def test_percent_of_a_ratio_rounds_half_up_from_the_exact_fraction(ab) -> None:
    a, b = ab
    assert pct(a / b) == _half_up_percent(a, b)


@settings(max_examples=1000)
@given(st.sampled_from([8, 16, 40, 80, 160, 200, 400, 800, 1600, 3200, 20000, 40000]), st.data())
def test_percent_ties_round_up(b, data) -> None:
    a = data.draw(st.integers(0, b))
    assert pct(a / b) == _half_up_percent(a, b)


@pytest.mark.parametrize("typed,day", [
    ("15/12/2026", date(2026, 12, 15)), ("15-12-2026", date(2026, 12, 15)), ("2026-12-15", date(2026, 12, 15)),
    ("5/8/2022", date(2022, 8, 5)), ("05.08.2022", date(2022, 8, 5)), (" 1/1/2026 ", date(2026, 1, 1)),
    ("31/02/2026", None), ("12/15/2026", None), ("15/12/26", None), ("2026/12/15", None), ("15-12/2026", None),
    ("hôm nay", None), ("", None),
])
def test_dates_as_clerks_type_them_day_first(typed: str, day: date | None) -> None:
    from dm05.vnformat import parse_date

    assert parse_date(typed) == day
