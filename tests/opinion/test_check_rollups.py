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
