"""Writes for trainings (hội nghị tập huấn nghiệp vụ): the conference itself, its invitees and their attendance,
its materials. Views check who may call these; these functions keep the data consistent and inside the caller's scope.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from committees.models import Committee
from committees.scoping import check_changeable, check_move, for_change
from core import uploads
from core.changes import check_editable, save, update_fields
from opinion.models import Collaborator, Training, TrainingAttendance, TrainingMaterial
from opinion.models.trainings import Attendance

BATCH = 5000
TRAINING_FIELDS = ("committee", "title", "starts_on", "ends_on", "place", "trainers", "content")


def training_create(
    *,
    by,
    committee: Committee,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    place: str = "",
    trainers: str = "",
    content: str = "",
) -> Training:
    with transaction.atomic():
        check_changeable(by, committee)
        training = Training(
            committee=committee,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on or starts_on,
            place=place,
            trainers=trainers,
            content=content,
        )
        return save(training, by)


def training_update(*, training: Training, by, **fields) -> Training:
    with transaction.atomic():
        check_editable(fields, TRAINING_FIELDS)
        locked = for_change(by, training)
        check_move(by, locked, fields)
        if "ends_on" in fields and fields["ends_on"] is None:
            fields["ends_on"] = fields.get("starts_on", locked.starts_on)
        update_fields(locked, fields, editable=TRAINING_FIELDS, by=by)
        return locked


@dataclass(frozen=True)
class InviteResult:
    invited: int
    already: int


def training_invite(*, training: Training, by, committee: Committee) -> InviteResult:
    """Invite every active collaborator of ``committee``'s subtree that ``by`` may manage, in one bulk insert;
    those already invited are left as they are."""
    with transaction.atomic():
        check_changeable(by, committee)
        candidates = Collaborator.objects.changeable_by(by).active().filter(committee__path__startswith=committee.path)
        already = candidates.filter(training_attendances__training=training).count()
        new_ids = list(candidates.exclude(training_attendances__training=training).values_list("pk", flat=True))
        TrainingAttendance.objects.bulk_create(
            [TrainingAttendance(training=training, collaborator_id=pk) for pk in new_ids],
            batch_size=BATCH,
            ignore_conflicts=True,  # someone else invited the same people a moment ago: theirs stands
        )
        return InviteResult(invited=len(new_ids), already=already)


def training_attendance_record(*, training: Training, by, records: dict[int, tuple[str, str]]) -> int:
    """Set status and note of invitees, ``{attendance pk: (status, note)}``. Only rows ``by`` may change (their own
    scope's collaborators) are touched; any other pk is ignored as if it did not exist. Returns the rows changed."""
    with transaction.atomic():
        valid = set(Attendance.values)
        rows = list(
            TrainingAttendance.objects.changeable_by(by)
            .filter(training=training, pk__in=list(records))
            .select_for_update()
        )
        changed = []
        for row in rows:
            status, note = records[row.pk]
            if status not in valid:
                raise ValueError(f"Unknown attendance status {status!r}")
            note = (note or "").strip()
            if (row.status, row.note) != (status, note):
                row.status, row.note = status, note
                changed.append(row)
        TrainingAttendance.objects.bulk_update(changed, ["status", "note"], batch_size=BATCH)
        return len(changed)


def training_material_add(*, training: Training, by, title: str, file) -> TrainingMaterial:
    """Store a document for a training, after checking what it really is (see core.uploads)."""
    with transaction.atomic():
        check_changeable(by, training)
        return uploads.store(TrainingMaterial(training=training, title=title, uploaded_by=by), file)
