"""Demo publications: the book of exemplary organisations and members the bloc publishes this year, gathering every
commendation its standing board awarded for last year (seeded by resolutions.demo.commendations, which runs before
this seeder) — so that the publications' list, the book's page and its Word file have a real book to show.
Deterministic: one book, dated in the summer after the commendations, or today if the summer has not come yet."""

from datetime import date, timedelta

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.models import Commendation, Publication

DISTRIBUTION = (
    "Phát hành đến các đảng ủy trực thuộc Đảng ủy Khối, các chi bộ cơ sở và thư viện các cơ quan Trung ương; gửi Ban "
    "Tuyên giáo Trung ương, Ban Tổ chức Trung ương và các tổ chức đảng, đảng viên được biểu dương."
)


def seed(context: DemoContext) -> None:
    rng = context.rng("publications")
    root = Committee.objects.get(code=ROOT_CODE)
    year = context.today.year - 1
    gathered = list(
        Commendation.objects.filter(awarded_by=root, year=year).order_by("committee__path", "pk")
        .values_list("pk", flat=True)
    )  # fmt: skip
    if not gathered:  # no commendations seeded (a trimmed DEMO_SEEDERS): no book of them either
        return
    published = date(year + 1, 7, 1) + timedelta(days=rng.randint(0, 60))  # after the May decisions
    book = Publication.objects.create(
        committee=root,
        title=f"Những tổ chức cơ sở đảng, đảng viên tiêu biểu năm {year}",
        publisher="Nhà xuất bản Chính trị quốc gia Sự thật",
        published_on=min(published, context.today),
        copies=1000,
        distribution=DISTRIBUTION,
    )
    book.commendations.set(gathered)
