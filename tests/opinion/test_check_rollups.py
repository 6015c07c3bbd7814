"""``manage.py check_rollups``: every roll-up against a rebuild from the records, changing nothing."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

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
