"""The hot spot services called directly: what each stores, who the history records as having done it, the scope
each checks by itself, and each refusal in its own words, with nothing changed when it refuses."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from core.workflow import WorkflowError
from opinion.models import HotSpot
from opinion.services import hotspots as services
from tests.factories import make_committee
from tests.opinion.factories_hotspots import make_concern, make_hotspot, make_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

Status, Severity = HotSpot.Status, HotSpot.Severity
TODAY = date(2026, 3, 20)
OPENED = date(2026, 1, 5)  # make_hotspot's opening date
FIELDS = ("committee", "title", "description", "severity", "owner", "opened_on")


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-20 10:00 +0700", tick=False):
        yield


@pytest.fixture
def hot_spot(tree, officer_a):
    """A's hot spot, with a report and a concern of A1 linked to it."""
    hot_spot = make_hotspot(tree.a, officer_a)
    hot_spot.reports.add(make_report(tree.a1, summary="Phản ánh đã gắn"))
    hot_spot.concerns.add(make_concern(tree.a1, content="Kiến nghị đã gắn"))
    return hot_spot


def refusal(service, *args, **kwargs) -> list[str]:
    with pytest.raises(WorkflowError) as refused:
        service(*args, **kwargs)
    return refused.value.messages


def snapshot(hot_spot: HotSpot) -> tuple:
    """Everything a refused call must leave as it was: the row, its history, its follow-up log and its links."""
    return (
        HotSpot.objects.filter(pk=hot_spot.pk).values().get(),
        hot_spot.history.count(),
        list(hot_spot.follow_ups.values_list("date", "note")),
        set(hot_spot.reports.values_list("pk", flat=True)),
        set(hot_spot.concerns.values_list("pk", flat=True)),
    )


def stored(hot_spot: HotSpot) -> tuple:
    """The fields a user gives a hot spot, as read back from the database (``FIELDS``' order)."""
    fresh = HotSpot.objects.get(pk=hot_spot.pk)
    return tuple(getattr(fresh, name) for name in FIELDS)


# --- create -----------------------------------------------------------------------------------------------------


def test_a_hot_spot_is_created_with_every_field_as_given_and_its_author_in_the_history(tree, officer_a, leader_a):
    hot_spot = services.hotspot_create(
        by=officer_a,
        committee=tree.a1,
        title="Dư luận về việc điều động cán bộ",
        description="Nhiều ý kiến bàn luận.",
        severity=Severity.HIGH,
        owner=leader_a,  # someone other than the author: the owner given is kept, not replaced by the author
        opened_on=date(2026, 3, 2),
    )
    assert stored(hot_spot) == (
        tree.a1, "Dư luận về việc điều động cán bộ", "Nhiều ý kiến bàn luận.", Severity.HIGH, leader_a,
        date(2026, 3, 2),
    )  # fmt: skip
    assert HotSpot.objects.get(pk=hot_spot.pk).status == Status.OPEN
    assert hot_spot.history.first().history_user == officer_a


def test_a_hot_spot_created_with_only_what_is_required_is_medium_owned_by_its_author_and_opened_today(tree, officer_a):
    hot_spot = services.hotspot_create(by=officer_a, committee=tree.a, title="Tâm tư", description="Băn khoăn.")
    assert stored(hot_spot) == (tree.a, "Tâm tư", "Băn khoăn.", Severity.MEDIUM, officer_a, TODAY)


def test_a_hot_spot_may_be_opened_today_but_not_tomorrow(tree, officer_a):
    arguments = {"by": officer_a, "committee": tree.a, "title": "Tâm tư", "description": "Băn khoăn."}
    assert refusal(services.hotspot_create, **arguments, opened_on=TODAY + timedelta(days=1)) == [
        "The date cannot be in the future."
    ]
    assert not HotSpot.objects.exists()
    assert services.hotspot_create(**arguments, opened_on=TODAY).opened_on == TODAY


