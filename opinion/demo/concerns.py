"""Demo concerns and dialogue sessions: about 333 concerns per subordinate committee at national scale (≈100,000),
8 at small scale, received over the last eight months, in every status with their steps; some overdue (a part of
them already escalated), some anonymous, some forwarded to the bloc or a sibling, and one dialogue session per
subordinate committee whose questions are concerns. Owners are the demo officers where a committee has one
(canbo.db001 for DB001), else the bloc department's staff (bantuyengiao)."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from committees.demo import DemoContext
from committees.models import Committee, Role, StaffProfile
from core.calendar import days_off, is_working_day
from opinion.models import Concern, ConcernTransition, Dialogue
from opinion.services.concerns import CONCERN_DEADLINE_WORKING_DAYS

BATCH = 5000
FLUSH_EVERY = 20_000  # concerns held in memory before they are written
PER_SUBORDINATE = {"small": 8, "bloc": 50, "national": 333}
DAYS_BACK = 240
QUESTIONS_PER_DIALOGUE = (3, 5)

Status = Concern.Status
Channel = Concern.Channel
Category = Concern.Category
# Plain strings: read in the inner loops, where an enum member costs a descriptor call each time.
RECEIVED, ADVISING, RESOLVED = Status.RECEIVED.value, Status.ADVISING.value, Status.RESOLVED.value
FORWARDED, NOT_ACCEPTED = Status.FORWARDED.value, Status.NOT_ACCEPTED.value
OPEN = (RECEIVED, ADVISING)
DIALOGUE = Channel.DIALOGUE.value
# (cumulative probability, status): older concerns (past their deadline) are mostly closed, some are overdue.
LATE_STATUSES = ((0.62, RESOLVED), (0.70, NOT_ACCEPTED), (0.75, FORWARDED), (0.9, ADVISING))
RECENT_STATUSES = ((0.15, RESOLVED), (0.18, NOT_ACCEPTED), (0.20, FORWARDED), (0.6, ADVISING))

CONTENTS = {
    Category.WORK: [
        "Đề nghị công khai quy trình, tiêu chuẩn quy hoạch cán bộ lãnh đạo cấp phòng.",
        "Kiến nghị sớm kiện toàn chức danh trưởng phòng còn khuyết nhiều tháng nay.",
        "Mong muốn cán bộ trẻ được luân chuyển, rèn luyện qua thực tiễn ở cơ sở.",
        "Băn khoăn về tiêu chí đánh giá, xếp loại chất lượng cán bộ cuối năm.",
    ],
    Category.WAGES: [
        "Kiến nghị sớm chi trả tiền làm thêm giờ cho cán bộ trực dịp Tết Nguyên đán.",
        "Mong muốn cơ quan hỗ trợ nhà ở công vụ cho cán bộ trẻ từ địa phương lên công tác.",
        "Đề nghị rà soát, thực hiện đúng chế độ phụ cấp công tác đảng.",
        "Tâm tư về thu nhập thấp so với mặt bằng giá cả sinh hoạt tại Hà Nội.",
    ],
    Category.RIGHTS: [
        "Đề nghị giải quyết chế độ nghỉ hưu trước tuổi theo quy định mới.",
        "Kiến nghị về việc chậm nâng lương thường xuyên so với thời hạn.",
        "Phản ánh việc chưa được cử đi bồi dưỡng lý luận chính trị theo kế hoạch.",
        "Đề nghị làm rõ chế độ của người lao động hợp đồng khi thay đổi vị trí việc làm.",
    ],
    Category.ORGANISATION: [
        "Băn khoăn về phương án sắp xếp, hợp nhất các vụ, đơn vị trực thuộc.",
        "Tâm tư của người lao động hợp đồng trước yêu cầu tinh giản biên chế.",
        "Đề nghị thông tin rõ lộ trình sáp nhập và bố trí trụ sở làm việc.",
        "Mong muốn được lấy ý kiến trước khi điều chỉnh chức năng, nhiệm vụ của phòng.",
    ],
    Category.DISCIPLINE: [
        "Phản ánh tình trạng đi muộn, về sớm tại một số phòng chuyên môn.",
        "Đề nghị chấn chỉnh việc đăng tải thông tin nội bộ lên mạng xã hội.",
        "Kiến nghị xem xét trách nhiệm cá nhân chậm giải quyết hồ sơ của đơn vị bạn.",
        "Phản ánh biểu hiện né tránh, ngại va chạm trong tự phê bình và phê bình.",
    ],
    Category.OTHER: [
        "Đề nghị tổ chức khám sức khỏe định kỳ cho cán bộ sớm hơn trong năm.",
        "Mong muốn cải tạo khu nhà ăn tập thể và chỗ để xe của cơ quan.",
        "Đề nghị tăng cường hoạt động văn hóa, thể thao cho đoàn viên, hội viên.",
        "Kiến nghị bố trí phòng đọc tài liệu, nghị quyết cho đảng viên.",
    ],
}
OUTCOMES = [
    "Đã báo cáo Thường trực Đảng ủy; cơ quan đã bố trí kinh phí và thực hiện trong tháng.",
    "Đã trả lời trực tiếp tại hội nghị; người nêu kiến nghị đồng tình với kết quả.",
    "Đã phối hợp với Vụ Tổ chức - Cán bộ giải quyết theo đúng quy định và thông báo công khai.",
    "Cấp ủy đã chỉ đạo thủ trưởng đơn vị chấn chỉnh; tình hình đã chuyển biến tích cực.",
    "Đã giải thích rõ chủ trương, chính sách; cán bộ, đảng viên yên tâm công tác.",
]
REFUSALS = [
    "Nội dung không thuộc thẩm quyền của cấp ủy; đã hướng dẫn gửi cơ quan có thẩm quyền.",
    "Nội dung trùng với kiến nghị đã được trả lời bằng văn bản trước đó.",
    "Kiến nghị không đủ thông tin để xác minh, đề nghị bổ sung.",
]
ADVICE = [
    "Ban Tuyên giáo đã tổng hợp, báo cáo và đề xuất phương án trình Ban Thường vụ.",
    "Đã làm việc với đơn vị liên quan, chuẩn bị báo cáo tham mưu cho cấp ủy.",
    "",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Hải", "Thị Lan", "Hữu Nghĩa", "Thanh Tâm"]
UNITS = ["Văn phòng", "Vụ Tổng hợp", "Vụ Tổ chức - Cán bộ", "Vụ Kế hoạch - Tài chính", "Trung tâm Thông tin"]
CHANNELS = [
    *["cell_meeting"] * 5, *["thematic_meeting"] * 2, *["collaborator"] * 3, "letter", "other",
]  # fmt: skip


@contextmanager
def _keeping_given_times():
    """Let bulk_create keep the steps' own times: ``at`` is auto_now_add, which would stamp them all "now"."""
    field = ConcernTransition._meta.get_field("at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


class _Deadlines:
    """Working-day deadlines from one read of the holiday table (the same rule as core.calendar)."""

    def __init__(self, start, end):
        self.off = days_off(start, end + timedelta(days=CONCERN_DEADLINE_WORKING_DAYS * 2 + 30))
        self.cache = {}

    def __call__(self, received_on):
        if received_on not in self.cache:
            day, left = received_on, CONCERN_DEADLINE_WORKING_DAYS
            while left:
                day += timedelta(days=1)
                left -= is_working_day(day, self.off)
            self.cache[received_on] = day
        return self.cache[received_on]


class _Batch:
    """Concerns and their steps held in memory, then written in bulk: the concerns opened by forwarding first (the
    forwarded ones point to them), then the others, then the steps (which need the concerns' ids)."""

    def __init__(self, now):
        self.now = now
        self.copies: list[Concern] = []
        self.concerns: list[Concern] = []
        self.steps: list[tuple] = []  # (concern, status_from, status_to, by_id, note, at)
        self.search_texts: dict[tuple, str] = {}

    def __len__(self):
        return len(self.concerns) + len(self.copies)

    def _search_text(self, concern: Concern) -> str:
        key = tuple(getattr(concern, name) for name in Concern.search_fields)
        if key not in self.search_texts:
            self.search_texts[key] = concern.build_search_text()
        return self.search_texts[key]

    def flush(self):
        for group in (self.copies, self.concerns):
            for concern in group:
                concern.search_text = self._search_text(concern)
                copy = getattr(concern, "_forwarded_as", None)
                if copy is not None:
                    concern.forwarded_to_id = copy.pk
            bulk_create_with_history(
                group, Concern, batch_size=BATCH, default_change_reason="seed_demo", default_date=self.now
            )
        steps = [
            ConcernTransition(concern_id=concern.pk, status_from=before, status_to=after, by_id=by, note=note, at=at)
            for concern, before, after, by, note, at in self.steps
        ]
        with _keeping_given_times():
            ConcernTransition.objects.bulk_create(steps, batch_size=BATCH)
        self.copies, self.concerns, self.steps = [], [], []


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("concerns")
    today = ctx.today
    tz = timezone.get_current_timezone()
    users = get_user_model().objects
    clerk = users.get(username="bantuyengiao").pk
    officers = {}
    for committee_id, user_id in (
        StaffProfile.objects.filter(role=Role.OFFICER).order_by("user__username").values_list("committee_id", "user_id")
    ):
        officers.setdefault(committee_id, user_id)
    root = Committee.objects.get(depth=1)
    subordinates = list(Committee.objects.filter(depth=2, path__startswith=root.path).order_by("path"))
    first_day = today - timedelta(days=DAYS_BACK)
    deadline = _Deadlines(first_day, today)
    per_subordinate = PER_SUBORDINATE[ctx.scale_name]
    batch = _Batch(timezone.now())
    categories = list(Category.values)
    quarters = (0, 15, 30, 45)

    def at(day, hour_from=8, hour_to=17):
        return datetime.combine(day, time(rng.randint(hour_from, hour_to - 1), rng.choice(quarters)), tzinfo=tz)

    def person():
        return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}, {rng.choice(UNITS)}"

    def new_concern(committee, *, received_on, channel, category, content, status, dialogue_id=None, copy=False):
        owner = officers.get(committee.pk, clerk)
        anonymous = rng.random() < 0.12
        concern = Concern(
            committee_id=committee.pk,
            channel=channel,
            category=category,
            content=content,
            is_anonymous=anonymous,
            raised_by="" if anonymous else person(),
            owner_id=owner,
            received_on=received_on,
            deadline=deadline(received_on),
            status=status,
            dialogue_id=dialogue_id,
        )
        (batch.copies if copy else batch.concerns).append(concern)
        batch.steps.append((concern, "", RECEIVED, owner, "", at(received_on)))
        return concern

    def advance(concern, committee):
        """Give the concern the steps of its status, on plausible dates no later than today."""
        owner, status = concern.owner_id, concern.status
        if status == RECEIVED:
            return
        advised_on = min(concern.received_on + timedelta(days=rng.randint(1, 6)), today)
        if status != NOT_ACCEPTED or rng.random() < 0.5:
            batch.steps.append((concern, RECEIVED, ADVISING, owner, rng.choice(ADVICE), at(advised_on)))
            status_from = ADVISING
        else:
            status_from = RECEIVED
        if status == ADVISING:
            return
        closed_on = min(advised_on + timedelta(days=rng.randint(2, 35)), today)
        concern.closed_on = closed_on
        if status == RESOLVED:
            concern.outcome = note = rng.choice(OUTCOMES)
        elif status == NOT_ACCEPTED:
            concern.outcome = note = rng.choice(REFUSALS)
        else:  # forwarded: to the bloc, or to a sibling committee
            target = root if rng.random() < 0.6 or len(subordinates) < 2 else rng.choice(subordinates)
            if target.pk == committee.pk:
                target = root
            copy = new_concern(
                target, received_on=closed_on, channel=concern.channel, category=concern.category,
                content=concern.content, status=rng.choice((RECEIVED, ADVISING)), copy=True,
            )  # fmt: skip
            copy.is_anonymous, copy.raised_by = concern.is_anonymous, concern.raised_by
            batch.steps[-1] = (*batch.steps[-1][:4], f"Chuyển từ {committee.name}.", batch.steps[-1][5])
            advance(copy, target)
            concern._forwarded_as = copy
            note = f"Chuyển đến {target.name}."
        batch.steps.append((concern, status_from, status, owner, note, at(closed_on)))

    def status_for(received_on):
        age, roll = (today - received_on).days, rng.random()
        table = LATE_STATUSES if age > 45 else RECENT_STATUSES
        return next((status for limit, status in table if roll < limit), RECEIVED)

    dialogues = []
    for committee in subordinates:
        held_on = today - timedelta(days=rng.randint(20, DAYS_BACK))
        dialogue = Dialogue(
            committee=committee,
            held_on=held_on,
            title=f"Hội nghị đối thoại của người đứng đầu cấp ủy với cán bộ, đảng viên năm {held_on.year}",
            chair=f"Đồng chí {rng.choice(FAMILY)} {rng.choice(GIVEN)}, Bí thư Đảng ủy",
            participants=rng.randint(60, 250),
            summary="Các ý kiến được tiếp thu, phân công giải quyết và trả lời bằng văn bản.",
        )
        dialogue.search_text = dialogue.build_search_text()
        dialogues.append(dialogue)
    bulk_create_with_history(dialogues, Dialogue, batch_size=BATCH, default_change_reason="seed_demo")

    for committee, dialogue in zip(subordinates, dialogues, strict=True):
        questions = rng.randint(*QUESTIONS_PER_DIALOGUE)
        for i in range(per_subordinate):
            from_dialogue = i < questions
            received_on = dialogue.held_on if from_dialogue else today - timedelta(days=rng.randint(0, DAYS_BACK))
            category = rng.choice(categories)
            concern = new_concern(
                committee,
                received_on=received_on,
                channel=DIALOGUE if from_dialogue else rng.choice(CHANNELS),
                category=category,
                content=rng.choice(CONTENTS[category]),
                status=status_for(received_on),
                dialogue_id=dialogue.pk if from_dialogue else None,
            )
            advance(concern, committee)
            if concern.status in OPEN and concern.deadline < today - timedelta(days=3):
                # Overdue for a while: the daily escalation has already told the parent committee.
                concern.escalated_at = at(concern.deadline + timedelta(days=1), 6, 7)
        if len(batch) >= FLUSH_EVERY:
            batch.flush()
    batch.flush()
