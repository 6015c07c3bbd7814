"""Filing opinion reports: by the collaborator from their phone, or by staff on the collaborator's behalf."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.scoping import for_change
from core.changes import update_fields
from opinion.models import Collaborator, OpinionReport, Topic
from opinion.services.tallies import reports_followed

# What staff correct on a report (its collaborator, committee and channel stay).
REPORT_FIELDS = ("reported_on", "summary", "sentiment", "spread", "is_hot_spot", "confidentiality")


def report_file(
    *,
    collaborator: Collaborator,
    by,
    reported_on: date,
    topics: list[Topic],
    summary: str,
    sentiment: str,
    spread: str = OpinionReport.Spread.UNIT,
    is_hot_spot: bool = False,
    confidentiality: str = OpinionReport.Confidentiality.NORMAL,
    channel: str | None = None,
) -> OpinionReport:
    """Record what ``collaborator`` reported; it belongs to the collaborator's committee."""
    with transaction.atomic():
        if collaborator.status != Collaborator.Status.ACTIVE:
            raise ValidationError(_("%(name)s is not an active collaborator.") % {"name": collaborator.full_name})
        if reported_on > timezone.localdate():
            raise ValidationError(_("A report cannot be dated in the future."))
        if not topics:
            raise ValidationError(_("Choose at least one topic."))
        filed_by_collaborator = collaborator.user_id is not None and collaborator.user_id == by.pk
        channel = (
            OpinionReport.Channel.ONLINE if filed_by_collaborator else (channel or OpinionReport.Channel.IN_PERSON)
        )
        with reports_followed() as followed:
            report = OpinionReport.objects.create(
                committee_id=collaborator.committee_id,
                collaborator=collaborator,
                entered_by=by,
                channel=channel,
                reported_on=reported_on,
                summary=summary.strip(),
                sentiment=sentiment,
                spread=spread,
                is_hot_spot=is_hot_spot,
                confidentiality=confidentiality,
            )
            report.topics.set(topics)
            followed.add(report.pk)
        return report


def report_update(*, report: OpinionReport, by=None, topics: list[Topic] | None = None, **fields) -> OpinionReport:
    """Staff correct a report; the change is kept in its history."""
    with transaction.atomic():
        if fields.get("reported_on") and fields["reported_on"] > timezone.localdate():
            raise ValidationError(_("A report cannot be dated in the future."))
        if topics is not None and not topics:
            raise ValidationError(_("Choose at least one topic."))
        # One change of a report at a time, so that each is counted from what the one before left.
        locked = for_change(by, report)
        with reports_followed([report.pk]):
            update_fields(locked, fields, editable=REPORT_FIELDS, by=by)
            if topics is not None:
                locked.topics.set(topics)
        return locked


def report_save(*, report: OpinionReport, topics: list[Topic] | None = None) -> OpinionReport:
    """Save a report as the admin edits it, field by field (new or changed), with its topics; counted."""
    with transaction.atomic():
        with reports_followed([report.pk] if report.pk else []) as followed:
            report.save()
            followed.add(report.pk)
            if topics is not None:
                report.topics.set(topics)
        return report


def report_delete(*, reports) -> int:
    """Delete ``reports`` (a queryset: the admin deletes reports entered by mistake); the counts follow."""
    with transaction.atomic():
        ids = list(reports.select_for_update().values_list("pk", flat=True))
        with reports_followed(ids):
            OpinionReport.objects.filter(pk__in=ids).delete()
        return len(ids)
