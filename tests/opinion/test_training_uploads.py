import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import uploads
from opinion.models import TrainingMaterial
from tests.opinion.factories_trainings import (
    HTML_BYTES,
    SVG_BYTES,
    docx_bytes,
    make_material,
    make_training,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")  # what the browser claims is ignored


# --- validation -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,make,mime,extension",
    [
        ("Tài liệu.pdf", pdf_bytes, "application/pdf", "pdf"),
        ("anh.png", png_bytes, "image/png", "png"),
        (
            "bai-giang.docx",
            docx_bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        ("danh-sach.xlsx", xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ],
)
def test_real_documents_and_images_are_accepted_with_the_type_read_from_their_content(name, make, mime, extension):
    detected = uploads.validate_upload(upload(name, make()))
    assert (detected.content_type, detected.extension) == (mime, extension)


def test_a_png_named_pdf_is_stored_as_what_it_is():
    detected = uploads.validate_upload(upload("bao-cao.pdf", png_bytes()))
    assert detected.content_type == "image/png"
    assert uploads.stored_name("bao-cao.pdf", detected) == "bao-cao.png"


def test_an_old_office_file_is_recognised_by_its_main_stream():
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 3000)
    name = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    ole[1024 : 1024 + len(name)] = name
    assert uploads.validate_upload(upload("cong-van.doc", bytes(ole))).content_type == "application/msword"


@pytest.mark.parametrize(
    "content",
    [
        HTML_BYTES,
        SVG_BYTES,
        b"alert(document.cookie);\n",
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,  # a Windows program
        b"PK\x03\x04" + b"\x00" * 100,  # a zip that is no Office document
    ],
    ids=["html", "svg", "javascript", "exe", "zip"],
)
def test_anything_else_is_refused_even_when_named_pdf(content):
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(upload("tai-lieu.pdf", content))
    assert refused.value.code == "type"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(upload("rong.pdf", b""))
    assert refused.value.code == "empty"


def test_a_file_over_the_size_limit_is_refused_before_its_content_is_read():
    too_big = pdf_bytes() + b"\x00" * (uploads.MAX_UPLOAD_SIZE + 1 - len(pdf_bytes()))
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(upload("lon.pdf", too_big))
    assert refused.value.code == "too_large"
    just_right = pdf_bytes() + b"\x00" * (uploads.MAX_UPLOAD_SIZE - len(pdf_bytes()))
    assert uploads.validate_upload(upload("vua.pdf", just_right)).size == uploads.MAX_UPLOAD_SIZE


@pytest.mark.parametrize(
    "name,stem",
    [
        ("Tài liệu hội nghị số 1.pdf", "Tai-lieu-hoi-nghi-so-1"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\an\\Đề cương.docx", "De-cuong"),
        (".htaccess", "htaccess"),
        ("<script>.pdf", "script"),
        ("", "file"),
    ],
)
def test_stored_names_are_plain_and_safe(name, stem):
    assert uploads.safe_stem(name) == stem


# --- upload and download through the pages ----------------------------------------------------------------------


def test_an_officer_uploads_a_material_and_it_is_stored_with_its_detected_type_and_size(client, tree, officer_a):
    training = make_training(tree.a)
    client.force_login(officer_a)
    url = reverse("opinion:training_material_upload", args=[training.pk])
    assert client.get(url).status_code == 200
    content = pdf_bytes()
    response = client.post(url, {"title": "Đề cương bài giảng", "file": upload("Đề cương.pdf", content)})
    assert response.status_code == 302
    material = TrainingMaterial.objects.get()
    assert (material.title, material.content_type, material.size) == (
        "Đề cương bài giảng",
        "application/pdf",
        len(content),
    )
    assert material.uploaded_by == officer_a
    assert material.file.name.startswith("trainings/") and material.file.name.endswith("/De-cuong.pdf")
    assert material.file.read() == content


def test_html_renamed_pdf_is_refused_by_the_page_which_keeps_the_title(client, tree, officer_a):
    training = make_training(tree.a)
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:training_material_upload", args=[training.pk]),
        {"title": "Tài liệu giả", "file": upload("tai-lieu.pdf", HTML_BYTES)},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert 'value="Tài liệu giả"' in response.text
    assert not TrainingMaterial.objects.exists()


def test_the_download_is_an_attachment_with_the_detected_type_and_nosniff(client, tree, officer_a):
    training = make_training(tree.a)
    material = make_material(training, officer_a, title="Bài giảng số 2", content=png_bytes())
    client.force_login(officer_a)
    response = client.get(reverse("opinion:training_material_download", args=[material.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="Bai-giang-so-2.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == png_bytes()


def test_there_is_no_route_to_the_stored_files(client, tree, officer_a, settings):
    material = make_material(make_training(tree.a), officer_a)
    client.force_login(officer_a)
    assert client.get(f"/{settings.MEDIA_URL}{material.file.name}").status_code == 404


def test_an_officer_downloads_the_blocs_material_but_cannot_upload_to_the_blocs_training(
    client, tree, officer_a, bloc_staff
):
    training = make_training(tree.root, title="Tập huấn của Khối")
    material = make_material(training, bloc_staff)
    client.force_login(officer_a)
    assert client.get(reverse("opinion:training_material_download", args=[material.pk])).status_code == 200
    url = reverse("opinion:training_material_upload", args=[training.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x", "file": upload("x.pdf", pdf_bytes())}).status_code == 403
    assert TrainingMaterial.objects.count() == 1


def test_a_sibling_committees_material_does_not_exist_for_an_officer(client, tree, officer_a, officer_b_sibling):
    material = make_material(make_training(tree.b), officer_b_sibling)
    client.force_login(officer_a)
    assert client.get(reverse("opinion:training_material_download", args=[material.pk])).status_code == 404


def test_a_collaborator_downloads_the_materials_of_a_training_they_are_invited_to_only(
    client, tree, officer_a, collaborator_a
):
    from tests.opinion.factories_trainings import invite, make_collaborator

    mine, other = make_training(tree.a, title="Được mời"), make_training(tree.a, title="Không được mời")
    invite(mine, make_collaborator(tree.a1, full_name="Cộng tác viên A", user=collaborator_a))
    client.force_login(collaborator_a)
    ok = make_material(mine, officer_a)
    hidden = make_material(other, officer_a)
    assert client.get(reverse("opinion:training_material_download", args=[ok.pk])).status_code == 200
    assert client.get(reverse("opinion:training_material_download", args=[hidden.pk])).status_code == 404


def test_a_leader_cannot_upload(client, tree, leader_a):
    training = make_training(tree.a)
    client.force_login(leader_a)
    response = client.post(
        reverse("opinion:training_material_upload", args=[training.pk]), {"file": upload("x.pdf", pdf_bytes())}
    )
    assert response.status_code == 403
    assert not TrainingMaterial.objects.exists()


# --- the admin checks uploads the same way ----------------------------------------------------------------------


def _admin_post(training, upload_file):
    return {
        "committee": training.committee_id,
        "title": training.title,
        "starts_on": "10/03/2026",
        "ends_on": "10/03/2026",
        "place": training.place,
        "trainers": "",
        "content": "",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
        "materials-TOTAL_FORMS": "1",
        "materials-INITIAL_FORMS": "0",
        "materials-0-title": "Tài liệu qua quản trị",
        "materials-0-file": upload_file,
    }


def test_the_admin_refuses_a_disguised_upload_and_stores_a_real_one_with_its_type(admin_client, tree):
    training = make_training(tree.a)
    url = reverse("admin:opinion_training_change", args=[training.pk])
    response = admin_client.post(url, _admin_post(training, upload("tai-lieu.pdf", HTML_BYTES)))
    assert response.status_code == 200 and not TrainingMaterial.objects.exists()
    response = admin_client.post(url, _admin_post(training, upload("Bài giảng.pdf", pdf_bytes())))
    assert response.status_code == 302
    material = TrainingMaterial.objects.get()
    assert (material.content_type, material.size) == ("application/pdf", len(pdf_bytes()))
    assert material.file.name.endswith("/Bai-giang.pdf")
    assert material.uploaded_by.username == "admin"
    page = admin_client.get(url).content.decode()
    assert reverse("opinion:training_material_download", args=[material.pk]) in page
