"""Numbers, rates and dates the Vietnamese way (core.formatting), the same in pages, emails, exports and documents."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import document_date, number, percent, rate, ratio


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [(35599, "35.599", "35,599"), (0, "0", "0"), (1234567, "1.234.567", "1,234,567"), (None, "—", "—")],
)
def test_numbers_group_their_thousands(value, vietnamese, english):
    with translation.override("vi"):
        assert number(value) == vietnamese
    with translation.override("en"):
        assert number(value) == english


@pytest.mark.parametrize(
    ("value", "written"),
    [(99.16434, "99,16%"), (50.0, "50%"), (100, "100%"), (66.666, "66,67%"), (99.5, "99,5%"), (0.004, "0%"),
     (-0.001, "0%"), (3.125, "3,13%"), (None, "—")],
)  # fmt: skip
def test_rates_have_at_most_two_decimals_and_no_space_before_the_sign(value, written):
    with translation.override("vi"):
        assert percent(value) == written


def test_documents_are_vietnamese_whatever_the_readers_language():
    with translation.override("en"):
        assert percent(99.16, document=True) == "99,16%"
        assert ratio(35599, 35900, document=True) == "35.599/35.900"


def test_a_rate_of_nothing_is_none_not_zero():
    assert rate(1, 2) == 50.0
    assert rate(0, 0) is None


@pytest.mark.parametrize(
    ("day", "written"),
    [(date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"), (date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),
     (date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"), (date(2026, 11, 1), "ngày 01 tháng 11 năm 2026")],
)  # fmt: skip
def test_document_dates_have_a_leading_zero_for_days_under_ten_and_january_and_february_only(day, written):
    assert document_date(day) == written


def test_the_place_of_issue_comes_before_the_date():
    assert document_date(date(2026, 6, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 6 năm 2026"


def test_the_template_filters_write_the_same():
    with translation.override("vi"):
        rendered = Template("{% load figures %}{{ n|number }} {{ r|percent }} {{ p|ratio:w }}").render(
            Context({"n": 35599, "r": 99.16, "p": 35599, "w": 35900})
        )
    assert rendered == "35.599 99,16% 35.599/35.900"
