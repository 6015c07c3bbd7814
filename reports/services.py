"""Opening reporting periods and the life of a report, as parties do it: an officer drafts it, the committee's own
leader signs it (its figures frozen then), its department sends it, the parent's department receives it or asks for
additions (a new version follows; the one sent is kept). Views check who may call these; these functions check it
again, keep each record inside the caller's scope and refuse a step the report's state does not allow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from committees.scoping import check_changeable, scope_of
from core.changes import save
from reports.checks import findings
from reports.figures import compared
from reports.models import Report, ReportEvent, ReportingPeriod, ReportStatus, ReportVersion
from reports.narrative import PART_KEYS, compose
from reports.selectors import obliged_committees

PERIOD_FIELDS = ("committee", "kind", "year", "starts_on", "ends_on", "deadline", "guidance", "obliged_kinds",
                 "sections")  # fmt: skip


def period_open(*, by, committee: Committee, **fields) -> ReportingPeriod:
    with transaction.atomic():
        check_changeable(by, committee)
        period = ReportingPeriod(committee=committee, created_by=by, **fields)
        period.full_clean(exclude=["created_by"])
        return save(period, by)


def obliged(period: ReportingPeriod, committee: Committee) -> bool:
    """Does ``committee`` write a report for ``period`` (``selectors.obliged_committees`` says who does)."""
    return obliged_committees(period).filter(pk=committee.pk).exists()


def report_start(*, by, period: ReportingPeriod, committee: Committee) -> Report:
    """The committee's report for the period, as a draft (its first version), to its parent."""
    with transaction.atomic():
        check_changeable(by, committee)
        if not obliged(period, committee):
            raise ValidationError(_("%(committee)s does not report for this period.") % {"committee": committee.name})
        recipient = None if committee.pk == period.committee_id else Committee.objects.get(path=committee.parent_path)
        try:
            with transaction.atomic():
                report = save(Report(period=period, committee=committee, recipient=recipient, created_by=by), by)
        except IntegrityError:  # started at the same moment by someone else: theirs is the report
            return Report.objects.get(period=period, committee=committee)
        snapshot = compared(committee, period.window)
        ReportVersion.objects.create(report=report, number=1, narrative=compose(report, snapshot))
        ReportEvent.objects.create(report=report, version=1, action=ReportEvent.Action.STARTED, by=by)
        return report


def own_committee_id(by) -> int | None:
    """The committee a user works for (none for a superuser: they act for no committee)."""
    committee = scope_of(by).committee
    return committee.pk if committee else None


def _event(report: Report, version: ReportVersion, action: str, by, comment: str = "") -> None:
    ReportEvent.objects.create(report=report, version=version.number, action=action, by=by, comment=comment)


def _locked(report: Report) -> tuple[Report, ReportVersion]:
    report = Report.objects.select_for_update(of=("self",)).select_related("period", "committee").get(pk=report.pk)
    return report, report.versions.order_by("-number").first()


def _refuse(message: str):
    raise ValidationError(message)


SIGNABLE = (ReportStatus.DRAFT, ReportStatus.ADDITIONS_REQUESTED)


def _drafting(by, report: Report) -> tuple[Report, ReportVersion]:
    """The report locked, with its current version, for its own department to write while it is not signed."""
    if not (by.has_perm("reports.change_report") and own_committee_id(by) == report.committee_id):
        raise PermissionDenied("Only the committee's own department writes its report.")
    report, version = _locked(report)
    if report.status not in SIGNABLE or version.figures is not None:
        _refuse(_("This version is signed: its text no longer changes."))
    return report, version


def report_write(*, by, report: Report, parts: dict[str, str]) -> ReportVersion:
    """The department's text of each part of the current version, as edited; what its numbers cite is kept, so that
    a number edited away is found (``narrative.mismatches``)."""
    with transaction.atomic():
        report, version = _drafting(by, report)
        version.narrative = {
            **(version.narrative or {}),
            "parts": {key: parts.get(key, "").strip() for key in PART_KEYS},
        }
        version.save(update_fields=["narrative"])
        return version