@pytest.mark.parametrize("creator,committee", [("officer_b_sibling", "a"), ("officer_a", "b"), ("officer_a", "b1")])
def test_a_hot_spot_is_not_created_in_a_committee_outside_its_creators_scope(request, tree, creator, committee):
    with pytest.raises(PermissionDenied):
        services.hotspot_create(
            by=request.getfixturevalue(creator), committee=getattr(tree, committee), title="x", description="y"
        )
    assert not HotSpot.objects.exists()


# --- update -----------------------------------------------------------------------------------------------------

UPDATES = {
    "the title alone": lambda tree, leader_a: {"title": "Tiêu đề mới"},
    "every field, moved down to a cell": lambda tree, leader_a: {
        "committee": tree.a1,
        "title": "Tiêu đề mới",
        "description": "Mô tả mới.",
        "severity": Severity.CRITICAL,
        "owner": leader_a,
        "opened_on": date(2026, 3, 1),
    },
    "opened today": lambda tree, leader_a: {"opened_on": TODAY},
}


@pytest.mark.parametrize("name", UPDATES)
def test_an_update_saves_each_field_as_given_with_its_author_in_the_history(tree, officer_a, leader_a, name):
    hot_spot = make_hotspot(tree.a, officer_a)  # nothing linked: it may move down to A1
    changes = UPDATES[name](tree, leader_a)
    expected = dict(zip(FIELDS, stored(hot_spot), strict=True)) | changes
    services.hotspot_update(hot_spot=hot_spot, by=officer_a, **changes)
    assert stored(hot_spot) == tuple(expected.values())
    assert hot_spot.history.count() == 2
    assert hot_spot.history.first().history_user == officer_a


def test_an_update_refuses_a_date_in_the_future_and_a_move_away_from_its_links_in_their_own_words(
    tree, officer_a, hot_spot
):
    before = snapshot(hot_spot)
    assert refusal(services.hotspot_update, hot_spot=hot_spot, by=officer_a, opened_on=TODAY + timedelta(days=1)) == [
        "The date cannot be in the future."
    ]
    # The linked report and concern are A1's; moving to a new cell of A leaves both outside.
    cell = make_committee(tree.a, code="A2", name="Chi bộ Vụ Pháp chế")
    assert refusal(services.hotspot_update, hot_spot=hot_spot, by=officer_a, committee=cell) == [
        "Some linked reports or concerns belong outside the new committee; unlink them first."
    ]
    assert snapshot(hot_spot) == before


# --- the scope each service checks by itself --------------------------------------------------------------------

# name → (who calls, the status the hot spot is in, the call)
OUTSIDE_THE_SCOPE = {
    "update": ("officer_b_sibling", Status.OPEN, lambda h, by, tree: services.hotspot_update(
        hot_spot=h, by=by, title="Sửa")),
    "move to a sibling's committee": ("officer_a", Status.OPEN, lambda h, by, tree: services.hotspot_update(
        hot_spot=h, by=by, committee=tree.b)),
    "move to a sibling's cell": ("officer_a", Status.OPEN, lambda h, by, tree: services.hotspot_update(
        hot_spot=h, by=by, committee=tree.b1)),
    "monitor": ("officer_b_sibling", Status.OPEN, lambda h, by, tree: services.hotspot_monitor(
        hot_spot=h, by=by, note="Tạm lắng")),
    "resolve": ("officer_b_sibling", Status.MONITORING, lambda h, by, tree: services.hotspot_resolve(
        hot_spot=h, by=by, outcome="Đã ổn định")),
    "reopen": ("officer_b_sibling", Status.RESOLVED, lambda h, by, tree: services.hotspot_reopen(
        hot_spot=h, by=by, reason="Có đơn thư mới")),
    "follow-up": ("officer_b_sibling", Status.OPEN, lambda h, by, tree: services.hotspot_followup_add(
        hot_spot=h, by=by, on=TODAY, note="Làm việc với cấp ủy")),
    "link": ("officer_b_sibling", Status.OPEN, lambda h, by, tree: services.hotspot_link(
        hot_spot=h, by=by, report_ids=[make_report(tree.a1, summary="Phản ánh mới").pk])),
    "link nothing": ("officer_b_sibling", Status.OPEN, lambda h, by, tree: services.hotspot_link(
        hot_spot=h, by=by)),
    "unlink": ("officer_b_sibling", Status.OPEN, lambda h, by, tree: services.hotspot_unlink(
        hot_spot=h, by=by, report_ids=list(h.reports.values_list("pk", flat=True)),
        concern_ids=list(h.concerns.values_list("pk", flat=True)))),
}  # fmt: skip


