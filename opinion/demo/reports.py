"""Demo opinion reports: about one a month from each active collaborator over the last 18 months."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from committees.demo import DemoContext
from committees.models import Role
from core.database import analyze
from opinion.models import Collaborator, OpinionReport, Topic
from opinion.services.tallies import report_tallies_rebuild

MONTHS = 18
BATCH = 5000
PER_MONTH = {"small": 1.0, "bloc": 1.0, "national": 1.12}  # national: ≈ 1,000,000 reports from 50,000 collaborators

# What people say, by topic (the order of the topics seeded by the opinion migration).
SAYINGS = [
    [
        "Cán bộ, đảng viên đồng tình với chủ trương sắp xếp tổ chức bộ máy tinh gọn.",
        "Một số ý kiến mong có hướng dẫn cụ thể khi thực hiện luật mới.",
        "Người lao động quan tâm chính sách bảo hiểm xã hội sửa đổi.",
    ],
    [
        "Dư luận đánh giá cao việc xử lý nghiêm các vụ án tham nhũng lớn.",
        "Có ý kiến phản ánh tình trạng lãng phí trong mua sắm tài sản công.",
        "Quần chúng mong muốn công khai kết quả xử lý sau thanh tra.",
    ],
    [
        "Cán bộ quan tâm quy trình bổ nhiệm, luân chuyển cán bộ.",
        "Một số ý kiến băn khoăn về tiêu chí đánh giá, xếp loại cán bộ cuối năm.",
        "Dư luận đồng tình với việc đề cao trách nhiệm người đứng đầu.",
    ],
    [
        "Người lao động quan tâm lộ trình cải cách tiền lương.",
        "Một số cán bộ trẻ gặp khó khăn về nhà ở, đời sống.",
        "Ý kiến mong muốn cải thiện điều kiện làm việc tại cơ quan.",
    ],
    [
        "Xuất hiện thông tin sai lệch trên mạng xã hội, cần kịp thời định hướng.",
        "Cán bộ, đảng viên nêu cao ý thức đấu tranh với quan điểm sai trái.",
        "Có biểu hiện ngại va chạm, né tránh phê bình trong sinh hoạt chi bộ.",
    ],
    [
        "Dư luận quan tâm tình hình Biển Đông và quan hệ đối ngoại.",
        "Cán bộ theo dõi sát diễn biến kinh tế thế giới và tác động trong nước.",
        "Ý kiến đồng tình với đường lối đối ngoại độc lập, tự chủ.",
    ],
    [
        "Người lao động quan tâm công tác phòng, chống thiên tai.",
        "Có ý kiến về tổ chức các hoạt động văn hóa, thể thao trong cơ quan.",
        "Quần chúng mong muốn tăng cường đối thoại với lãnh đạo cơ quan.",
    ],
]
SENTIMENTS = (
    [OpinionReport.Sentiment.POSITIVE] * 7
    + [OpinionReport.Sentiment.MIXED] * 9
    + [OpinionReport.Sentiment.NEGATIVE] * 4
)
SPREADS = [OpinionReport.Spread.INDIVIDUAL, *[OpinionReport.Spread.UNIT] * 2, OpinionReport.Spread.WIDE]
CHANNELS = [c for c in OpinionReport.Channel.values if c != OpinionReport.Channel.ONLINE]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("reports")
    topics = list(Topic.objects.order_by("order").values_list("pk", flat=True))
    users = get_user_model().objects
    clerk = users.get(username="bantuyengiao").pk
    officers = dict(
        users.filter(profile__role=Role.OFFICER).values_list("profile__committee__path", "pk")
    )  # the demo officers enter reports for their committee's collaborators
    collaborators = Collaborator.objects.filter(status=Collaborator.Status.ACTIVE).values_list(
        "pk", "committee_id", "committee__path", "user_id"
    )
    first_day = ctx.today - timedelta(days=MONTHS * 30)
    per_month = PER_MONTH[ctx.scale_name]
    reports, pending_topics = [], []
    through = OpinionReport.topics.through

    def flush():
        OpinionReport.objects.bulk_create(reports, batch_size=BATCH)
        rows = [
            through(opinionreport_id=report.pk, topic_id=topic)
            for report, chosen in zip(reports, pending_topics, strict=True)
            for topic in chosen
        ]
        through.objects.bulk_create(rows, batch_size=BATCH)
        reports.clear()
        pending_topics.clear()

    for pk, committee_id, path, user_id in collaborators.iterator(chunk_size=BATCH):
        entered_by = user_id or next((u for p, u in officers.items() if path.startswith(p)), clerk)
        count = int(MONTHS * per_month) + (1 if rng.random() < (MONTHS * per_month) % 1 else 0)
        for _ in range(count):
            topic_index = rng.choices(range(len(topics)), weights=[3, 2, 2, 4, 2, 1, 1])[0]
            chosen = {topics[topic_index]} | ({rng.choice(topics)} if rng.random() < 0.3 else set())
            report = OpinionReport(
                committee_id=committee_id,
                collaborator_id=pk,
                entered_by_id=entered_by,
                channel=OpinionReport.Channel.ONLINE if user_id else rng.choice(CHANNELS),
                reported_on=first_day + timedelta(days=rng.randrange(MONTHS * 30)),
                summary=rng.choice(SAYINGS[topic_index]),
                sentiment=rng.choice(SENTIMENTS),
                spread=rng.choice(SPREADS),
                is_hot_spot=rng.random() < 0.03,
            )
            report.search_text = report.build_search_text()
            reports.append(report)
            pending_topics.append(sorted(chosen))
        if len(reports) >= 20 * BATCH:
            flush()
    flush()
    analyze(OpinionReport, OpinionReport.topics.through)  # statistics of what was just inserted, before reading it
    report_tallies_rebuild()  # the monthly counts the summaries read, from what was just inserted
