"""Demo trainings: the bloc holds two training conferences a year for collaborators from every subordinate committee
(the source text: "hơn 100 cộng tác viên"), each subordinate committee one for its own. Attendance is recorded for
those already held, mostly present. Runs after the collaborators' seeder: it invites the collaborators it finds."""

from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from committees.demo import DemoContext
from committees.models import Committee
from opinion.models import Collaborator, Training, TrainingAttendance
from opinion.models.trainings import Attendance

BATCH = 5000
FLUSH = 50_000  # attendance rows kept in memory before they are written

BLOC_TITLE = "Hội nghị tập huấn nghiệp vụ công tác dư luận xã hội năm {year} (đợt {round})"
OWN_TITLE = "Hội nghị tập huấn nghiệp vụ cho cộng tác viên dư luận xã hội năm {year}"
BLOC_PLACES = ["Hội trường Đảng ủy Khối các cơ quan Trung ương, Hà Nội", "Trung tâm Hội nghị 37 Hùng Vương, Hà Nội"]
OWN_PLACES = ["Hội trường cơ quan", "Phòng họp tầng 3", "Phòng họp lớn của cơ quan", "Hội trường A"]
BLOC_TRAINERS = [
    "Lãnh đạo Ban Tuyên giáo Trung ương; Viện Xã hội học, Học viện Chính trị quốc gia Hồ Chí Minh",
    "Vụ Tuyên truyền, Ban Tuyên giáo Trung ương; Ban Tuyên giáo Đảng ủy Khối",
]
OWN_TRAINERS = ["Ban Tuyên giáo Đảng ủy Khối", "Thường trực Đảng ủy", "Ban Tuyên giáo Đảng ủy"]
CONTENT = (
    "Quán triệt quy chế hoạt động của đội ngũ cộng tác viên dư luận xã hội; kỹ năng nắm bắt, tổng hợp và phản ánh "
    "dư luận xã hội; nhận diện và đấu tranh với thông tin sai trái, thù địch trên không gian mạng; thông tin thời sự "
    "trong nước và quốc tế."
)
EXCUSES = ["Đi công tác", "Nghỉ phép", "Ốm", "Bận họp cơ quan"]


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _status(rng) -> tuple[str, str]:
    draw = rng.random()
    if draw < 0.86:
        return Attendance.PRESENT, ""
    if draw < 0.96:
        return Attendance.EXCUSED, rng.choice(EXCUSES)
    return Attendance.ABSENT, ""


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("trainings")
    root = Committee.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    subordinates = list(Committee.objects.filter(depth=2, path__startswith=root.path).order_by("path"))
    by_branch: dict[str, list[int]] = {}
    active = Collaborator.objects.filter(status=Collaborator.Status.ACTIVE, committee__path__startswith=root.path)
    for pk, path in active.order_by("pk").values_list("pk", "committee__path"):
        by_branch.setdefault(Committee.path_at_depth(path, 2), []).append(pk)
    everyone = [pk for ids in by_branch.values() for pk in ids]
    bloc_invitees = min(len(everyone), max(120, 5 * ctx.scale.subordinates))

    trainings: list[Training] = []
    invitees: list[list[int]] = []
    for year in (ctx.today.year - 1, ctx.today.year):
        for round_, month in ((1, 3), (2, 9)):
            starts_on = _weekday(date(year, month, rng.randint(8, 22)))
            trainings.append(
                Training(
                    committee=root,
                    title=BLOC_TITLE.format(year=year, round=round_),
                    starts_on=starts_on,
                    ends_on=_weekday(starts_on + timedelta(days=1)),
                    place=rng.choice(BLOC_PLACES),
                    trainers=rng.choice(BLOC_TRAINERS),
                    content=CONTENT,
                )
            )
            invitees.append(sorted(rng.sample(everyone, bloc_invitees)))
        for committee in subordinates:
            starts_on = _weekday(date(year, rng.randint(4, 11), rng.randint(1, 27)))
            trainings.append(
                Training(
                    committee=committee,
                    title=OWN_TITLE.format(year=year),
                    starts_on=starts_on,
                    ends_on=starts_on,
                    place=rng.choice(OWN_PLACES),
                    trainers=rng.choice(OWN_TRAINERS),
                    content=CONTENT,
                )
            )
            invitees.append(by_branch.get(committee.path, []))
    for training in trainings:
        training.search_text = training.build_search_text()
    trainings = bulk_create_with_history(trainings, Training, batch_size=BATCH, default_change_reason="seed_demo")

    rows = []
    for training, ids in zip(trainings, invitees, strict=True):
        held = training.starts_on <= ctx.today
        for collaborator_id in ids:
            status, note = _status(rng) if held else (Attendance.INVITED, "")
            rows.append(
                TrainingAttendance(training=training, collaborator_id=collaborator_id, status=status, note=note)
            )
        if len(rows) >= FLUSH:
            TrainingAttendance.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    TrainingAttendance.objects.bulk_create(rows, batch_size=BATCH)
