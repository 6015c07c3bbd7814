from datetime import date, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from tests.factories import make_committee

pytestmark = pytest.mark.django_db


def test_the_days_of_the_week_are_written_in_one_style():
    monday = date(2026, 3, 2)
    with translation.override("vi"):
        days = [date_format(monday + timedelta(days=n), "l") for n in range(7)]
    assert days == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def test_the_kind_of_each_change_in_a_history_is_vietnamese(client, tree, officer_a):
    committee = make_committee(tree.a, code="A9", name="Chi bộ Vụ Kế hoạch")
    client.force_login(officer_a)
    with translation.override("vi"):
        assert [str(record.get_history_type_display()) for record in committee.history.all()] == ["Tạo mới"]
    response = client.get(committee.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Tạo mới" in response.text.split('class="list-unstyled small mb-0 history"')[1].split("</ul>")[0]