@pytest.mark.parametrize("name", OUTSIDE_THE_SCOPE)
def test_a_service_refuses_by_itself_a_caller_outside_the_scope_and_changes_nothing(request, tree, hot_spot, name):
    """The views answer 404 first; this is what stops a caller that forgot them."""
    caller, status, call = OUTSIDE_THE_SCOPE[name]
    HotSpot.objects.filter(pk=hot_spot.pk).update(status=status)
    before = snapshot(hot_spot)
    with pytest.raises(PermissionDenied):
        call(hot_spot, request.getfixturevalue(caller), tree)
    assert snapshot(hot_spot) == before


# --- transitions ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,actions",
    [(Status.OPEN, ["monitor", "resolve"]), (Status.MONITORING, ["resolve", "reopen"]), (Status.RESOLVED, ["reopen"])],
)
def test_the_moves_offered_are_those_the_hot_spots_status_allows(tree, officer_a, status, actions):
    assert services.allowed_actions(make_hotspot(tree.a, officer_a, status=status)) == actions


# name → (the status it starts from, the call, (status, outcome, resolved on) after it, the follow-up logged)
MOVES = {
    "monitor with a note and a date": (
        Status.OPEN,
        lambda h, by: services.hotspot_monitor(hot_spot=h, by=by, note="  Tạm lắng ", on=date(2026, 3, 18)),
        (Status.MONITORING, "", None),
        (date(2026, 3, 18), "Status: open → monitoring. Tạm lắng"),
    ),
    "monitor with neither": (
        Status.OPEN,
        lambda h, by: services.hotspot_monitor(hot_spot=h, by=by),
        (Status.MONITORING, "", None),
        (TODAY, "Status: open → monitoring."),
    ),
    "resolve on a date": (
        Status.MONITORING,
        lambda h, by: services.hotspot_resolve(hot_spot=h, by=by, outcome=" Đã đối thoại ", on=date(2026, 3, 18)),
        (Status.RESOLVED, "Đã đối thoại", date(2026, 3, 18)),
        (date(2026, 3, 18), "Status: monitoring → resolved. Đã đối thoại"),
    ),
    "resolve today": (
        Status.OPEN,
        lambda h, by: services.hotspot_resolve(hot_spot=h, by=by, outcome="Đã giải thích rõ"),
        (Status.RESOLVED, "Đã giải thích rõ", TODAY),
        (TODAY, "Status: open → resolved. Đã giải thích rõ"),
    ),
    "reopen on a date": (
        Status.RESOLVED,
        lambda h, by: services.hotspot_reopen(hot_spot=h, by=by, reason=" Có đơn thư mới ", on=date(2026, 3, 19)),
        (Status.OPEN, "", None),
        (date(2026, 3, 19), "Status: resolved → open. Có đơn thư mới"),
    ),
    "reopen today": (
        Status.MONITORING,
        lambda h, by: services.hotspot_reopen(hot_spot=h, by=by, reason="Bùng phát lại"),
        (Status.OPEN, "", None),
        (TODAY, "Status: monitoring → open. Bùng phát lại"),
    ),
}


