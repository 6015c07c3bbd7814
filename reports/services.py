"""Opening reporting periods and starting reports. Views check who may call these; these functions keep each record
inside the caller's scope and refuse what cannot be."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from committees.models import Committee
from committees.scoping import for_change
from core.changes import save
from reports.models import Report, ReportEvent, ReportingPeriod, ReportVersion

PERIOD_FIELDS = ("committee", "kind", "year", "starts_on", "ends_on", "deadline", "guidance", "obliged_kinds")


@transaction.atomic
def period_open(*, by, committee: Committee, **fields) -> ReportingPeriod:
    for_change(by, committee, lock=False)
    period = ReportingPeriod(committee=committee, created_by=by, **fields)
    period.full_clean(exclude=["created_by"])
    return save(period, by)


def obliged(period: ReportingPeriod, committee: Committee) -> bool:
    """Does ``committee`` write a report for ``period``: the committee that opened it, or an active committee under
    it of a kind the period names."""
    if committee.pk == period.committee_id:
        return True
    under = committee.path.startswith(period.committee.path) and committee.depth > period.committee.depth
    return under and committee.is_active and committee.kind in period.obliged_kinds


@transaction.atomic
def report_start(*, by, period: ReportingPeriod, committee: Committee) -> Report:
    """The committee's report for the period, as a draft (its first version), to its parent."""
    for_change(by, committee, lock=False)
    if not obliged(period, committee):
        raise ValidationError(_("%(committee)s does not report for this period.") % {"committee": committee.name})
    recipient = None if committee.pk == period.committee_id else Committee.objects.get(path=committee.parent_path)
    try:
        with transaction.atomic():
            report = save(Report(period=period, committee=committee, recipient=recipient, created_by=by), by)
    except IntegrityError:  # started at the same moment by someone else: theirs is the report
        return Report.objects.get(period=period, committee=committee)
    ReportVersion.objects.create(report=report, number=1)
    ReportEvent.objects.create(report=report, version=1, action=ReportEvent.Action.STARTED, by=by)
    return report
