from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.workflow import WorkflowError
from opinion.models import HotSpot, HotSpotFollowUp
from opinion.services import hotspots as services
from tests.factories import make_committee
from tests.opinion.factories_hotspots import make_concern, make_hotspot, make_report

pytestmark = pytest.mark.django_db
Status, Severity = HotSpot.Status, HotSpot.Severity
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today(db):
    with time_machine.travel(TODAY, tick=False):
        yield


def _post_hotspot(committee, owner, **overrides):
    data = {
        "committee": committee.code,
        "title": "Dư luận về việc điều động cán bộ",
        "description": "Nhiều ý kiến bàn luận.",
        "severity": Severity.HIGH,
        "owner": owner.pk,
        "opened_on": "15/03/2026",
    }
    data.update(overrides)
    return data


# --- list -------------------------------------------------------------------------------------------------------


def test_the_list_shows_open_hot_spots_first_then_the_most_severe(client, tree, officer_a):
    make_hotspot(tree.a, officer_a, title="Đã xong", status=Status.RESOLVED, severity=Severity.CRITICAL)
    make_hotspot(tree.a1, officer_a, title="Theo dõi", status=Status.MONITORING, severity=Severity.CRITICAL)
    make_hotspot(tree.a, officer_a, title="Mở nhẹ", severity=Severity.LOW)
    make_hotspot(tree.a1, officer_a, title="Mở nặng", severity=Severity.HIGH)
    make_hotspot(tree.b1, officer_a, title="Của B")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:hotspot_list"))
    assert [h.title for h in response.context["object_list"]] == ["Mở nặng", "Mở nhẹ", "Theo dõi", "Đã xong"]
    assert "Của B" not in response.text


def test_the_list_filters_by_status_and_severity_and_searches_without_accents(client, tree, officer_a):
    make_hotspot(tree.a, officer_a, title="Khiếu nại nhà ở công vụ", severity=Severity.HIGH)
    make_hotspot(
        tree.a, officer_a, title="Thông tin sai lệch trên mạng", severity=Severity.HIGH, status=Status.MONITORING
    )
    make_hotspot(tree.a, officer_a, title="Mâu thuẫn nội bộ", severity=Severity.LOW)
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_list")
    titles = lambda params: [h.title for h in client.get(url, params).context["object_list"]]  # noqa: E731
    assert titles({"status": "monitoring"}) == ["Thông tin sai lệch trên mạng"]
    assert titles({"severity": "low"}) == ["Mâu thuẫn nội bộ"]
    assert titles({"q": "NHA O cong vu"}) == ["Khiếu nại nhà ở công vụ"]
    assert titles({"status": "nonsense"}) == []  # a filter that cannot be understood lists nothing, not an error


# --- create and update ------------------------------------------------------------------------------------------


def test_an_officer_records_a_hot_spot_at_a_cell_of_their_scope(client, tree, officer_a):
    client.force_login(officer_a)
    form = client.get(reverse("opinion:hotspot_create")).context["form"]
    assert {c.code for c in form.fields["committee"].queryset} == {"A", "A1"}
    assert form.fields["owner"].initial == officer_a.pk
    response = client.post(reverse("opinion:hotspot_create"), _post_hotspot(tree.a1, officer_a))
    hot_spot = HotSpot.objects.get()
    assert response["Location"] == hot_spot.get_absolute_url()
    assert (hot_spot.committee, hot_spot.status, hot_spot.opened_on) == (tree.a1, Status.OPEN, date(2026, 3, 15))
    assert hot_spot.history.get().history_user == officer_a


def test_a_hot_spot_cannot_be_placed_outside_the_scope_or_in_the_future(client, tree, officer_a, officer_b_sibling):
    client.force_login(officer_a)
    response = client.post(reverse("opinion:hotspot_create"), _post_hotspot(tree.b1, officer_a))
    assert "committee" in response.context["form"].errors
    response = client.post(reverse("opinion:hotspot_create"), _post_hotspot(tree.a, officer_b_sibling))
    assert "owner" in response.context["form"].errors
    response = client.post(reverse("opinion:hotspot_create"), _post_hotspot(tree.a, officer_a, opened_on="21/03/2026"))
    assert "opened_on" in response.context["form"].errors
    assert 'value="Dư luận về việc điều động cán bộ"' in response.text
    assert not HotSpot.objects.exists()
    with pytest.raises(PermissionDenied):
        services.hotspot_create(by=officer_a, committee=tree.b, title="x", description="y")


