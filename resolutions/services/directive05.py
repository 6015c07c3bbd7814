"""Recording a committee's Directive 05 year and revising its ethical criteria. Views check who may call these; these
functions keep each record inside the caller's scope, refuse what cannot be, and never change a criteria version
once adopted: a revision is a new version."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from committees.models import Committee
from committees.scoping import check_changeable, for_change
from core.changes import save, update_fields
from resolutions.models import CriteriaVersion, Criterion, ExemplaryModel, FollowUpYear
from resolutions.services.directive05_tallies import year_counted, year_moved

YEAR_FIELDS = ("committee", "year", "theme", "plan", "members_expected", "members_with_plan", "results")


@dataclass(frozen=True)
class ModelRow:
    kind: str
    name: str
    description: str = ""
    pk: int | None = None  # an exemplary model the year already has


@dataclass(frozen=True)
class CriterionRow:
    text: str
    revises: int | None = None  # the criterion of the current version this one continues


def _year_taken(committee: Committee, year: int) -> ValidationError:
    return ValidationError(
        {"year": _("%(committee)s has already recorded %(year)s: edit that year.") % {
            "committee": committee.name, "year": year}}
    )  # fmt: skip


def year_record(*, by, committee: Committee, models=(), **fields) -> FollowUpYear:
    with transaction.atomic():
        check_changeable(by, committee)
        record = FollowUpYear(committee=committee, created_by=by, **fields)
        record.clean()
        if FollowUpYear.objects.filter(committee=committee, year=record.year).exists():
            raise _year_taken(committee, record.year)
        try:
            with transaction.atomic():
                save(record, by)
        except IntegrityError as taken:  # recorded at the same moment by someone else
            raise _year_taken(committee, record.year) from taken
        exemplary_models_set(record, models)
        year_moved(None, year_counted(record))
        return record


def year_update(*, record: FollowUpYear, by, models=None, **fields) -> FollowUpYear:
    with transaction.atomic():
        locked = for_change(by, record)
        before = year_counted(locked)
        committee, year = fields.get("committee", locked.committee), fields.get("year", locked.year)
        if committee.pk != locked.committee_id:
            check_changeable(by, committee)
        moved = (committee.pk, year) != (locked.committee_id, locked.year)
        if moved and FollowUpYear.objects.filter(committee=committee, year=year).exclude(pk=locked.pk).exists():
            raise _year_taken(committee, year)
        update_fields(locked, fields, editable=YEAR_FIELDS, by=by, check=lambda row, _changed: row.clean())
        if models is not None:
            exemplary_models_set(locked, models)
        year_moved(before, year_counted(locked))
        return locked


def exemplary_models_set(record: FollowUpYear, rows) -> None:
    """Make ``rows`` the year's exemplary models: those it had and ``rows`` leave out are removed."""
    kept = {row.pk for row in rows if row.pk}
    record.exemplary_models.exclude(pk__in=kept).delete()
    existing = {model.pk: model for model in record.exemplary_models.filter(pk__in=kept)}
    for row in rows:
        model = existing.get(row.pk) or ExemplaryModel(year_record=record)
        changed = (model.kind, model.name, model.description) != (row.kind, row.name, row.description)
        if model.pk is None or changed:
            model.kind, model.name, model.description = row.kind, row.name, row.description
            model.full_clean(exclude=["year_record"])
            model.save()


def current_criteria(committee: Committee) -> CriteriaVersion | None:
    return CriteriaVersion.objects.filter(committee=committee).order_by("-adopted_on", "-pk").first()


def criteria_revise(*, by, committee: Committee, adopted_on, criteria, document=None, note="") -> CriteriaVersion:
    """Adopt a new version of ``committee``'s criteria: ``criteria`` (``CriterionRow``) in their order. A row that
    continues a criterion of the current version names it; the others are new, and those not continued are
    removed. Refused when nothing changed or when it is dated before the version it revises."""
    with transaction.atomic():
        committee = for_change(by, committee)  # locked: two revisions at once would both revise the same version
        rows = [(" ".join(row.text.split()), row.revises) for row in criteria]
        if not any(text for text, _revises in rows):
            raise ValidationError(_("Give at least one criterion."), code="empty")
        current = current_criteria(committee)
        before = {c.pk: c for c in current.criteria.all()} if current else {}
        if current and adopted_on < current.adopted_on:
            raise ValidationError({"adopted_on": _("A revision comes after the version it revises (%(day)s).") % {
                "day": date_format(current.adopted_on)}})  # fmt: skip
        rows = [(text, revises if revises in before else None) for text, revises in rows if text]
        if rows == [(criterion.text, pk) for pk, criterion in before.items()]:
            raise ValidationError(_("Nothing changed: the criteria are those already adopted."), code="unchanged")
        version = CriteriaVersion(committee=committee, adopted_on=adopted_on, document=document, note=note,
                                  created_by=by)  # fmt: skip
        version.full_clean(exclude=["committee", "created_by"])
        version.save()
        made = [Criterion(version=version, position=number, text=text, revises_id=revises)
                for number, (text, revises) in enumerate(rows, start=1)]  # fmt: skip
        for criterion in made:
            criterion.full_clean(exclude=["version", "revises"])
        Criterion.objects.bulk_create(made)
        return version