@pytest.mark.parametrize("name", MOVES)
def test_each_move_is_saved_with_its_author_and_reason_and_logged_on_its_date(tree, officer_a, leader_a, name):
    status, move, after, logged = MOVES[name]
    # Resolved before, by someone else: a reopen clears the outcome and the date, and the history shows who moved it.
    resolved = {"outcome": "Đã xong", "resolved_on": date(2026, 3, 1)} if status == Status.RESOLVED else {}
    hot_spot = make_hotspot(tree.a, leader_a, status=status, **resolved)
    action = {Status.MONITORING: "monitor", Status.RESOLVED: "resolve", Status.OPEN: "reopen"}[after[0]]
    move(hot_spot, officer_a)
    fresh = HotSpot.objects.get(pk=hot_spot.pk)
    assert (fresh.status, fresh.outcome, fresh.resolved_on) == after
    latest = hot_spot.history.first()
    assert (latest.status, latest.history_change_reason, latest.history_user) == (after[0], action, officer_a)
    [entry] = hot_spot.follow_ups.all()
    assert (entry.date, entry.note, entry.author) == (*logged, officer_a)


# name → (the status it starts from, the call, the refusal)
REFUSED_MOVES = {
    "resolve without an outcome": (Status.OPEN, lambda h, by: services.hotspot_resolve(
        hot_spot=h, by=by, outcome=""), "Say how the hot spot was resolved."),
    "resolve with no outcome at all": (Status.OPEN, lambda h, by: services.hotspot_resolve(
        hot_spot=h, by=by, outcome=None), "Say how the hot spot was resolved."),
    "resolve with a blank outcome": (Status.OPEN, lambda h, by: services.hotspot_resolve(
        hot_spot=h, by=by, outcome="   "), "Say how the hot spot was resolved."),
    "reopen without a reason": (Status.RESOLVED, lambda h, by: services.hotspot_reopen(
        hot_spot=h, by=by, reason=""), "Say why the hot spot is reopened."),
    "reopen with no reason at all": (Status.RESOLVED, lambda h, by: services.hotspot_reopen(
        hot_spot=h, by=by, reason=None), "Say why the hot spot is reopened."),
    "monitor tomorrow": (Status.OPEN, lambda h, by: services.hotspot_monitor(
        hot_spot=h, by=by, on=TODAY + timedelta(days=1)), "The date cannot be in the future."),
    "resolve before it opened": (Status.OPEN, lambda h, by: services.hotspot_resolve(
        hot_spot=h, by=by, outcome="Xong", on=OPENED - timedelta(days=1)),
        "The date cannot be before the hot spot was opened."),
    "monitor a resolved one": (Status.RESOLVED, lambda h, by: services.hotspot_monitor(
        hot_spot=h, by=by, note="Tạm lắng"), "A hot spot that is resolved cannot be put under monitoring."),
}  # fmt: skip


@pytest.mark.parametrize("name", REFUSED_MOVES)
def test_a_refused_move_says_why_in_its_own_words_and_changes_nothing(tree, officer_a, name):
    status, move, words = REFUSED_MOVES[name]
    hot_spot = make_hotspot(tree.a, officer_a, status=status)
    before = snapshot(hot_spot)
    assert refusal(move, hot_spot, officer_a) == [words]
    assert snapshot(hot_spot) == before


def test_a_move_may_be_dated_the_day_the_hot_spot_opened(tree, officer_a):
    hot_spot = services.hotspot_monitor(hot_spot=make_hotspot(tree.a, officer_a), by=officer_a, on=OPENED)
    assert hot_spot.follow_ups.get().date == OPENED


# --- follow-ups -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("on", [OPENED, TODAY], ids=["the day it opened", "today"])
def test_a_follow_up_is_stored_as_written_on_its_date_by_its_author(tree, officer_a, on):
    hot_spot = make_hotspot(tree.a, officer_a, status=Status.MONITORING)
    services.hotspot_followup_add(hot_spot=hot_spot, by=officer_a, on=on, note="  Làm việc với cấp ủy ")
    [entry] = hot_spot.follow_ups.all()
    assert (entry.date, entry.note, entry.author) == (on, "Làm việc với cấp ủy", officer_a)


