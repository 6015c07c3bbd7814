"""Demo monthly briefings: a rule for the bloc and every subordinate committee, the last 18 months held (attendance,
minutes, current affairs), this month and the next two planned.

Invitations: a subordinate committee invites the active collaborators of its subtree and its demo officer; the bloc
invites its own collaborators, its staff and the officers of the subordinate committees. So each collaborator has
one invitation a month: about 50,000 × 21 ≈ 1M rows at national scale, inserted in batches with no per-row query.
Runs after the collaborators seeder; without collaborators the briefings are created without invitations.
"""

import random
import uuid
from datetime import date, time, timedelta

from django.db import connection
from simple_history.utils import bulk_create_with_history

from committees.demo import DemoContext
from committees.models import Committee, Role, StaffProfile
from core.calendar import add_months, days_off, month_start
from core.database import analyze
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule, Collaborator
from opinion.models.trainings import Attendance
from opinion.services.briefings import briefing_day, local_datetime, planned_briefing
from opinion.services.last_briefing import last_briefing_rebuild
from opinion.services.tallies import attendance_tallies_rebuild

BATCH = 5000
INSERT_BATCH = 2000  # invitation rows per INSERT statement (12,000 parameters: within SQLite's limit too)
PAST_MONTHS = 18
FUTURE_MONTHS = 2

RULES = [
    (BriefingSchedule.Week.SECOND, BriefingSchedule.Weekday.TUESDAY, time(8, 30)),
    (BriefingSchedule.Week.FIRST, BriefingSchedule.Weekday.THURSDAY, time(14, 0)),
    (BriefingSchedule.Week.THIRD, BriefingSchedule.Weekday.WEDNESDAY, time(8, 0)),
    (BriefingSchedule.Week.LAST, BriefingSchedule.Weekday.FRIDAY, time(14, 30)),
    (BriefingSchedule.Week.SECOND, BriefingSchedule.Weekday.MONDAY, time(8, 30)),
    (BriefingSchedule.Week.FOURTH, BriefingSchedule.Weekday.TUESDAY, time(9, 0)),
]
PLACES = [
    "Phòng họp tầng 3, trụ sở cơ quan",
    "Hội trường A, trụ sở cơ quan",
    "Phòng họp số 2",
    "Phòng họp trực tuyến kết nối các chi bộ",
]
CURRENT_AFFAIRS = [
    "Thông tin về kết quả Hội nghị Trung ương; tình hình kinh tế - xã hội tháng {m} và những vấn đề dư luận quan tâm.",
    "Thông tin thời sự trong nước và quốc tế nổi bật tháng {m}; tình hình Biển Đông; công tác phòng, chống tham nhũng.",
    "Thông tin chuyên đề về đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng tháng {m}.",
    "Tình hình thời sự tháng {m}: cải cách tiền lương, sắp xếp tổ chức bộ máy, công tác cán bộ.",
    "Thông tin về việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; các sự kiện chính trị tháng {m}.",
]
TOPICS = [
    "Tâm tư của cán bộ, đảng viên về việc sắp xếp tổ chức bộ máy.",
    "Dư luận về giá cả thị trường, chính sách tiền lương và bảo hiểm xã hội.",
    "Ý kiến về công tác phòng, chống tham nhũng, tiêu cực.",
    "Phản ánh về thủ tục hành chính và môi trường làm việc tại cơ quan.",
    "Dư luận về thông tin sai lệch lan truyền trên mạng xã hội.",
    "Tình hình tư tưởng của người lao động trước các kỳ nghỉ lễ, Tết.",
]
EXCUSES = [
    "Đi công tác theo phân công của lãnh đạo",
    "Nghỉ ốm có giấy của cơ sở y tế",
    "Dự hội nghị khác cùng thời gian",
    "Nghỉ phép năm",
    "Trực cơ quan",
]
CHANGE_REASONS = [
    "Trùng lịch Hội nghị Ban Chấp hành Đảng bộ",
    "Lãnh đạo Ban đi công tác",
    "Trùng lịch tổ chức hội nghị học tập nghị quyết",
]


def _agenda(month: date) -> str:
    return (
        f"1. Thông tin thời sự, chuyên đề tháng {month:%m/%Y}.\n"
        "2. Cộng tác viên phản ánh tình hình tư tưởng, dư luận xã hội tại đơn vị.\n"
        f"3. Định hướng thông tin, tuyên truyền tháng {add_months(month, 1):%m/%Y}."
    )


def _minutes(rng: random.Random, month: date, committee: str) -> str:
    return (
        f"Hội nghị giao ban công tác tuyên giáo và dư luận xã hội tháng {month:%m/%Y} của {committee}. "
        "Đồng chí Trưởng ban chủ trì hội nghị. Các cộng tác viên đã phản ánh kịp thời tình hình tư tưởng "
        "của cán bộ, đảng viên và người lao động; "
        f"{rng.randint(3, 9)} ý kiến phát biểu. Hội nghị thống nhất nắm chắc tình hình, định hướng thông tin, "
        "báo cáo kịp thời những vấn đề mới phát sinh."
    )


