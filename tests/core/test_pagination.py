"""The list paginators: pages of the second half read backwards are the same pages; a shallow one stops counting."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagination import Paginator, ShallowPaginator
from opinion.models import Collaborator
from opinion.selectors.collaborators import SORTS
from tests.factories import make_collaborator

pytestmark = pytest.mark.django_db


@pytest.fixture
def collaborators(tree):
    """53 collaborators with repeated names and appointment dates, some without a date (ties and NULLs)."""
    for i in range(53):
        make_collaborator(
            [tree.a, tree.a1, tree.b1][i % 3],
            full_name=["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Đỗ Thị Em"][i % 4],
            decision_date=None if i % 5 == 0 else date(2025, 1 + i % 7, 1),
        )


@pytest.mark.parametrize("order", ["name", "-name", "committee", "-appointed", "appointed"])
@pytest.mark.parametrize("per_page,orphans", [(10, 0), (10, 3), (7, 2), (53, 0)])
def test_every_page_holds_the_rows_the_list_has_there(collaborators, order, per_page, orphans):
    rows = Collaborator.objects.order_by(*SORTS[order])
    paginator = Paginator(rows, per_page, orphans=orphans)
    paged = [c.pk for number in paginator.page_range for c in paginator.page(number).object_list]
    assert paged == [c.pk for c in rows]


def test_the_last_page_is_read_from_the_end_without_walking_the_rows_before_it(collaborators):
    paginator = Paginator(Collaborator.objects.order_by(*SORTS["name"]), 10)
    with CaptureQueriesContext(connection) as first:
        list(paginator.page(1).object_list)
    with CaptureQueriesContext(connection) as last:
        page = paginator.page(paginator.num_pages)
    assert [c.pk for c in page.object_list] == [c.pk for c in Collaborator.objects.order_by(*SORTS["name"])][50:]
    assert "DESC" in last.captured_queries[-1]["sql"] and "OFFSET" not in last.captured_queries[-1]["sql"]
    assert "DESC" not in first.captured_queries[-1]["sql"]


def test_a_shallow_paginator_counts_and_pages_up_to_its_reach(collaborators, monkeypatch):
    monkeypatch.setattr(ShallowPaginator, "max_rows", 30)
    rows = Collaborator.objects.order_by(*SORTS["name"])
    paginator = ShallowPaginator(rows, 10)
    assert (paginator.counted, paginator.count, paginator.num_pages, paginator.is_capped) == (31, 30, 3, True)
    assert [c.pk for c in paginator.page(3).object_list] == [c.pk for c in rows][20:30]
    few = ShallowPaginator(rows.filter(committee__code="A"), 10)
    assert (few.count, few.is_capped) == (18, False)
