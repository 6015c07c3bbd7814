"""Demo party documents: those the source text names — the resolutions of the 5th and 6th plenums of the 12th term,
Directive 05-CT/TW, the bloc's Resolution 05-NQ/ĐUK — and a current one, all kept by the bloc; the bloc
department's plan implementing Directive 05 for this year; and each subordinate committee's plan implementing the
bloc's resolution. Deterministic: the same documents on every run."""

from datetime import date

from simple_history.utils import bulk_create_with_history

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.models import DocumentKind, DocumentRelation, Organ, PartyDocument, RelationKind
from resolutions.models.documents import Dissemination

BATCH = 5000
Kind = DocumentKind
TW5 = "Hội nghị Trung ương 5 khóa XII"
TW6 = "Hội nghị Trung ương 6 khóa XII"
# (key, kind, number, issued on, organ, issuer, plenum, about, dissemination)
CENTRAL = [
    ("ct05", Kind.DIRECTIVE, "05-CT/TW", date(2016, 5, 15), Organ.POLITBURO, "Bộ Chính trị", "",
     "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", Dissemination.DISSEMINATE),
    ("nq11", Kind.RESOLUTION, "11-NQ/TW", date(2017, 6, 3), Organ.CENTRAL_COMMITTEE, "Ban Chấp hành Trung ương",
     TW5, "hoàn thiện thể chế kinh tế thị trường định hướng xã hội chủ nghĩa", Dissemination.GRASP),
    ("nq18", Kind.RESOLUTION, "18-NQ/TW", date(2017, 10, 25), Organ.CENTRAL_COMMITTEE, "Ban Chấp hành Trung ương",
     TW6, "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động "
     "hiệu lực, hiệu quả", Dissemination.GRASP),
    ("nq19", Kind.RESOLUTION, "19-NQ/TW", date(2017, 10, 25), Organ.CENTRAL_COMMITTEE, "Ban Chấp hành Trung ương",
     TW6, "tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt động của các đơn vị "
     "sự nghiệp công lập", Dissemination.GRASP),
]  # fmt: skip
BLOC_RESOLUTION = (
    "đổi mới công tác tư tưởng nhằm đấu tranh, ngăn chặn có hiệu quả biểu hiện “tự diễn biến”, “tự chuyển hóa” "
    "trong nội bộ"
)


def indexed(document: PartyDocument) -> PartyDocument:
    document.search_text = document.build_search_text()  # bulk_create does not call save()
    return document


def _plan(committee: Committee, index: int) -> PartyDocument:
    """A subordinate committee's plan implementing the bloc's resolution, issued by its standing board."""
    return indexed(
        PartyDocument(
            committee=committee,
            kind=Kind.PLAN,
            number=f"{index % 90 + 10}-KH/ĐU",
            issued_on=date(2017, 4, 3 + index % 25),
            organ=Organ.STANDING_BOARD,
            issuer=f"Ban Thường vụ {committee.name.replace('Đảng bộ', 'Đảng ủy', 1)}",
            issuing_committee=committee,
            title="thực hiện Nghị quyết 05-NQ/ĐUK của Ban Chấp hành Đảng bộ Khối",
            dissemination=Dissemination.DISSEMINATE,
        )
    )


def seed(context: DemoContext) -> None:
    root = Committee.objects.get(code=ROOT_CODE)
    year = context.today.year
    documents = {
        key: PartyDocument(
            committee=root, kind=kind, number=number, issued_on=issued_on, organ=organ, issuer=issuer, plenum=plenum,
            title=title, dissemination=dissemination,
        )
        for key, kind, number, issued_on, organ, issuer, plenum, title, dissemination in CENTRAL
    }  # fmt: skip
    documents["nq05"] = PartyDocument(
        committee=root, kind=Kind.RESOLUTION, number="05-NQ/ĐUK", issued_on=date(2017, 3, 20),
        organ=Organ.EXECUTIVE, issuer="Ban Chấp hành Đảng bộ Khối các cơ quan Trung ương", issuing_committee=root,
        title=BLOC_RESOLUTION, dissemination=Dissemination.DISSEMINATE,
    )  # fmt: skip
    documents["plan"] = PartyDocument(
        committee=root, kind=Kind.PLAN, number=f"12-KH/{root.department_symbol}", issued_on=date(year, 1, 15),
        organ=Organ.DEPARTMENT, issuer=root.department_name, issuing_committee=root,
        title=f"thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị năm {year}", dissemination=Dissemination.DISSEMINATE,
    )  # fmt: skip
    bulk_create_with_history([indexed(d) for d in documents.values()], PartyDocument, default_change_reason="seed_demo")
    saved = {key: PartyDocument.objects.get(number=document.number) for key, document in documents.items()}
    relations = [
        DocumentRelation(document=saved["plan"], kind=RelationKind.IMPLEMENTS, target=saved["ct05"]),
        DocumentRelation(document=saved["nq05"], kind=RelationKind.BASED_ON, target=saved["ct05"]),
    ]
    committees = Committee.objects.children_of(root).order_by("path").only("pk", "name")
    plans = [_plan(committee, index) for index, committee in enumerate(committees)]
    bulk_create_with_history(plans, PartyDocument, batch_size=BATCH, default_change_reason="seed_demo")
    planned = PartyDocument.objects.filter(kind=Kind.PLAN).exclude(committee=root).values_list("pk", flat=True)
    relations += [
        DocumentRelation(document_id=pk, kind=RelationKind.IMPLEMENTS, target=saved["nq05"]) for pk in planned
    ]
    DocumentRelation.objects.bulk_create(relations, batch_size=BATCH)