def _invitees(committees, collaborators, staff):
    """For each organising committee (pk): [(collaborator id or None, staff id or None, invitee committee id)]."""
    root = next(c for c in committees if c.depth == 1)
    by_branch: dict[str, list] = {}
    own_of_root = []
    for pk, committee_id, path in collaborators:
        if len(path) == root.steplen:
            own_of_root.append((pk, None, committee_id))
        else:
            by_branch.setdefault(Committee.path_at_depth(path, 2), []).append((pk, None, committee_id))
    staff_by_committee: dict[int, list] = {}
    for user_id, committee_id, _role in staff:
        staff_by_committee.setdefault(committee_id, []).append((None, user_id, committee_id))
    invitees = {}
    for committee in committees:
        if committee.depth == 1:
            officers = [row for rows in staff_by_committee.values() for row in rows]  # the bloc's and subordinates'
            invitees[committee.pk] = own_of_root + sorted(officers, key=lambda row: row[1])
        else:
            invitees[committee.pk] = by_branch.get(committee.path, []) + staff_by_committee.get(committee.pk, [])
    return invitees


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("briefings")
    today = ctx.today
    committees = list(Committee.objects.filter(depth__lte=2).order_by("path").only("pk", "path", "depth", "name"))
    if not committees:
        return
    rules = {c.pk: RULES[0] if c.depth == 1 else rng.choice(RULES) for c in committees}
    schedules = bulk_create_with_history(
        [
            BriefingSchedule(
                committee_id=c.pk,
                week=rules[c.pk][0],
                weekday=rules[c.pk][1],
                time=rules[c.pk][2],
                duration_minutes=rng.choice([90, 120, 150]),
                place=rng.choice(PLACES),
            )
            for c in committees
        ],
        BriefingSchedule,
        batch_size=BATCH,
        default_change_reason="seed_demo",
    )
    schedule_of = {s.committee_id: s for s in schedules}

    first = add_months(month_start(today), -PAST_MONTHS)
    months = [add_months(first, i) for i in range(PAST_MONTHS + 1 + FUTURE_MONTHS)]
    off = days_off(first, add_months(months[-1], 2))
    days: dict[tuple, date] = {}

    def day_of(rule, month):
        key = (rule[0], rule[1], month)
        if key not in days:
            days[key] = briefing_day(year=month.year, month=month.month, week=rule[0], weekday=rule[1], off=off)
        return days[key]

    briefings = []
    for committee in committees:
        schedule = schedule_of[committee.pk]
        for month in months:
            day = day_of(rules[committee.pk], month)
            briefing = planned_briefing(schedule, month, day)
            briefing.agenda = _agenda(month)
            seeded = f"demo-briefing/{committee.pk}/{month:%Y-%m}"  # the same identifier at each seeding
            briefing.calendar_uid = uuid.uuid5(uuid.NAMESPACE_OID, seeded)
            if day < today:
                roll = rng.random()
                if roll < 0.03:
                    briefing.status, briefing.sequence = Briefing.Status.CANCELLED, 1
                    briefing.change_reason = rng.choice(CHANGE_REASONS)
                else:
                    moved = day + timedelta(days=rng.choice([1, 2, 7]))
                    if roll < 0.08 and moved < today:  # moved a few days, then held
                        briefing.starts_at = local_datetime(moved, schedule.time)
                        briefing.change_reason, briefing.sequence = rng.choice(CHANGE_REASONS), 1
                    briefing.status = Briefing.Status.HELD
                    briefing.current_affairs = rng.choice(CURRENT_AFFAIRS).format(m=f"{month:%m/%Y}")
                    briefing.topics_discussed = "\n".join(rng.sample(TOPICS, 3))
                    briefing.minutes = _minutes(rng, month, committee.name)
            briefings.append(briefing)
    briefings = bulk_create_with_history(briefings, Briefing, batch_size=BATCH, default_change_reason="seed_demo")

    collaborators = list(
        Collaborator.objects.filter(status=Collaborator.Status.ACTIVE)
        .order_by("committee__path", "pk")
        .values_list("pk", "committee_id", "committee__path")
    )
    staff = list(
        StaffProfile.objects.filter(
            role__in=[Role.OFFICER, Role.BLOC_STAFF], committee__depth__lte=2, user__is_active=True
        )
        .order_by("user_id")
        .values_list("user_id", "committee_id", "role")
    )
    if not collaborators:
        return  # no network yet: the briefings stand without invitations
    invitees = _invitees(committees, collaborators, staff)
    pending: list[tuple] = []
    for briefing in briefings:
        held = briefing.status == Briefing.Status.HELD
        for collaborator_id, staff_id, committee_id in invitees[briefing.committee_id]:
            attendance, excuse = Attendance.INVITED, ""
            if held:
                roll = rng.random()
                if roll < 0.85:
                    attendance = Attendance.PRESENT
                elif roll < 0.93:
                    attendance, excuse = Attendance.EXCUSED, rng.choice(EXCUSES)
                else:
                    attendance = Attendance.ABSENT
            pending.append((briefing.pk, collaborator_id, staff_id, committee_id, attendance, excuse))
            if len(pending) >= INSERT_BATCH:
                _insert_invitations(pending)
                pending = []
    _insert_invitations(pending)
    analyze(Briefing, BriefingInvitation, Collaborator)  # statistics of what was just inserted, before reading it
    attendance_tallies_rebuild()  # the counts the rates pages read, from what was just inserted
    last_briefing_rebuild()  # and who attended their last briefing


def _insert_invitations(rows: list[tuple]) -> None:
    """One multi-row INSERT per batch, from plain tuples.

    Up to a million rows at national scale: building a model instance per row for bulk_create took three times
    longer (measured: 173 s against the time reported in the module's docstring), for the same statements.
    """
    if not rows:
        return
    table = connection.ops.quote_name(BriefingInvitation._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(BriefingInvitation._meta.get_field(name).column)
        for name in ("briefing", "collaborator", "staff", "invitee_committee", "attendance", "excuse")
    )
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", [v for row in rows for v in row])
