"""Demo hot spots: a few per subordinate committee (about 1,500 at national scale), at the committee itself or one of
its cells, each with a dated follow-up log; resolved ones with their outcome. When opinion reports flagged as possible
hot spots already exist for the same committee (seeded before this), up to two are linked to each hot spot."""

from datetime import timedelta

from simple_history.utils import bulk_create_with_history

from committees.demo import DemoContext
from committees.models import Committee, Role, StaffProfile
from opinion.models import HotSpot, HotSpotFollowUp, OpinionReport

BATCH = 5000
Status, Severity = HotSpot.Status, HotSpot.Severity

# (title, description, outcome once resolved)
SITUATIONS = [
    (
        "Tâm tư của cán bộ, nhân viên về phương án sắp xếp, tinh gọn tổ chức bộ máy",
        "Một bộ phận cán bộ, nhân viên băn khoăn về vị trí việc làm sau khi sắp xếp, hợp nhất các đơn vị.",
        "Cấp ủy đã đối thoại, công khai phương án bố trí vị trí việc làm; cán bộ, nhân viên đồng tình.",
    ),
    (
        "Dư luận về việc bố trí, điều động cán bộ sau hợp nhất đơn vị",
        "Xuất hiện nhiều ý kiến bàn luận về tiêu chí, quy trình điều động cán bộ giữa các phòng, ban.",
        "Đã công khai tiêu chí, quy trình điều động; dư luận lắng xuống.",
    ),
    (
        "Đơn thư phản ánh việc thực hiện chế độ, chính sách đối với người lao động",
        "Người lao động gửi đơn phản ánh việc chậm thực hiện chế độ phụ cấp, bảo hiểm.",
        "Đơn vị đã chi trả đầy đủ chế độ còn chậm; không còn đơn thư.",
    ),
    (
        "Thông tin sai lệch về đơn vị lan truyền trên mạng xã hội",
        "Một số tài khoản mạng xã hội đăng tải, bình luận thông tin chưa được kiểm chứng về hoạt động của đơn vị.",
        "Đã cung cấp thông tin chính thống, cải chính thông tin sai lệch; dư luận lắng xuống.",
    ),
    (
        "Mất đoàn kết nội bộ tại một bộ phận của đơn vị",
        "Có biểu hiện mâu thuẫn, thiếu đoàn kết trong tập thể, ảnh hưởng đến tâm lý và hiệu quả công tác.",
        "Đã kiện toàn tập thể lãnh đạo bộ phận; nội bộ đoàn kết trở lại.",
    ),
    (
        "Khiếu nại kéo dài liên quan đến phân phối nhà ở công vụ",
        "Một số cán bộ khiếu nại về việc xét duyệt, phân phối nhà ở công vụ chưa công khai, minh bạch.",
        "Đã rà soát, công khai danh sách xét duyệt; các khiếu nại được giải quyết dứt điểm.",
    ),
    (
        "Băn khoăn về việc chậm chi trả thu nhập tăng thêm",
        "Cán bộ, người lao động bàn luận về việc thu nhập tăng thêm chậm chi trả so với kế hoạch.",
        "Đơn vị đã thông tin rõ nguyên nhân và chi trả thu nhập tăng thêm; tình hình ổn định.",
    ),
    (
        "Phản ánh về tác phong, lề lối làm việc của một số cán bộ",
        "Cộng tác viên phản ánh ý kiến của quần chúng về thái độ, tác phong làm việc của một số cán bộ.",
        "Cấp ủy đã nhắc nhở, kiểm điểm cán bộ liên quan; quần chúng ghi nhận chuyển biến.",
    ),
    (
        "Lo lắng của người lao động về việc làm khi chuyển đổi mô hình hoạt động",
        "Người lao động lo lắng về việc làm, thu nhập khi đơn vị chuyển sang cơ chế tự chủ.",
        "Đã phổ biến lộ trình chuyển đổi và chính sách đối với người lao động; tư tưởng ổn định.",
    ),
    (
        "Dư luận về công tác quy hoạch, bổ nhiệm cán bộ",
        "Một số ý kiến cho rằng quy trình quy hoạch, bổ nhiệm cán bộ chưa thật sự công khai.",
        "Đã thông tin đầy đủ quy trình, kết quả quy hoạch theo quy định; dư luận đồng tình.",
    ),
]
FOLLOW_UPS = [
    "Ban Tuyên giáo làm việc với cấp ủy đơn vị, nắm tình hình và đề xuất hướng xử lý.",
    "Cấp ủy tổ chức đối thoại với cán bộ, người lao động có liên quan.",
    "Tiếp tục theo dõi diễn biến dư luận qua đội ngũ cộng tác viên.",
    "Đơn vị đã thông tin, giải thích rõ chủ trương, chính sách; tình hình bước đầu ổn định.",
    "Báo cáo Thường trực Đảng ủy, xin ý kiến chỉ đạo giải quyết.",
    "Phối hợp với tổ chức công đoàn nắm bắt tâm tư của người lao động.",
]
SEVERITIES = [Severity.LOW] * 25 + [Severity.MEDIUM] * 45 + [Severity.HIGH] * 22 + [Severity.CRITICAL] * 8