def report_compose(*, by, report: Report, rounded: bool = False) -> ReportVersion:
    """The current version's text written again from the figures as they are now, the edits to it discarded."""
    with transaction.atomic():
        report, version = _drafting(by, report)
        version.narrative = compose(report, compared(report.committee, report.period.window), rounded=rounded)
        version.save(update_fields=["narrative"])
        return version


def report_sign(*, by, report: Report, document_number: str, document_date, note: str = "") -> Report:
    """The committee's own leader signs the current version: its figures are read once more and frozen with it. What
    the checks find must be answered by a note (kept in the history), or corrected first."""
    with transaction.atomic():
        if not (by.has_perm("reports.sign_report") and own_committee_id(by) == report.committee_id):
            raise PermissionDenied("Only the committee's own leader signs its report.")
        report, version = _locked(report)
        if report.status not in SIGNABLE or version.figures is not None:
            _refuse(_("This version is already signed."))
        if not document_number.strip():
            raise ValidationError({"document_number": _("Give the report's number.")})
        snapshot = compared(report.committee, report.period.window)
        found = findings(report, version, snapshot)
        if found and not note.strip():
            message = _("The checks found %(count)s things to look at (listed on the page): correct them, or sign "
                        "with a note saying why they stand.") % {"count": len(found)}  # fmt: skip
            raise ValidationError({"note": ValidationError(message, code="findings")})
        version.figures = snapshot
        version.signed_by, version.signed_at = by, timezone.now()
        version.document_number, version.document_date = document_number.strip(), document_date
        version.save()
        report.status = ReportStatus.SIGNED
        save(report, by, update_fields=["status"])
        _event(report, version, ReportEvent.Action.SIGNED, by, note.strip())
        return report


def report_send(*, by, report: Report, recipients: str) -> Report:
    """The committee's department sends the signed version to its parent."""
    with transaction.atomic():
        if not (by.has_perm("reports.change_report") and own_committee_id(by) == report.committee_id):
            raise PermissionDenied("Only the committee's own department sends its report.")
        report, version = _locked(report)
        if report.status != ReportStatus.SIGNED:
            _refuse(_("Only a signed report is sent."))
        version.sent_at, version.recipients = timezone.now(), recipients.strip()
        version.save(update_fields=["sent_at", "recipients"])
        report.status = ReportStatus.SENT
        save(report, by, update_fields=["status"])
        _event(report, version, ReportEvent.Action.SENT, by)
        return report


def _for_recipient(by, report: Report) -> None:
    """The parent's department acts on what was sent to it: the staff of the recipient committee itself."""
    received = report.recipient_id is not None and own_committee_id(by) == report.recipient_id
    if not (by.has_perm("reports.receive_report") and received):
        raise PermissionDenied("Only the recipient's department receives a report.")


def report_receive(*, by, report: Report, incoming_reference: str = "") -> Report:
    with transaction.atomic():
        _for_recipient(by, report)
        report, version = _locked(report)
        if report.status != ReportStatus.SENT:
            _refuse(_("Only a report that was sent is received."))
        version.received_at, version.received_by = timezone.now(), by
        version.incoming_reference = incoming_reference.strip()
        version.save(update_fields=["received_at", "received_by", "incoming_reference"])
        report.status = ReportStatus.RECEIVED
        save(report, by, update_fields=["status"])
        _event(report, version, ReportEvent.Action.RECEIVED, by)
        return report


def report_request_additions(*, by, report: Report, comment: str) -> Report:
    """The parent asks for additions or an explanation: the version sent stays as it was, a new draft follows it."""
    with transaction.atomic():
        _for_recipient(by, report)
        report, version = _locked(report)
        if report.status not in (ReportStatus.SENT, ReportStatus.RECEIVED):
            _refuse(_("Additions are requested of a report that was sent."))
        if not comment.strip():
            raise ValidationError({"comment": _("Say what should be added or explained.")})
        _event(report, version, ReportEvent.Action.ADDITIONS_REQUESTED, by, comment.strip())
        following = ReportVersion.objects.create(report=report, number=version.number + 1, narrative=version.narrative)
        report.status = ReportStatus.ADDITIONS_REQUESTED
        save(report, by, update_fields=["status"])
        _event(report, following, ReportEvent.Action.NEW_VERSION, by)
        return report
