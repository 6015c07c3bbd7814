"""The one way services save a change: only what changed is written, by whom goes to the history, an unknown field
is refused before anything is written."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.changes import update_fields
from core.models import Holiday
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
EDITABLE = ("name", "is_day_off")


@pytest.fixture
def holiday():
    return Holiday.objects.create(date=date(2031, 9, 3), name="Quốc khánh")  # a day the seeded calendar has not


def test_only_the_changed_fields_are_written_and_the_author_is_in_the_history(holiday):
    author = UserFactory(username="author")
    with CaptureQueriesContext(connection) as queries:
        changed = update_fields(holiday, {"name": "Quốc khánh 2/9", "is_day_off": True}, editable=EDITABLE, by=author)
    assert changed == ["name"]
    [update] = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert '"name"' in update and '"is_day_off"' not in update
    assert holiday.history.latest().history_user == author
    assert Holiday.objects.get(pk=holiday.pk).name == "Quốc khánh 2/9"


def test_nothing_is_written_when_nothing_changed(holiday, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert update_fields(holiday, {"name": "Quốc khánh"}, editable=EDITABLE) == []


def test_a_field_the_service_does_not_edit_is_refused_before_anything_is_written(holiday):
    with pytest.raises(TypeError, match="date"):
        update_fields(holiday, {"name": "Khác", "date": date(2031, 9, 4)}, editable=EDITABLE)
    assert Holiday.objects.get(pk=holiday.pk).name == "Quốc khánh"


def test_a_check_refuses_the_change_before_it_is_saved(holiday):
    def refuse(record, changed):
        raise ValueError(changed)

    with pytest.raises(ValueError, match="is_day_off"):
        update_fields(holiday, {"is_day_off": False}, editable=EDITABLE, check=refuse)
    assert Holiday.objects.get(pk=holiday.pk).is_day_off