# name → (the status of the hot spot, the follow-up's date and note, the refusal)
REFUSED_FOLLOW_UPS = {
    "on a resolved hot spot": (Status.RESOLVED, TODAY, "Đã gặp gỡ",
                               "The hot spot is resolved; reopen it to add to its follow-up."),
    "without a note": (Status.OPEN, TODAY, "", "Say what happened."),
    "with no note at all": (Status.OPEN, TODAY, None, "Say what happened."),
    "with a blank note": (Status.OPEN, TODAY, "  ", "Say what happened."),
    "tomorrow": (Status.OPEN, TODAY + timedelta(days=1), "Ngày mai", "The date cannot be in the future."),
    "before it opened": (Status.OPEN, OPENED - timedelta(days=1), "Hôm trước",
                         "The date cannot be before the hot spot was opened."),
}  # fmt: skip


@pytest.mark.parametrize("name", REFUSED_FOLLOW_UPS)
def test_a_refused_follow_up_says_why_in_its_own_words_and_adds_nothing(tree, officer_a, name):
    status, on, note, words = REFUSED_FOLLOW_UPS[name]
    hot_spot = make_hotspot(tree.a, officer_a, status=status)
    before = snapshot(hot_spot)
    assert refusal(services.hotspot_followup_add, hot_spot=hot_spot, by=officer_a, on=on, note=note) == [words]
    assert snapshot(hot_spot) == before


# --- links ------------------------------------------------------------------------------------------------------


def test_linking_adds_the_reports_and_concerns_asked_for_and_counts_them(tree, officer_a, hot_spot):
    report = make_report(tree.a, summary="Phản ánh của A")
    concerns = [make_concern(tree.a, content="Kiến nghị của A"), make_concern(tree.a1, content="Kiến nghị của A1")]
    linked = services.hotspot_link(
        hot_spot=hot_spot, by=officer_a, report_ids=[report.pk], concern_ids=[c.pk for c in concerns]
    )
    assert linked == (1, 2)
    assert report in hot_spot.reports.all()
    assert set(concerns) < set(hot_spot.concerns.all())


def test_linking_a_record_that_is_not_linkable_refuses_the_whole_change_naming_each_number(tree, officer_a):
    hot_spot = make_hotspot(tree.a1, officer_a)
    sibling, above = make_report(tree.b1, summary="Của B"), make_report(tree.a, summary="Của A, trên chi bộ")
    own_report, own_concern = make_report(tree.a1, summary="Của A1"), make_concern(tree.a1)
    before = snapshot(hot_spot)
    words = "No report or concern you may link has the number %s."
    # One unknown report is enough, even when every concern asked for is linkable.
    assert refusal(
        services.hotspot_link, hot_spot=hot_spot, by=officer_a, report_ids=[own_report.pk, 999999],
        concern_ids=[own_concern.pk],
    ) == [words % "999999"]  # fmt: skip
    numbers = ", ".join(str(n) for n in sorted([sibling.pk, above.pk, 999998]))
    assert refusal(
        services.hotspot_link, hot_spot=hot_spot, by=officer_a, report_ids=[sibling.pk, above.pk],
        concern_ids=[999998, own_concern.pk],
    ) == [words % numbers]  # fmt: skip
    assert snapshot(hot_spot) == before


def test_unlinking_removes_only_the_links_asked_for(tree, officer_a, hot_spot):
    [kept_report], [kept_concern] = hot_spot.reports.all(), hot_spot.concerns.all()
    report, concern = make_report(tree.a, summary="Gỡ ra"), make_concern(tree.a, content="Gỡ ra")
    hot_spot.reports.add(report)
    hot_spot.concerns.add(concern)
    services.hotspot_unlink(hot_spot=hot_spot, by=officer_a, report_ids=[report.pk], concern_ids=[concern.pk])
    assert list(hot_spot.reports.all()) == [kept_report]
    assert list(hot_spot.concerns.all()) == [kept_concern]
