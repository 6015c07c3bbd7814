"""The book of exemplary organisations and members: it gathers a year's commendations under the publishing committee
and downloads as a Word file laid out like the printed book, parsed back here."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from resolutions.models import Publication
from tests.resolutions.factories_commendations import honour

pytestmark = pytest.mark.django_db


@pytest.fixture
def honoured(tree, bloc_staff):
    last_year = {"year": 2025, "citation": "Tiêu biểu trong thực hiện Chỉ thị 05"}
    honour(tree, bloc_staff, tree.b1, **last_year)
    honour(tree, bloc_staff, tree.a1, **last_year)
    honour(tree, bloc_staff, tree.a, honoree="member", member_name="Trần Văn Hai", title="Đảng viên tiêu biểu",
           **last_year)  # fmt: skip
    honour(tree, bloc_staff, tree.a1, honoree="member", member_name="Lê Thị Ba", title="Đảng viên tiêu biểu",
           **last_year)  # fmt: skip
    honour(tree, bloc_staff, tree.a1, year=2024, decision_date=date(2025, 5, 19))  # another year: not in the book


def test_the_book_gathers_the_years_commendations_in_two_parts_each_honoured_once_in_order(
    client, tree, bloc_staff, honoured
):
    client.force_login(bloc_staff)
    response = client.post(reverse("resolutions:publication_create"), {
        "committee": "ROOT", "title": "Tuyển tập gương tổ chức đảng, đảng viên tiêu biểu năm 2025",
        "publisher": "Ban Tuyên giáo Đảng ủy Khối", "published_on": "30/06/2026", "year": "2025", "copies": "500",
        "distribution": "Gửi các đảng ủy trực thuộc",
    })  # fmt: skip
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.commendations.count() == 4
    page = client.get(publication.get_absolute_url())
    assert [c.honoured for c in page.context["organisations"]] == [tree.a1.name, tree.b1.name]  # the tree's order
    download = client.get(reverse("resolutions:publication_anthology", args=[publication.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    book = Document(io.BytesIO(download.content))
    headings = [(p.style.name, p.text) for p in book.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "MỤC LỤC"),
        ("Heading 1", "PHẦN THỨ NHẤT. TỔ CHỨC ĐẢNG TIÊU BIỂU"),
        ("Heading 2", tree.a1.name),
        ("Heading 2", tree.b1.name),
        ("Heading 1", "PHẦN THỨ HAI. ĐẢNG VIÊN TIÊU BIỂU"),
        ("Heading 2", "Trần Văn Hai"),
        ("Heading 2", "Lê Thị Ba"),
    ]
    text = "\n".join(p.text for p in book.paragraphs)
    assert "Chi bộ tiêu biểu năm 2025" in text and "Tiêu biểu trong thực hiện Chỉ thị 05" in text
    assert "TUYỂN TẬP GƯƠNG TỔ CHỨC ĐẢNG" in text and "Hà Nội, 2026" in text
    assert book.core_properties.language == "vi-VN" and book.styles["Normal"].font.name == "Times New Roman"


def test_a_committee_below_does_not_read_the_blocs_book(client, tree, bloc_staff, officer_a, honoured):
    publication = Publication.objects.create(
        committee=tree.root, title="Tuyển tập", publisher="Ban Tuyên giáo", published_on=date(2026, 6, 30)
    )
    client.force_login(officer_a)
    assert client.get(publication.get_absolute_url()).status_code == 404
    assert client.get(reverse("resolutions:publication_anthology", args=[publication.pk])).status_code == 404


def test_the_demo_book_gathers_every_commendation_of_last_year_awarded_by_the_root_once(settings):
    from django.core.management import call_command
    from django.utils import timezone

    from committees.demo import ROOT_CODE
    from committees.models import Committee
    from resolutions.anthology import anthology_docx
    from resolutions.models import Commendation

    seeders = ["resolutions.demo.commendations.seed", "resolutions.demo.publications.seed"]
    assert [s for s in settings.DEMO_SEEDERS if s in seeders] == seeders  # the book after what it gathers
    settings.DEMO_SEEDERS = seeders
    call_command("seed_demo", "--scale", "small")
    today = timezone.localdate()
    root = Committee.objects.get(code=ROOT_CODE)
    book = Publication.objects.get()
    book.full_clean(exclude=["created_by"])  # the services set who wrote it
    assert book.committee == root and book.published_on.year == today.year and book.published_on <= today
    assert str(today.year - 1) in book.title and book.copies > 0 and book.distribution
    awarded = Commendation.objects.filter(awarded_by=root, year=today.year - 1)
    gathered = list(book.commendations.values_list("pk", flat=True))
    assert len(gathered) == len(set(gathered)) == awarded.count() > 0
    assert set(gathered) == set(awarded.values_list("pk", flat=True))
    document = Document(io.BytesIO(anthology_docx(book)))
    entries = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(entries) == len(gathered)
