"""Demo Directive 05 records: every committee with members of its own, and those leading the others, records the
source text's year (2017) and this year — the year's theme, members who wrote a personal follow-up plan of those
expected, exemplary models; the committees right under the bloc have their plan in the registry; the bloc and those
committees adopted their ethical criteria in 2017 and revised them this year (one reworded, one dropped, one
added). Deterministic."""

from datetime import date

from django.db.models import Q

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.demo.documents import BATCH, indexed
from resolutions.models import (
    CriteriaVersion,
    Criterion,
    DocumentKind,
    ExemplaryModel,
    FollowUpYear,
    Organ,
    PartyDocument,
)
from resolutions.models.documents import Dissemination
from resolutions.services.directive05_tallies import directive05_tallies_rebuild

SOURCE_YEAR = 2017
THEMES = {
    SOURCE_YEAR: "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phòng, chống suy thoái tư tưởng "
    "chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
}
THEME_NOW = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển "
    "đất nước phồn vinh, hạnh phúc"
)
MODELS = [
    ("model", "Mô hình “Mỗi tuần một việc tốt”", "Mỗi đảng viên đăng ký và thực hiện một việc tốt mỗi tuần."),
    ("model", "Mô hình “Dân vận khéo” trong cơ quan", "Lắng nghe, giải quyết kịp thời kiến nghị của người lao động."),
    ("model", "Mô hình “Cơ quan không giấy tờ”", "Số hóa hồ sơ, tiết kiệm văn phòng phẩm và thời gian xử lý."),
    ("example", "Đồng chí Bí thư chi bộ gương mẫu nêu gương", "Nhiều năm liền hoàn thành xuất sắc nhiệm vụ."),
]
CRITERIA_2017 = [
    "Trung thành với Đảng, kiên định mục tiêu độc lập dân tộc gắn liền với chủ nghĩa xã hội.",
    "Cần, kiệm, liêm, chính, chí công vô tư.",
    "Gần dân, lắng nghe và giải quyết kịp thời ý kiến của cán bộ, đảng viên, người lao động.",
    "Giữ gìn kỷ luật, kỷ cương hành chính; đúng giờ, không làm việc riêng trong giờ làm việc.",
    "Đoàn kết, thương yêu, giúp đỡ đồng chí, đồng nghiệp.",
]
REWORDED = (2, "Gần dân, trọng dân, vì dân; lắng nghe và giải quyết kịp thời, dứt điểm kiến nghị của người lao động.")
DROPPED = 3
ADDED = "Nêu gương, nói đi đôi với làm; giữ gìn hình ảnh người đảng viên trên không gian mạng."


def seed(context: DemoContext) -> None:
    rng = context.rng("directive05")
    root = Committee.objects.get(code=ROOT_CODE)
    this_year = context.today.year
    leading = [root, *Committee.objects.children_of(root).filter(is_active=True).order_by("path")]
    plans = _plans(leading[1:], this_year, context.today)
    plans[root.pk] = (  # the bloc's own plan is among the registry's demo documents
        PartyDocument.objects.filter(committee=root, kind=DocumentKind.PLAN, title__contains="Chỉ thị 05-CT/TW")
        .values_list("pk", flat=True).first()
    )  # fmt: skip
    recording = Committee.objects.filter(Q(party_members__gt=0) | Q(pk__in=[c.pk for c in leading]), is_active=True)
    records = []
    for committee_id, expected in recording.order_by("path").values_list("pk", "party_members").iterator(BATCH):
        for year in (SOURCE_YEAR, this_year):
            missing = rng.choice((0, 0, 0, 1, 2)) if year == this_year else rng.choice((0, 0, 1))
            records.append(FollowUpYear(
                committee_id=committee_id, year=year, theme=THEMES.get(year, THEME_NOW),
                plan_id=plans.get(committee_id) if year == this_year else None,
                members_expected=expected, members_with_plan=max(expected - missing, 0),
            ))  # fmt: skip
    FollowUpYear.objects.bulk_create(records, batch_size=BATCH)
    models = []
    this_years = FollowUpYear.objects.filter(year=this_year).order_by("pk").values_list("pk", "committee_id")
    for record_id, committee_id in this_years.iterator(BATCH):
        if committee_id in plans or rng.random() < 0.1:  # every leading committee has one, a tenth of the others
            kind, name, description = rng.choice(MODELS)
            models.append(ExemplaryModel(year_record_id=record_id, kind=kind, name=name, description=description))
    ExemplaryModel.objects.bulk_create(models, batch_size=BATCH)
    _criteria(leading, date(SOURCE_YEAR, 3, 10), min(date(this_year, 2, 20), context.today))
    directive05_tallies_rebuild()  # bulk-created: counted once, the way the migration counts what is there


def _plans(committees: list[Committee], year: int, today: date) -> dict[int, int]:
    """Each leading committee's plan for this year's Directive 05, in the registry: {committee id: document id}."""
    issued = min(date(year, 1, 20), today)
    documents = [
        indexed(
            PartyDocument(
                committee=committee,
                kind=DocumentKind.PLAN,
                number=f"{20 + index}-KH/{committee.document_symbol or 'ĐU'}",
                issued_on=issued,
                organ=Organ.STANDING_BOARD,
                issuer=f"Ban Thường vụ {committee.name}",
                issuing_committee=committee,
                title=f"thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị năm {year}",
                dissemination=Dissemination.DISSEMINATE,
            )
        )  # fmt: skip
        for index, committee in enumerate(committees)
    ]
    PartyDocument.objects.bulk_create(documents, batch_size=BATCH)
    saved = PartyDocument.objects.filter(
        committee__in=committees, kind=DocumentKind.PLAN, issued_on=issued, title__startswith="thực hiện Chỉ thị 05"
    )
    return dict(saved.values_list("committee_id", "pk"))


def _criteria(committees: list[Committee], first_day: date, revised_day: date) -> None:
    """Adopted in 2017, revised this year: one criterion reworded, one dropped, one added."""
    first = CriteriaVersion.objects.bulk_create(
        [CriteriaVersion(committee=c, adopted_on=first_day, note="Ban hành lần đầu") for c in committees],
        batch_size=BATCH,
    )
    second = CriteriaVersion.objects.bulk_create(
        [CriteriaVersion(committee=c, adopted_on=revised_day, note="Sửa đổi, bổ sung cho phù hợp tình hình mới")
         for c in committees], batch_size=BATCH,
    )  # fmt: skip
    Criterion.objects.bulk_create(
        [Criterion(version=v, position=n, text=text) for v in first for n, text in enumerate(CRITERIA_2017, start=1)],
        batch_size=BATCH,
    )
    before = {
        (committee_id, position): pk
        for pk, committee_id, position in Criterion.objects.filter(version__in=first).values_list(
            "pk", "version__committee_id", "position"
        )
    }
    rows = []
    for version in second:
        kept = [n for n in range(1, len(CRITERIA_2017) + 1) if n != DROPPED]
        for position, n in enumerate(kept, start=1):
            text = REWORDED[1] if n == REWORDED[0] else CRITERIA_2017[n - 1]
            rows.append(Criterion(version=version, position=position, text=text,
                                  revises_id=before[(version.committee_id, n)]))  # fmt: skip
        rows.append(Criterion(version=version, position=len(kept) + 1, text=ADDED))
    Criterion.objects.bulk_create(rows, batch_size=BATCH)
