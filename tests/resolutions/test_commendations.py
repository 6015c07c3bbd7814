"""Commendations: who was honoured, by which decision, counted by year up the tree with exact figures; the record is
the honoured committee's, read above it and never by a sibling."""

from datetime import date

import pytest
from django.urls import reverse

from resolutions.models import Commendation, Honoree
from resolutions.selectors.commendations import commendation_figures
from tests.resolutions.factories_commendations import honour

pytestmark = pytest.mark.django_db


def form_data(**fields) -> dict:
    data = {
        "honoree": Honoree.ORGANISATION, "committee": "A1", "member_name": "", "title": "Chi bộ tiêu biểu",
        "year": "2026", "awarded_by": "ROOT", "issuer": "Ban Thường vụ Đảng ủy Khối",
        "decision_number": "125-QĐ/ĐUK", "decision_date": "19/05/2026", "citation": "Hoàn thành xuất sắc nhiệm vụ",
    }  # fmt: skip
    return {**data, **fields}


def test_bloc_staff_record_an_exemplary_cell_and_a_member_and_the_list_counts_them(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    assert client.post(reverse("resolutions:commendation_create"), form_data()).status_code == 302
    member = form_data(honoree=Honoree.MEMBER, member_name="Trần Văn Tiêu Biểu", title="Đảng viên tiêu biểu")
    assert client.post(reverse("resolutions:commendation_create"), member).status_code == 302
    page = client.get(reverse("resolutions:commendation_list"))
    figures = page.context["figures"]
    assert (figures.organisations, figures.members) == (1, 1)
    assert "Trần Văn Tiêu Biểu" in page.text and page.context["paginator"].count == 2
    found = client.get(reverse("resolutions:commendation_list"), {"q": "tran van tieu bieu"})
    assert [c.member_name for c in found.context["object_list"]] == ["Trần Văn Tiêu Biểu"]


def test_a_member_without_a_name_or_an_award_from_below_is_explained_and_nothing_saved(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    response = client.post(reverse("resolutions:commendation_create"), form_data(honoree=Honoree.MEMBER))
    assert response.status_code == 200 and "member_name" in response.context["form"].errors
    response = client.post(reverse("resolutions:commendation_create"), form_data(committee="A", awarded_by="A1"))
    assert response.status_code == 200 and "awarded_by" in response.context["form"].errors
    assert 'value="125-QĐ/ĐUK"' in response.text and not Commendation.objects.exists()


def test_the_figures_of_a_year_add_up_the_tree_exactly(tree, bloc_staff):
    honour(tree, bloc_staff, tree.a1)
    honour(tree, bloc_staff, tree.a, honoree=Honoree.MEMBER, member_name="Lê Thị Một")
    honour(tree, bloc_staff, tree.a1, honoree=Honoree.MEMBER, member_name="Lê Thị Hai")
    honour(tree, bloc_staff, tree.a1, year=2025, decision_date=date(2025, 12, 20))  # another year
    honour(tree, bloc_staff, tree.b1)  # another branch
    a = commendation_figures(tree.a, 2026)
    assert (a.organisations, a.members, a.total) == (1, 2, 3)
    whole = commendation_figures(tree.root, 2026)
    assert (whole.organisations, whole.members) == (2, 2)
    assert commendation_figures(tree.a, 2025).organisations == 1


def test_a_sibling_reads_nothing_of_it_and_the_honoured_reads_without_changing(
    client, tree, bloc_staff, officer_a, officer_b_sibling
):
    commendation = honour(tree, bloc_staff, tree.a1, citation="Ba năm liền hoàn thành xuất sắc nhiệm vụ")
    client.force_login(officer_b_sibling)
    assert client.get(commendation.get_absolute_url()).status_code == 404
    assert client.get(reverse("resolutions:commendation_list")).context["paginator"].count == 0
    client.force_login(officer_a)
    assert "Ba năm liền" in client.get(commendation.get_absolute_url()).text


def test_the_list_costs_the_same_queries_with_many_more_commendations(
    client, tree, bloc_staff, django_assert_max_num_queries
):
    client.force_login(bloc_staff)
    honour(tree, bloc_staff, tree.a1)
    url = reverse("resolutions:commendation_list")
    client.get(url)
    with django_assert_max_num_queries(99) as few:
        client.get(url)
    for number in range(25):
        honour(tree, bloc_staff, tree.a1, honoree=Honoree.MEMBER, member_name=f"Đảng viên {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_demo_honours_exemplary_cells_and_members_of_last_year(settings):
    from django.core.management import call_command
    from django.utils import timezone

    from committees.demo import SCALES, DemoContext
    from committees.models import Committee
    from resolutions.demo import commendations as demo

    settings.DEMO_SEEDERS = []
    call_command("seed_demo", "--scale", "small")
    today = timezone.localdate()
    demo.seed(DemoContext("small", SCALES["small"], today, 20180705))
    cells = Commendation.objects.filter(honoree=Honoree.ORGANISATION)
    assert cells.count() == min(125, Committee.objects.filter(kind__in=Committee.CELLS).count())
    assert set(cells.values_list("committee__kind", flat=True)) <= set(Committee.CELLS)
    assert set(Commendation.objects.values_list("year", flat=True)) == {today.year - 1}
    root = Committee.objects.get(depth=1)
    figures = commendation_figures(root, today.year - 1)
    assert figures.total == Commendation.objects.count() and figures.members > 0


def test_a_photo_is_shown_on_the_page_and_in_the_book_to_those_who_may_read_it(
    client, tree, bloc_staff, officer_b_sibling, media
):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    from resolutions.anthology import anthology_docx
    from resolutions.services.publications import publication_create
    from tests.opinion.factories_trainings import png_bytes

    client.force_login(bloc_staff)
    photo = SimpleUploadedFile("anh chan dung.jpg", png_bytes(), content_type="image/jpeg")  # a PNG, whatever named
    member = form_data(honoree=Honoree.MEMBER, member_name="Trần Văn Ảnh", title="Đảng viên tiêu biểu", photo=photo)
    assert client.post(reverse("resolutions:commendation_create"), member).status_code == 302
    commendation = Commendation.objects.get()
    assert commendation.photo_type == "image/png" and commendation.photo.name.endswith(".png")
    url = reverse("resolutions:commendation_photo", args=[commendation.pk])
    assert url in client.get(commendation.get_absolute_url()).text
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"] == "inline" and shown["X-Content-Type-Options"] == "nosniff"
    assert b"".join(shown.streaming_content) == png_bytes()

    book = publication_create(by=bloc_staff, committee=tree.root, title="Tuyển tập", publisher="Ban Tuyên giáo",
                              published_on=date(2026, 6, 1), year=2026)  # fmt: skip
    assert len(Document(BytesIO(anthology_docx(book))).inline_shapes) == 1

    client.force_login(officer_b_sibling)
    assert client.get(url).status_code == 404
    client.force_login(bloc_staff)
    edit = {**form_data(honoree=Honoree.MEMBER, member_name="Trần Văn Ảnh", title="Đảng viên tiêu biểu"),
            "remove_photo": "on"}  # fmt: skip
    assert client.post(reverse("resolutions:commendation_update", args=[commendation.pk]), edit).status_code == 302
    commendation.refresh_from_db()
    assert (commendation.photo.name, commendation.photo_type) == ("", "") and client.get(url).status_code == 404
    assert len(Document(BytesIO(anthology_docx(book))).inline_shapes) == 0


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_saved(client, tree, bloc_staff, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.opinion.factories_trainings import pdf_bytes

    client.force_login(bloc_staff)
    for name, content in (("anh.png", pdf_bytes()), ("anh.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>")):
        photo = SimpleUploadedFile(name, content, content_type="image/png")
        response = client.post(reverse("resolutions:commendation_create"), form_data(photo=photo))
        assert response.status_code == 200 and "photo" in response.context["form"].errors
        assert 'value="125-QĐ/ĐUK"' in response.text
    assert not Commendation.objects.exists()


def test_a_photo_is_stored_under_its_own_name_as_one_change_by_its_author(tree, bloc_staff, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resolutions.services.commendations import commendation_update
    from tests.opinion.factories_trainings import png_bytes

    def photo(name):
        return SimpleUploadedFile(name, png_bytes(), content_type="image/png")

    commendation = honour(tree, bloc_staff, tree.a1, photo=photo("Chi bộ Vụ Tổng hợp.png"))
    assert commendation.photo.name.rsplit("/", 1)[-1].startswith("Chi-bo-Vu-Tong-hop")
    commendation_update(commendation=commendation, by=bloc_staff, photo=photo("anh moi.png"))  # the photo alone
    changes = [(change.history_type, change.history_user) for change in commendation.history.order_by("history_id")]
    assert changes == [("+", bloc_staff), ("~", bloc_staff), ("~", bloc_staff)]  # made, its photo, a new photo


def test_a_photo_the_database_refuses_leaves_no_file_behind_and_its_own_error_is_raised(
    tree, bloc_staff, media, settings
):
    """The photo is stored before the record is written: when the write fails, the file is taken away again and the
    database's error reaches the caller, not a second one raised while cleaning up (a record saved in full then)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import DatabaseError, connection

    from resolutions.services.commendations import commendation_update
    from tests.opinion.factories_trainings import png_bytes

    commendation = honour(tree, bloc_staff, tree.a1)
    table = Commendation._meta.db_table
    with connection.cursor() as cursor:  # a database that refuses the photo's write, whatever the reason
        if connection.vendor == "postgresql":
            cursor.execute("CREATE FUNCTION refuse_photo() RETURNS trigger LANGUAGE plpgsql AS "
                           "$$ BEGIN RAISE EXCEPTION 'photo refused'; END $$")  # fmt: skip
            cursor.execute(f"CREATE TRIGGER refuse_photo BEFORE UPDATE OF photo ON {table} "
                           "FOR EACH ROW EXECUTE FUNCTION refuse_photo()")  # fmt: skip
        else:
            cursor.execute(f"CREATE TRIGGER refuse_photo BEFORE UPDATE OF photo ON {table} "
                           "BEGIN SELECT RAISE(ABORT, 'photo refused'); END")  # fmt: skip
    photo = SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")
    with pytest.raises(DatabaseError, match="photo refused"):
        commendation_update(commendation=commendation, by=bloc_staff, photo=photo)
    media_root = settings.MEDIA_ROOT
    assert media_root.is_dir()  # the photo was stored on the way
    assert [path for path in media_root.rglob("*") if path.is_file()] == []
    commendation.refresh_from_db()
    assert commendation.photo.name == ""


def test_nobody_records_an_award_by_a_committee_outside_their_scope(tree, officer_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        honour(tree, officer_a, tree.a1, awarded_by=tree.b)
    assert not Commendation.objects.exists()
