"""``manage.py check_rollups``: every roll-up against a rebuild from the records, changing nothing."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from committees.models import Committee
from opinion.models import ReportMonth
from tests.factories import make_collaborator
from tests.opinion.factories_reports import make_report

pytestmark = pytest.mark.django_db


def test_the_check_names_each_rollup_that_differs_and_repairs_nothing(tree, capsys):
    make_report(make_collaborator(tree.a1, "Lê Văn Cường"), reported_on=date(2026, 3, 5))
    call_command("check_rollups")
    assert "monthly report counts: equal to a rebuild" in capsys.readouterr().out
    ReportMonth.objects.filter(committee=tree.a).update(reports=7)  # behind the application's back
    with pytest.raises(CommandError):
        call_command("check_rollups")
    output = capsys.readouterr().out
    assert "monthly report counts: 2 rows differ" in output  # the row kept and the row rebuilt
    assert "committees' subtree totals: equal to a rebuild" in output
    assert set(ReportMonth.objects.filter(committee=tree.a).values_list("reports", flat=True)) == {7}  # unrepaired


FIGURES = ["invited", "present", "excused", "absent"]


@pytest.mark.parametrize(("figure", "subtree"), [(name, "") for name in FIGURES] + [("", name) for name in FIGURES])
def test_an_attendance_row_that_counts_any_one_figure_alone_is_compared(tree, capsys, figure, subtree):
    """Rows counting nothing are left out of the comparison (a rebuild does not write them); a row written behind the
    application's back that counts one figure only, whichever, is still found."""
    from opinion.models import CollaboratorAttendance, CommitteeAttendance
    from opinion.models.tallies import Period

    collaborator = make_collaborator(tree.a1, "Lê Văn Cường")
    day = {"period": Period.DAY, "start": date(2026, 3, 5)}
    CommitteeAttendance.objects.create(committee=tree.a1, **day)  # counts nothing: not a difference
    CollaboratorAttendance.objects.create(collaborator=collaborator, committee=tree.a1, **day)
    call_command("check_rollups")
    counted = {figure: 1} if figure else {f"subtree_{subtree}": 1}  # a collaborator's row has no subtree figures
    CommitteeAttendance.objects.filter(committee=tree.a1).update(**counted)
    CollaboratorAttendance.objects.filter(collaborator=collaborator).update(**({figure: 1} if figure else {}))
    with pytest.raises(CommandError):
        call_command("check_rollups")
    output = capsys.readouterr().out
    assert "committees' attendance counts: 1 rows differ" in output
    collaborators = "1 rows differ" if figure else "equal to a rebuild"
    assert f"collaborators' attendance counts: {collaborators}" in output


def _rollups():
    from opinion.models import (
        Collaborator,
        CollaboratorAttendance,
        CommitteeAttendance,
        ReportDay,
        ReporterYear,
        ReportMonth,
        ReportTopicDay,
        ReportTopicMonth,
    )

    subtree = [f"subtree_{name}" for name in FIGURES]
    return {  # the columns each comparison must hold: named here, not read from the code under test
        "monthly report counts": (ReportMonth, ["committee", "month", "sentiment", "is_hot_spot", "reports"]),
        "monthly report counts by topic": (ReportTopicMonth, ["committee", "month", "topic", "reports"]),
        "daily report counts": (ReportDay, ["committee", "day", "sentiment", "is_hot_spot", "reports"]),
        "daily report counts by topic": (ReportTopicDay, ["committee", "day", "topic", "reports"]),
        "days the collaborators reported": (
            ReporterYear, ["collaborator", "committee", "year", *ReporterYear.MONTHS]
        ),
        "committees' attendance counts": (
            CommitteeAttendance, ["committee", "period", "start", *FIGURES, *subtree]
        ),
        "collaborators' attendance counts": (
            CollaboratorAttendance, ["collaborator", "committee", "period", "start", *FIGURES]
        ),
        "attended the last briefing": (Collaborator, ["attended_last_briefing"]),
    }  # fmt: skip


COLUMNS = [(name, column) for name, (_model, columns) in _rollups().items() for column in columns]


@pytest.mark.parametrize(("rollup", "column"), COLUMNS, ids=[f"{name}-{column}" for name, column in COLUMNS])
def test_a_rollup_row_wrong_in_any_one_column_is_found(tree, capsys, rollup, column):
    """Each roll-up compared column by column: a row changed behind the application's back in any single column,
    to another value of its kind, differs from the rebuild (the row kept and the row rebuilt)."""
    from opinion.models import Briefing, Collaborator, Topic
    from opinion.models.briefings import Attendance
    from tests.opinion.factories_collaborators import invite, make_briefing

    collaborator = make_collaborator(tree.a1, "Lê Văn Cường")
    make_report(collaborator, reported_on=date(2026, 3, 5))
    invite(
        make_briefing(tree.a1, month=date(2026, 3, 1), status=Briefing.Status.HELD), collaborator, Attendance.PRESENT
    )
    spare = {  # another record of each related kind, holding nothing
        Collaborator: make_collaborator(tree.b, "Phạm Thị Dự Phòng").pk,
        Committee: tree.b.pk,
        Topic: Topic.objects.create(name="Chủ đề dự phòng", order=99).pk,
    }
    call_command("check_rollups")
    model, _columns = _rollups()[rollup]
    row = model.objects.filter(pk__in=model.objects.order_by("pk").values("pk")[:1]).get()
    field = model._meta.get_field(column)
    value = getattr(row, field.attname)
    if field.is_relation:
        changed = spare[field.related_model]
    elif isinstance(value, bool):
        changed = not value
    elif isinstance(value, int):
        changed = value + 1
    elif isinstance(value, date):
        changed = value.replace(year=value.year - 1)
    else:
        changed = next(choice for choice, _label in field.choices if choice != value)
    model.objects.filter(pk=row.pk).update(**{field.attname: changed})
    with pytest.raises(CommandError):
        call_command("check_rollups")
    assert f"{rollup}: 2 rows differ" in capsys.readouterr().out