def test_an_officer_edits_a_hot_spot_but_not_its_status(client, tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_update", args=[hot_spot.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post_hotspot(tree.a1, officer_a, title="Tiêu đề mới", status=Status.RESOLVED))
    assert response.status_code == 302
    hot_spot.refresh_from_db()
    assert (hot_spot.title, hot_spot.committee, hot_spot.status) == ("Tiêu đề mới", tree.a1, Status.OPEN)


def test_moving_a_hot_spot_away_from_its_linked_records_is_refused(client, tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    hot_spot.reports.add(make_report(tree.a))
    client.force_login(officer_a)
    response = client.post(reverse("opinion:hotspot_update", args=[hot_spot.pk]), _post_hotspot(tree.a1, officer_a))
    assert "committee" in response.context["form"].errors
    with pytest.raises(WorkflowError):
        services.hotspot_update(hot_spot=hot_spot, by=officer_a, committee=tree.a1)
    hot_spot.refresh_from_db()
    assert hot_spot.committee == tree.a


# --- transitions ------------------------------------------------------------------------------------------------


def test_a_hot_spot_goes_from_open_to_monitoring_to_resolved_and_back_each_step_logged(tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    hot_spot = services.hotspot_monitor(hot_spot=hot_spot, by=officer_a, note="Tạm lắng")
    assert hot_spot.status == Status.MONITORING
    hot_spot = services.hotspot_resolve(
        hot_spot=hot_spot, by=officer_a, outcome="Đã đối thoại, giải thích rõ", on=date(2026, 3, 18)
    )
    assert (hot_spot.status, hot_spot.resolved_on, hot_spot.outcome) == (
        Status.RESOLVED,
        date(2026, 3, 18),
        "Đã đối thoại, giải thích rõ",
    )
    hot_spot = services.hotspot_reopen(hot_spot=hot_spot, by=officer_a, reason="Có đơn thư mới")
    assert (hot_spot.status, hot_spot.resolved_on, hot_spot.outcome) == (Status.OPEN, None, "")

    history = list(hot_spot.history.order_by("history_date", "history_id"))
    assert [h.status for h in history] == [Status.OPEN, Status.MONITORING, Status.RESOLVED, Status.OPEN]
    assert [h.history_change_reason for h in history[1:]] == ["monitor", "resolve", "reopen"]
    assert all(h.history_user == officer_a for h in history[1:])
    log = list(hot_spot.follow_ups.order_by("pk"))
    assert [entry.date for entry in log] == [TODAY, date(2026, 3, 18), TODAY]
    assert "Tạm lắng" in log[0].note and "Đã đối thoại" in log[1].note and "Có đơn thư mới" in log[2].note
    assert {entry.author for entry in log} == {officer_a}


@pytest.mark.parametrize(
    "status,action",
    [
        (Status.RESOLVED, "resolve"),
        (Status.RESOLVED, "monitor"),
        (Status.MONITORING, "monitor"),
        (Status.OPEN, "reopen"),
    ],
)
def test_a_move_the_state_machine_does_not_allow_is_refused_and_changes_nothing(tree, officer_a, status, action):
    hot_spot = make_hotspot(tree.a, officer_a, status=status)
    service = {"monitor": services.hotspot_monitor, "resolve": services.hotspot_resolve}.get(action)
    with pytest.raises(WorkflowError):
        if action == "reopen":
            services.hotspot_reopen(hot_spot=hot_spot, by=officer_a, reason="x")
        elif action == "resolve":
            service(hot_spot=hot_spot, by=officer_a, outcome="x")
        else:
            service(hot_spot=hot_spot, by=officer_a)
    hot_spot.refresh_from_db()
    assert hot_spot.status == status
    assert not hot_spot.follow_ups.exists()


def test_resolving_needs_an_outcome_and_reopening_a_reason(tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    with pytest.raises(WorkflowError):
        services.hotspot_resolve(hot_spot=hot_spot, by=officer_a, outcome="   ")
    resolved = make_hotspot(tree.a, officer_a, status=Status.RESOLVED, resolved_on=date(2026, 2, 1), outcome="Xong")
    with pytest.raises(WorkflowError):
        services.hotspot_reopen(hot_spot=resolved, by=officer_a, reason="")
    with pytest.raises(WorkflowError):  # before the hot spot was opened
        services.hotspot_resolve(hot_spot=hot_spot, by=officer_a, outcome="Xong", on=date(2025, 12, 31))
    assert HotSpot.objects.filter(status=Status.OPEN).count() == 1


def test_the_resolve_page_requires_the_outcome_and_keeps_the_date_typed(client, tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_resolve", args=[hot_spot.pk])
    assert client.get(url).context["allowed"] is True
    response = client.post(url, {"date": "19/03/2026", "text": ""})
    assert response.status_code == 200 and "text" in response.context["form"].errors
    assert 'value="19/03/2026"' in response.text
    response = client.post(url, {"date": "19/03/2026", "text": "Giải quyết dứt điểm"})
    assert response.status_code == 302
    hot_spot.refresh_from_db()
    assert (hot_spot.status, hot_spot.resolved_on) == (Status.RESOLVED, date(2026, 3, 19))
    response = client.get(reverse("opinion:hotspot_detail", args=[hot_spot.pk]))
    assert response.context["actions"] == ["reopen"]
    assert reverse("opinion:hotspot_resolve", args=[hot_spot.pk]) not in response.text


def test_a_refused_move_through_the_page_says_why(client, tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_reopen", args=[hot_spot.pk])
    assert client.get(url).context["allowed"] is False
    response = client.post(url, {"date": "19/03/2026", "text": "Lý do"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    hot_spot.refresh_from_db()
    assert hot_spot.status == Status.OPEN


# --- follow-ups -------------------------------------------------------------------------------------------------


def test_an_officer_adds_dated_follow_ups_newest_first(client, tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_followup", args=[hot_spot.pk])
    assert client.post(url, {"date": "10/02/2026", "note": "Làm việc với cấp ủy"}).status_code == 302
    assert client.post(url, {"date": "12/03/2026", "note": "Tổ chức đối thoại"}).status_code == 302
    response = client.get(reverse("opinion:hotspot_detail", args=[hot_spot.pk]))
    assert [e.note for e in response.context["follow_ups"]] == ["Tổ chức đối thoại", "Làm việc với cấp ủy"]
    assert "12/03/2026" in response.text


def test_a_follow_up_in_the_future_or_on_a_resolved_hot_spot_is_refused(client, tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_followup", args=[hot_spot.pk])
    response = client.post(url, {"date": "21/03/2026", "note": "Ngày mai"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert "Ngày mai" in response.text
    resolved = make_hotspot(tree.a, officer_a, status=Status.RESOLVED, resolved_on=date(2026, 3, 1), outcome="Xong")
    response = client.post(reverse("opinion:hotspot_followup", args=[resolved.pk]), {"date": "19/03/2026", "note": "x"})
    assert response.status_code == 200
    assert not HotSpotFollowUp.objects.exists()


# --- links to reports and concerns ------------------------------------------------------------------------------


def test_reports_and_concerns_of_the_hot_spots_subtree_are_linked_and_unlinked(client, tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    flagged = make_report(tree.a1, summary="Phản ánh về điều động cán bộ")
    plain = make_report(tree.a, summary="Phản ánh thường", is_hot_spot=False)
    concern = make_concern(tree.a1)
    make_report(tree.b1, summary="Phản ánh của B")
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_links", args=[hot_spot.pk])
    form = client.get(url).context["form"]
    assert [pk for pk, _ in form.fields["reports"].choices] == [flagged.pk]  # suggested: flagged, in the subtree
    assert [pk for pk, _ in form.fields["concerns"].choices] == [concern.pk]
    response = client.post(url, {"reports": [flagged.pk], "report_numbers": f"#{plain.pk}", "concerns": [concern.pk]})
    assert response.status_code == 302
    assert set(hot_spot.reports.all()) == {flagged, plain}
    assert list(hot_spot.concerns.all()) == [concern]
    detail = client.get(reverse("opinion:hotspot_detail", args=[hot_spot.pk]))
    assert {r.pk for r in detail.context["reports"]} == {flagged.pk, plain.pk}
    client.post(url, {"unlink_report": plain.pk})
    assert list(hot_spot.reports.all()) == [flagged]


def test_records_outside_the_hot_spots_subtree_or_the_users_scope_cannot_be_linked(client, tree, officer_a, bloc_staff):
    hot_spot = make_hotspot(tree.a1, officer_a)
    siblings = make_report(tree.b1, summary="Của B")
    above = make_report(tree.a, summary="Của A, trên chi bộ")
    client.force_login(officer_a)
    url = reverse("opinion:hotspot_links", args=[hot_spot.pk])
    for number in (siblings.pk, above.pk, 999999):
        response = client.post(url, {"report_numbers": str(number)})
        assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(url, {"report_numbers": "abc"})
    assert "report_numbers" in response.context["form"].errors
    assert not hot_spot.reports.exists()
    with pytest.raises(WorkflowError):  # not even the bloc links a sibling's report to A's hot spot
        services.hotspot_link(hot_spot=hot_spot, by=bloc_staff, report_ids=[siblings.pk])


# --- access -----------------------------------------------------------------------------------------------------


def test_a_leader_reads_hot_spots_but_changes_nothing(client, tree, officer_a, leader_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    client.force_login(leader_a)
    response = client.get(reverse("opinion:hotspot_detail", args=[hot_spot.pk]))
    assert response.status_code == 200
    assert response.context["can_change"] is False and response.context["actions"] == []
    assert reverse("opinion:hotspot_update", args=[hot_spot.pk]) not in response.text
    assert client.get(reverse("opinion:hotspot_list")).context["can_add"] is False
    for name in ("update", "followup", "monitor", "resolve", "reopen", "links"):
        url = reverse(f"opinion:hotspot_{name}", args=[hot_spot.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"date": "19/03/2026", "text": "x", "note": "x"}).status_code == 403
    assert client.get(reverse("opinion:hotspot_create")).status_code == 403
    hot_spot.refresh_from_db()
    assert hot_spot.status == Status.OPEN and not hot_spot.follow_ups.exists()


def test_the_officer_of_a_cell_does_not_see_the_hot_spots_of_the_committee_above(client, tree, officer_a):
    from committees.models import Role
    from tests.factories import make_staff

    above = make_hotspot(tree.a, officer_a, title="Của A")
    own = make_hotspot(tree.a1, officer_a, title="Của A1")
    client.force_login(make_staff("officer_a1", tree.a1, Role.OFFICER))
    assert [h.title for h in client.get(reverse("opinion:hotspot_list")).context["object_list"]] == ["Của A1"]
    assert client.get(reverse("opinion:hotspot_detail", args=[above.pk])).status_code == 404
    assert client.get(reverse("opinion:hotspot_detail", args=[own.pk])).status_code == 200


def test_a_collaborator_sees_no_hot_spots(client, tree, officer_a, collaborator_a):
    hot_spot = make_hotspot(tree.a1, officer_a)
    client.force_login(collaborator_a)
    assert client.get(reverse("opinion:hotspot_list")).status_code == 403  # not a page of theirs
    assert client.get(reverse("opinion:hotspot_detail", args=[hot_spot.pk])).status_code == 404


# --- query counts -----------------------------------------------------------------------------------------------


def grow(tree, owner, factor, start=0):
    for i in range(start, start + factor):
        committee = make_committee(tree.a, code=f"A-H{i}", name=f"Chi bộ điểm nóng {i}")
        hot_spot = make_hotspot(committee, owner, title=f"Điểm nóng {i}", severity=Severity.HIGH)
        hot_spot.follow_ups.create(date=TODAY, note=f"Theo dõi {i}", author=owner)
        hot_spot.reports.add(make_report(committee, summary=f"Phản ánh {i}"))
        hot_spot.concerns.add(make_concern(committee, content=f"Kiến nghị {i}"))


@pytest.mark.parametrize("name", ["list", "detail", "links", "update", "followup", "resolve"])
def test_query_counts_do_not_grow_with_the_data(client, tree, officer_a, django_assert_max_num_queries, name):
    hot_spot = make_hotspot(tree.a, officer_a)
    url = reverse(f"opinion:hotspot_{name}", args=[] if name == "list" else [hot_spot.pk])
    client.force_login(officer_a)
    grow(tree, officer_a, 1)

    def add_to_hot_spot(i):
        hot_spot.follow_ups.create(date=TODAY, note=f"Ghi chép {i}", author=officer_a)
        hot_spot.reports.add(make_report(tree.a1, summary=f"Phản ánh gắn {i}"))
        hot_spot.concerns.add(make_concern(tree.a1, content=f"Kiến nghị gắn {i}"))
        make_report(tree.a1, summary=f"Chưa gắn {i}")
        make_concern(tree.a1, content=f"Chưa gắn {i}")

    add_to_hot_spot(0)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(tree, officer_a, 10, start=1)
    for i in range(1, 11):
        add_to_hot_spot(i)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_hot_spot_is_not_moved_away_from_the_reports_and_concerns_it_links(tree, officer_a):
    """One report and one concern of A stay outside A1's subtree: both count, and the move is refused."""
    hot_spot = make_hotspot(tree.a, officer_a)
    services.hotspot_link(
        hot_spot=hot_spot,
        by=officer_a,
        report_ids=[make_report(tree.a, summary="Phản ánh của A").pk],
        concern_ids=[make_concern(tree.a).pk],
    )
    assert services.links_outside(hot_spot, tree.a1) == 2
    with pytest.raises(WorkflowError):
        services.hotspot_update(hot_spot=hot_spot, by=officer_a, committee=tree.a1)
    assert HotSpot.objects.get(pk=hot_spot.pk).committee == tree.a
