"""*Who has reported*, committee by committee, and the lists behind each count (the page a department works from)."""

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opinion.models import Collaborator
from tests.core.test_spreadsheets import xlsx_rows
from tests.factories import make_collaborator, make_committee
from tests.opinion.factories_reports import make_report

pytestmark = pytest.mark.django_db
MARCH = {"month": "2026-03"}


@pytest.fixture
def network(tree):
    """A's own collaborator reported, one of A1's did and one did not; A2 has a collaborator who never reports;
    A3 has none; B (a sibling of A) has one who reported. A former collaborator and a report of another month
    count for nothing."""
    a2 = make_committee(tree.a, code="A2", name="Chi bộ Vụ Ngân sách")
    a3 = make_committee(tree.a, code="A3", name="Chi bộ Vụ Pháp chế")
    people = {
        "own": make_collaborator(tree.a, "Nguyễn Thị Lan"),
        "reported": make_collaborator(tree.a1, "Trần Văn Bình"),
        "silent": make_collaborator(tree.a1, "Lê Văn Cường"),
        "never": make_collaborator(a2, "Phạm Thị Dung"),
        "sibling": make_collaborator(tree.b1, "Người Bí mật Sibling"),
        "former": make_collaborator(tree.a1, "Đỗ Văn Em", status=Collaborator.Status.ENDED),
    }
    for person in ("own", "reported", "sibling", "former"):
        make_report(people[person], reported_on=date(2026, 3, 5))
    make_report(people["silent"], reported_on=date(2026, 2, 27))
    return a2, a3, people


def table_of(response) -> list[tuple]:
    return [(row.committee.code, row.own, row.collaborators, row.reported, row.missing, row.rate)
            for row, _links in response.context["lines"]]  # fmt: skip


def test_each_committee_under_the_chosen_one_is_counted_with_those_without_reports(client, tree, officer_a, network):
    client.force_login(officer_a)
    response = client.get(reverse("opinion:report_reporting"), MARCH)
    assert response.status_code == 200
    assert table_of(response) == [
        ("A", True, 1, 1, 0, 100.0),  # A's own collaborators, apart from its cells'
        ("A2", False, 1, 0, 1, 0.0),  # nobody reported: listed
        ("A3", False, 0, 0, 0, None),  # no collaborator: listed, with no rate
        ("A1", False, 2, 1, 1, 50.0),
    ]  # then the cells in name order: Ngân sách, Pháp chế, Tổng hợp
    total = response.context["table"].total
    assert (total.collaborators, total.reported, total.missing, total.rate) == (4, 2, 2, 50.0)
    assert "2/4" in response.text.split('id="reporting-total"')[1].split("</p>")[0]


def test_the_lowest_rate_comes_first_and_committees_without_collaborators_last(client, tree, officer_a, network):
    client.force_login(officer_a)
    response = client.get(reverse("opinion:report_reporting"), {**MARCH, "order": "rate"})
    assert [code for code, *_rest in table_of(response)] == ["A", "A2", "A1", "A3"]


def test_each_count_opens_exactly_the_collaborators_behind_it(client, tree, officer_a, network):
    a2, a3, people = network
    client.force_login(officer_a)
    lines = client.get(reverse("opinion:report_reporting"), MARCH).context["lines"]
    for row, links in lines:
        for state, expected in (("missing", row.missing), ("reported", row.reported)):
            listed = client.get(links[state]).context["paginator"].count
            assert listed == expected, (row.committee.code, state)
    own_row, own_links = lines[0]
    assert own_row.own
    listed = client.get(own_links["reported"]).context["object_list"]
    assert [c.full_name for c in listed] == ["Nguyễn Thị Lan"]  # A's own, not A1's who also reported
    a1_links = next(links for row, links in lines if row.committee == tree.a1)
    missing = client.get(a1_links["missing"])
    assert [c.full_name for c in missing.context["object_list"]] == ["Lê Văn Cường"]
    assert people["silent"].get_absolute_url() in missing.text  # each name opens the profile


def test_a_committee_with_committees_under_it_drills_down(client, tree, bloc_staff, network):
    client.force_login(bloc_staff)
    response = client.get(reverse("opinion:report_reporting"), MARCH)
    assert response.context["table"].committee == tree.root
    assert table_of(response) == [("A", False, 4, 2, 2, 50.0), ("B", False, 1, 1, 0, 100.0)]
    a_links = response.context["lines"][0][1]
    drilled = client.get(a_links["drill"])
    assert drilled.context["table"].committee == tree.a
    assert [crumb.name for crumb in drilled.context["crumbs"]][-2:] == [tree.root.name, tree.a.name]


