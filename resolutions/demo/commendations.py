"""Demo commendations: the exemplary cells the bloc's standing board honoured last year (125 in the source text,
fewer where the tree has fewer cells) and exemplary members of the committees right under it. Deterministic."""

from datetime import date

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.models import Commendation, Honoree

EXEMPLARY_CELLS = 125
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN_NAMES = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quốc Huy", "Thanh Lan"]
CITATIONS = [
    "Tiêu biểu trong thực hiện Chỉ thị 05-CT/TW; nhiều năm liền hoàn thành xuất sắc nhiệm vụ.",
    "Có mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được nhân rộng.",
]


def seed(context: DemoContext) -> None:
    rng = context.rng("commendations")
    root = Committee.objects.get(code=ROOT_CODE)
    year = context.today.year - 1
    decided = date(year + 1, 5, 19)
    common = {"year": year, "awarded_by": root, "issuer": "Ban Thường vụ Đảng ủy Khối", "decision_date": decided}
    cells = list(Committee.objects.filter(path__startswith=root.path, kind__in=Committee.CELLS, is_active=True)
                 .order_by("path").values_list("pk", flat=True))  # fmt: skip
    honoured = sorted(rng.sample(cells, min(EXEMPLARY_CELLS, len(cells))))
    rows = [
        Commendation(
            committee_id=pk,
            honoree=Honoree.ORGANISATION,
            title="Chi bộ tiêu biểu",
            decision_number=f"{EXEMPLARY_CELLS}-QĐ/ĐUK",
            citation=rng.choice(CITATIONS),
            **common,
        )  # fmt: skip
        for pk in honoured
    ]
    for committee in Committee.objects.children_of(root).filter(is_active=True).order_by("path"):
        for _ in range(rng.randint(0, 2)):
            name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
            rows.append(Commendation(
                committee=committee, honoree=Honoree.MEMBER, member_name=name, title="Đảng viên tiêu biểu",
                decision_number="126-QĐ/ĐUK", citation=rng.choice(CITATIONS), **common,
            ))  # fmt: skip
    for row in rows:
        row.search_text = row.build_search_text()  # bulk_create does not run save()
    Commendation.objects.bulk_create(rows, batch_size=2000)
