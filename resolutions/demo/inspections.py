"""Demo inspections: the bloc's department inspects a few of the committees right under it each year, last year and
this, about Directive 05-CT/TW and the study of resolutions, and a few of those committees inspect some of their own
cells — so that the inspections' list, their records and the half-yearly figures have something to show: visits still
planned (one always ahead of today), visits done with what was found, conclusions notices, what was required and, a
while later, that it was met. A bounded sample (at most ``MAX_INSPECTIONS``) at every scale, read in two queries.
Deterministic: the draws do not depend on the day, only what has happened by then does."""

from datetime import date, timedelta

from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.models import Inspection

BY_ROOT = 6  # committees right under the bloc its department inspects each year
INSPECTING = 6  # committees right under the bloc that inspect cells of their own each year
MAX_INSPECTIONS = 40
SUBJECTS_ABOVE = [
    "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh",
    "Kiểm tra, hướng dẫn việc học tập, quán triệt Nghị quyết 05-NQ/ĐUK của Ban Chấp hành Đảng bộ Khối về đổi mới "
    "công tác tư tưởng",
    "Kiểm tra, hướng dẫn việc học tập, quán triệt Nghị quyết Hội nghị Trung ương 6 khóa XII và xây dựng chương trình "
    "hành động",
    "Kiểm tra việc xây dựng chuẩn mực đạo đức, phong cách của người đứng đầu theo Chỉ thị 05-CT/TW",
]
SUBJECTS_CELL = [
    "Kiểm tra việc sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ở chi bộ",
    "Kiểm tra, hướng dẫn việc học tập, quán triệt nghị quyết và viết bài thu hoạch của đảng viên",
    "Kiểm tra việc đăng ký và thực hiện nội dung làm theo Chỉ thị 05-CT/TW của đảng viên",
]
FINDINGS = [
    "Cấp ủy đã ban hành kế hoạch thực hiện Chỉ thị 05-CT/TW năm {year}, lựa chọn khâu đột phá; 100% đảng viên đăng "
    "ký nội dung làm theo. Việc sơ kết, đánh giá ở một số chi bộ còn hình thức.",
    "Tổ chức học tập, quán triệt nghị quyết đúng thời gian, tỷ lệ đảng viên tham gia đạt trên 95%; chương trình hành "
    "động chưa cụ thể, chưa gắn với nhiệm vụ chính trị của cơ quan, đơn vị.",
    "Duy trì sinh hoạt chuyên đề hằng quý; sổ theo dõi việc đăng ký làm theo của đảng viên ghi chép chưa đầy đủ; "
    "chưa có mô hình, điển hình được nhân rộng.",
    "Đã xây dựng chuẩn mực đạo đức của cán bộ, đảng viên gắn với vị trí việc làm; một số đảng viên chưa nộp bài thu "
    "hoạch sau học tập nghị quyết.",
]
REQUIRED = [
    "Bổ sung chuẩn mực đạo đức gắn với vị trí việc làm; báo cáo kết quả khắc phục về {department}.",
    "Cụ thể hóa chương trình hành động thực hiện nghị quyết; tổ chức học tập bù cho đảng viên vắng mặt và hoàn thành "
    "bài thu hoạch.",
    "Hoàn thiện sổ theo dõi việc đăng ký làm theo; lựa chọn ít nhất một mô hình, điển hình để nhân rộng trong năm.",
]


def seed(context: DemoContext) -> None:
    rng = context.rng("inspections")
    today = context.today
    root = Committee.objects.get(code=ROOT_CODE)
    children = list(Committee.objects.children_of(root).filter(is_active=True).order_by("path"))
    inspecting = sorted(rng.sample(children, min(INSPECTING, len(children))), key=lambda c: c.path)
    cells = _cells_under(inspecting, root.depth + 2)
    visits = []  # (inspecting committee, inspected committee, planned on)
    for year in (today.year - 1, today.year):
        for committee in sorted(rng.sample(children, min(BY_ROOT, len(children))), key=lambda c: c.path):
            visits.append((root, committee, _day(rng, year)))
        for committee in inspecting:
            own = cells[committee.pk]
            for cell in rng.sample(own, min(rng.randint(1, 2), len(own))):
                visits.append((committee, cell, _day(rng, year)))
    if children:  # one plan always ahead of today, this year if the year has days left
        ahead = today + timedelta(days=rng.randint(15, 45))
        visits.append((root, rng.choice(children), min(ahead, max(date(today.year, 12, 31), today + timedelta(1)))))
    rows = [_inspection(rng, today, *visit) for visit in visits[-MAX_INSPECTIONS:]]
    _number_conclusions(rows)
    bulk_create_with_history(rows, Inspection, batch_size=1000, default_change_reason="seed_demo")


def _cells_under(parents: list[Committee], depth: int) -> dict[int, list[Committee]]:
    """The active committees right under each of ``parents``, in the tree's order: one query."""
    under = {parent.pk: [] for parent in parents}
    if not parents:
        return under
    prefixes = Q()
    for parent in parents:
        prefixes |= Q(path__startswith=parent.path)
    by_path = {parent.path: parent.pk for parent in parents}
    steplen = len(parents[0].path)
    for cell in Committee.objects.filter(prefixes, depth=depth, is_active=True).order_by("path"):
        under[by_path[cell.path[:steplen]]].append(cell)
    return under


def _day(rng, year: int) -> date:
    """A working season's day: from March to the end of November."""
    start = date(year, 3, 1)
    return start + timedelta(days=rng.randint(0, (date(year, 11, 30) - start).days))


def _inspection(rng, today: date, inspector: Committee, inspected: Committee, planned: date) -> Inspection:
    above = inspector.code == ROOT_CODE
    department = inspector.department_name or f"Ban Thường vụ {inspector.name}"
    # Every draw is made whatever the day, so that the same scale gives the same inspections.
    subject = rng.choice(SUBJECTS_ABOVE if above else SUBJECTS_CELL)
    team = rng.randint(1, 4)
    done = planned + timedelta(days=rng.randint(0, 2))
    findings = rng.choice(FINDINGS).format(year=planned.year)
    concluded = done + timedelta(days=rng.randint(7, 20))
    required = rng.choice(REQUIRED).format(department=department) if rng.random() < 0.8 else ""
    met = concluded + timedelta(days=rng.randint(20, 60)) if rng.random() < 0.75 else None  # some still open
    inspection = Inspection(
        committee=inspected, inspected_by=inspector, subject=subject, planned_on=planned,
        inspectors=f"Đoàn kiểm tra số {team} của {department}" if above else f"Đoàn kiểm tra của {department}",
    )  # fmt: skip
    if done <= today:
        inspection.done_on, inspection.findings = done, findings
        if concluded <= today:
            inspection.conclusion_date, inspection.required = concluded, required
            inspection.conclusion_number = "numbered below"
            if required and met and met <= today:
                inspection.followed_up_on = met
    return inspection


def _number_conclusions(rows: list[Inspection]) -> None:
    """Each inspecting committee's notices numbered in the order of their dates, growing through its year, as its
    other notices take numbers in between ("15-TB/ĐUK")."""
    concluded = sorted((row for row in rows if row.conclusion_number),
                       key=lambda row: (row.inspected_by.path, row.conclusion_date))  # fmt: skip
    previous, index = None, 0
    for row in concluded:
        issuer = (row.inspected_by.path, row.conclusion_date.year)
        index = index + 1 if issuer == previous else 1
        previous = issuer
        number = row.conclusion_date.timetuple().tm_yday // 5 + index
        row.conclusion_number = f"{number}-TB/{row.inspected_by.document_symbol or 'ĐU'}"