def test_a_sibling_committee_is_not_found_and_nothing_is_shown(client, tree, officer_a, network):
    client.force_login(officer_a)
    response = client.get(reverse("opinion:report_reporting"), {**MARCH, "committee": tree.b.code})
    assert response.status_code == 200
    assert response.context["table"] is None and "committee" in response.context["filter_form"].errors
    assert tree.b1.name not in response.text and "Sibling" not in response.text
    export = reverse("opinion:report_reporting_export")
    assert client.get(export, {**MARCH, "committee": tree.b.code, "format": "csv"}).status_code == 404
    status_export = reverse("opinion:report_status_export")
    assert client.get(status_export, {**MARCH, "committee": tree.b.code}).status_code == 404
    own = client.get(reverse("opinion:report_status_export"), {**MARCH, "format": "csv"})
    assert "Sibling" not in b"".join(own.streaming_content).decode("utf-8-sig")


def test_the_table_is_downloaded_as_shown_with_its_total(client, tree, officer_a, network):
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("opinion:report_reporting_export")
    response = client.get(url, {**MARCH, "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-du-luan-theo-don-vi-A-2026-03.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Code", "Party committee", "Collaborators", "Reported", "Not reported", "Rate (%)"]
    assert rows[1] == ["A", f"{tree.a.name} (its own collaborators)", "1", "1", "0", "100.0"]
    assert rows[3] == ["A3", "Chi bộ Vụ Pháp chế", "0", "0", "0", ""]
    assert rows[-1] == ["", "Total", "4", "2", "2", "50.0"]
    _sheet, cells = xlsx_rows(client.get(url, {**MARCH, "format": "xlsx"}).content)
    assert cells[-1] == [None, "Total", 4, 2, 2, 50]


def test_the_list_to_call_round_is_downloaded_with_a_link_to_each_profile(client, tree, officer_a, network):
    a2, a3, people = network
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("opinion:report_status_export"), {**MARCH, "state": "missing", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-du-luan-2026-03-chua-bao-cao.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Lê Văn Cường", "Phạm Thị Dung"]
    assert rows[1][-2:] == ["no", f"http://testserver{people['silent'].get_absolute_url()}"]
    page = client.get(reverse("opinion:report_status"), {**MARCH, "state": "missing"})
    assert len(rows) - 1 == page.context["paginator"].count  # the download is the list, not a page of it


def test_a_filter_that_is_not_understood_gives_no_download(client, tree, officer_a, network):
    client.force_login(officer_a)
    for query in ({"month": "2026-13"}, {"committee": "NOPE"}, {"month": "9999-01"}):
        assert client.get(reverse("opinion:report_reporting_export"), query).status_code == 404
        assert client.get(reverse("opinion:report_status_export"), query).status_code == 404


def test_the_page_costs_the_same_queries_with_many_more_committees_and_collaborators(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    url = reverse("opinion:report_reporting")

    def queries(query) -> int:
        client.get(url, query)  # warm the session and the permission caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    before = [queries(MARCH), queries({**MARCH, "committee": tree.a.code})]
    for n in range(12):
        cell = make_committee(tree.a if n % 2 else tree.b, name=f"Chi bộ {n}")
        make_report(make_collaborator(cell, f"Người {n}"), reported_on=date(2026, 3, 3))
        make_collaborator(cell, f"Người im lặng {n}")
    assert [queries(MARCH), queries({**MARCH, "committee": tree.a.code})] == before


@pytest.mark.parametrize(
    ("page", "prefix", "query"),
    [
        ("opinion:report_reporting", "reporting", {**MARCH, "order": "rate"}),
        ("opinion:report_status", "status", {**MARCH, "state": "missing", "page": "2"}),
        ("opinion:briefing_attendance_rates", "rates", {"by": "committee", "order": "rate", "page": "2"}),
    ],
)
def test_each_download_carries_the_pages_filters_not_its_page(client, tree, officer_a, network, page, prefix, query):
    client.force_login(officer_a)
    response = client.get(reverse(page), query)
    for kind in ("xlsx", "csv"):
        href = response.text.split(f'id="{prefix}-export-{kind}" href="')[1].split('"')[0].replace("&amp;", "&")
        download = client.get(href)
        assert download.status_code == 200 and download["Content-Disposition"].endswith(f'.{kind}"')
        assert {key: value for key, value in download.wsgi_request.GET.items() if key != "format"} == {
            key: value for key, value in query.items() if key != "page"
        }


def test_rates_asked_for_a_committee_not_found_show_nothing_and_download_nothing(client, tree, officer_a, network):
    client.force_login(officer_a)
    query = {"committee": tree.b.code}
    response = client.get(reverse("opinion:briefing_attendance_rates"), query)
    assert response.status_code == 200 and "committee" in response.context["form"].errors
    assert response.context["page"] is None and response.context["totals"] == {}
    assert "Sibling" not in response.text
    assert client.get(reverse("opinion:briefing_rates_export"), {**query, "format": "csv"}).status_code == 404