def _owners() -> tuple[dict[int, int], int | None]:
    """The officer of each committee that has one, and a bloc staff member for all the others."""
    officers = dict(
        StaffProfile.objects.filter(role=Role.OFFICER).order_by("pk").values_list("committee_id", "user_id")
    )
    fallback = (
        StaffProfile.objects.filter(role=Role.BLOC_STAFF).order_by("pk").values_list("user_id", flat=True).first()
    )
    return officers, fallback


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("hotspots")
    officers, fallback = _owners()
    if fallback is None and not officers:
        return
    committees = list(Committee.objects.filter(depth__in=(2, 3)).order_by("path").values_list("pk", "path", "depth"))
    cells: dict[str, list[tuple[int, str]]] = {}
    for pk, path, depth in committees:
        if depth == 3:
            cells.setdefault(Committee.path_at_depth(path, 2), []).append((pk, path))
    flagged: dict[int, list[int]] = {}
    for pk, committee_id in (
        OpinionReport.objects.filter(is_hot_spot=True).order_by("pk").values_list("pk", "committee")
    ):
        flagged.setdefault(committee_id, []).append(pk)

    hot_spots: list[HotSpot] = []
    logs: list[list[tuple]] = []  # (date, note) per hot spot
    links: list[list[int]] = []
    for subordinate_id, path, depth in committees:
        if depth != 2:
            continue
        owner_id = officers.get(subordinate_id, fallback)
        if owner_id is None:
            continue
        for _ in range(rng.randint(3, 7)):
            committee_id = subordinate_id
            if cells.get(path) and rng.random() < 0.6:
                committee_id = rng.choice(cells[path])[0]
            title, description, resolution = rng.choice(SITUATIONS)
            opened_on = ctx.today - timedelta(days=rng.randint(0, 540))
            draw = rng.random()
            status = Status.RESOLVED if draw < 0.45 else Status.MONITORING if draw < 0.7 else Status.OPEN
            resolved_on, outcome = None, ""
            if status == Status.RESOLVED:
                resolved_on = min(ctx.today, opened_on + timedelta(days=rng.randint(10, 120)))
                outcome = resolution
            last = resolved_on or ctx.today
            span = (last - opened_on).days
            entries = sorted(
                (opened_on + timedelta(days=rng.randint(0, span)), rng.choice(FOLLOW_UPS))
                for _ in range(rng.randint(1, 4))
            )
            if status == Status.MONITORING:
                entries.append((last, "Trạng thái: đang mở → đang theo dõi. Tình hình tạm lắng, tiếp tục theo dõi."))
            if status == Status.RESOLVED:
                entries.append((resolved_on, f"Trạng thái: đang theo dõi → đã giải quyết. {outcome}"))
            hot_spots.append(
                HotSpot(
                    committee_id=committee_id,
                    title=title,
                    description=description,
                    severity=rng.choice(SEVERITIES),
                    status=status,
                    owner_id=owner_id,
                    opened_on=opened_on,
                    resolved_on=resolved_on,
                    outcome=outcome,
                )
            )
            logs.append([(day, note, owner_id) for day, note in entries])
            candidates = flagged.get(committee_id, [])
            links.append([candidates.pop() for _ in range(min(len(candidates), rng.randint(0, 2)))])
    for hot_spot in hot_spots:
        hot_spot.search_text = hot_spot.build_search_text()
    hot_spots = bulk_create_with_history(hot_spots, HotSpot, batch_size=BATCH, default_change_reason="seed_demo")

    HotSpotFollowUp.objects.bulk_create(
        [
            HotSpotFollowUp(hot_spot=hot_spot, date=day, note=note, author_id=author_id)
            for hot_spot, entries in zip(hot_spots, logs, strict=True)
            for day, note, author_id in entries
        ],
        batch_size=BATCH,
    )
    through = HotSpot.reports.through
    through.objects.bulk_create(
        [
            through(hotspot_id=hot_spot.pk, opinionreport_id=report_id)
            for hot_spot, report_ids in zip(hot_spots, links, strict=True)
            for report_id in report_ids
        ],
        batch_size=BATCH,
    )
