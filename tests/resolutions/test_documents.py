"""The party documents registry: citations written from the record, the access rule (what a committee keeps is
read by its subtree and changed only by it), the pages, and their query counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolutions.models import DocumentKind, DocumentRelation, Organ, PartyDocument, RelationKind
from tests.factories import make_committee
from tests.opinion.factories_trainings import pdf_bytes
from tests.resolutions.factories_documents import make_document, make_file

pytestmark = pytest.mark.django_db


def directive(committee, **fields):
    return make_document(
        committee, number="05-CT/TW", kind=DocumentKind.DIRECTIVE, issued_on=date(2016, 5, 15),
        organ=Organ.POLITBURO, issuer="Bộ Chính trị",
        title="đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", **fields,
    )  # fmt: skip


def test_the_full_citation_and_the_short_one_come_from_the_record(tree):
    document = directive(tree.root)
    assert document.citation == (
        "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh"
    )
    assert document.short_citation == "Chỉ thị 05"
    bloc = make_document(tree.root, issued_on=date(2017, 2, 5), issuer="Ban Chấp hành Đảng bộ Khối")
    assert bloc.citation.startswith("Nghị quyết số 05-NQ/ĐUK, ngày 05/02/2017 của Ban Chấp hành Đảng bộ Khối về ")
    assert bloc.short_citation == "Nghị quyết 05-NQ/ĐUK"  # the tree's own keep their symbol: "05" alone is ambiguous


def test_what_an_ancestor_keeps_is_read_below_it_and_changed_only_by_it(tree, officer_a, officer_b_sibling, bloc_staff):
    blocs, own, siblings = directive(tree.root), make_document(tree.a1), make_document(tree.b, number="07-KH/ĐU")
    assert set(PartyDocument.objects.visible_to(officer_a)) == {blocs, own}
    assert set(PartyDocument.objects.changeable_by(officer_a)) == {own}
    assert set(PartyDocument.objects.visible_to(officer_b_sibling)) == {blocs, siblings}
    assert set(PartyDocument.objects.changeable_by(bloc_staff)) == {blocs, own, siblings}


def test_the_list_finds_documents_without_accents_and_filters_by_kind_and_year(client, tree, officer_a):
    directive(tree.root)
    make_document(tree.a, number="12-KH/ĐU", kind=DocumentKind.PLAN, issued_on=date(2026, 1, 15),
                  title="thực hiện Chỉ thị 05-CT/TW năm 2026")  # fmt: skip
    make_document(tree.b, number="13-KH/ĐU", title="kế hoạch Bí mật Sibling")
    client.force_login(officer_a)
    url = reverse("resolutions:document_list")
    numbers = lambda response: [d.number for d in response.context["object_list"]]  # noqa: E731
    assert numbers(client.get(url)) == ["12-KH/ĐU", "05-CT/TW"]
    assert numbers(client.get(url, {"q": "chi thi 05"})) == ["12-KH/ĐU", "05-CT/TW"]
    assert numbers(client.get(url, {"q": "lam theo tu tuong"})) == ["05-CT/TW"]
    assert numbers(client.get(url, {"kind": "plan"})) == ["12-KH/ĐU"]
    assert numbers(client.get(url, {"year": "2016"})) == ["05-CT/TW"]
    assert "Bí mật Sibling" not in client.get(url, {"q": "bi mat"}).text


def test_an_officer_registers_a_document_of_their_committee(client, tree, officer_a):
    client.force_login(officer_a)
    data = {
        "committee": tree.a.code, "kind": "plan", "number": "15-KH/ĐU", "issued_on": "03/04/2017",
        "organ": "standing_board", "issuer": "Ban Thường vụ Đảng ủy Bộ Tài chính", "issuing_committee": "",
        "title": "thực hiện Nghị quyết 05-NQ/ĐUK", "plenum": "", "summary": "", "confidentiality": "",
        "dissemination": "disseminate",
    }  # fmt: skip
    response = client.post(reverse("resolutions:document_create"), data)
    document = PartyDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.committee, document.issuing_committee, document.issued_on) == (tree.a, tree.a, date(2017, 4, 3))
    assert document.history.get().history_user == officer_a
    assert client.get(document.get_absolute_url()).context["can_change"] is True


def test_a_central_organs_document_has_no_issuing_committee(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    data = {
        "committee": tree.root.code, "kind": "directive", "number": "05-CT/TW", "issued_on": "15/05/2016",
        "organ": "politburo", "issuer": "Bộ Chính trị", "issuing_committee": tree.root.code,
        "title": "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "confidentiality": "",
        "dissemination": "",
    }  # fmt: skip
    client.post(reverse("resolutions:document_create"), data)
    assert PartyDocument.objects.get().issuing_committee is None


def test_bad_input_is_explained_the_form_keeps_what_was_typed_and_nothing_is_saved(client, tree, officer_a):
    directive(tree.root)
    client.force_login(officer_a)
    data = {
        "committee": tree.b.code, "kind": "nonsense", "number": "", "issued_on": "31/02/2017", "organ": "politburo",
        "issuer": "Bộ Chính trị", "title": "\u200b", "confidentiality": "", "dissemination": "",
    }  # fmt: skip
    response = client.post(reverse("resolutions:document_create"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"committee", "kind", "number", "issued_on", "title"}
    assert 'value="31/02/2017"' in response.text
    assert PartyDocument.objects.count() == 1


def test_the_same_document_registered_twice_is_refused(client, tree, bloc_staff):
    existing = directive(tree.root)
    client.force_login(bloc_staff)
    data = {
        "committee": tree.root.code, "kind": "directive", "number": existing.number, "issued_on": "15/05/2016",
        "organ": "politburo", "issuer": existing.issuer, "title": "một trích yếu khác", "confidentiality": "",
        "dissemination": "",
    }  # fmt: skip
    response = client.post(reverse("resolutions:document_create"), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert PartyDocument.objects.count() == 1


def test_a_document_kept_above_is_read_but_not_changed_below(client, tree, officer_a):
    document = directive(tree.root)
    client.force_login(officer_a)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200 and page.context["can_change"] is False
    assert client.get(reverse("resolutions:document_update", args=[document.pk])).status_code == 403
    assert client.get(reverse("resolutions:document_file_upload", args=[document.pk])).status_code == 403
    assert client.get(reverse("resolutions:document_relate", args=[document.pk])).status_code == 403


def test_a_leader_reads_and_does_not_change(client, tree, leader_a):
    document = make_document(tree.a)
    client.force_login(leader_a)
    assert client.get(document.get_absolute_url()).context["can_change"] is False
    assert client.get(reverse("resolutions:document_update", args=[document.pk])).status_code == 403
    assert client.get(reverse("resolutions:document_create")).status_code == 403


def test_a_plan_implements_what_the_bloc_keeps_and_both_pages_say_so(client, tree, officer_a):
    blocs = make_document(tree.root)
    plan = make_document(tree.a, number="15-KH/ĐU", kind=DocumentKind.PLAN, organ=Organ.STANDING_BOARD)
    client.force_login(officer_a)
    url = reverse("resolutions:document_relate", args=[plan.pk])
    response = client.post(url, {"kind": RelationKind.IMPLEMENTS, "target": " 05-nq/đuk "})
    assert response.status_code == 302
    relation = DocumentRelation.objects.get()
    assert (relation.document, relation.kind, relation.target) == (plan, RelationKind.IMPLEMENTS, blocs)
    assert blocs.citation in client.get(plan.get_absolute_url()).text
    assert plan.citation in client.get(blocs.get_absolute_url()).text
    client.post(url, {"unrelate": relation.pk})
    assert not DocumentRelation.objects.exists()


def test_a_sibling_document_cannot_be_related_and_is_not_named(client, tree, officer_a):
    plan = make_document(tree.a, number="15-KH/ĐU")
    make_document(tree.b, number="07-KH/ĐU", title="kế hoạch Bí mật Sibling")
    client.force_login(officer_a)
    response = client.post(
        reverse("resolutions:document_relate", args=[plan.pk]), {"kind": "based_on", "target": "07-KH/ĐU"}
    )
    assert response.status_code == 200 and "target" in response.context["form"].errors
    assert "Bí mật Sibling" not in response.text
    assert not DocumentRelation.objects.exists()


def test_a_relation_of_another_document_is_not_removed_from_here(client, tree, officer_a):
    plan, other = make_document(tree.a, number="15-KH/ĐU"), make_document(tree.a, number="16-KH/ĐU")
    kept = DocumentRelation.objects.create(document=other, kind=RelationKind.BASED_ON, target=plan)
    client.force_login(officer_a)
    client.post(reverse("resolutions:document_relate", args=[plan.pk]), {"unrelate": kept.pk})
    assert DocumentRelation.objects.filter(pk=kept.pk).exists()


def test_a_file_is_checked_stored_and_sent_back_within_the_scope_only(client, tree, officer_a, officer_b_sibling):
    document = make_document(tree.a)
    client.force_login(officer_a)
    url = reverse("resolutions:document_file_upload", args=[document.pk])
    refused = client.post(url, {"title": "", "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf")})
    assert refused.status_code == 200 and "file" in refused.context["form"].errors
    client.post(url, {"title": "Toàn văn", "file": SimpleUploadedFile("toan-van.pdf", pdf_bytes())})
    stored = document.files.get()
    download = client.get(reverse("resolutions:document_file_download", args=[stored.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(officer_b_sibling)
    assert client.get(reverse("resolutions:document_file_download", args=[stored.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["resolutions:document_list", "resolutions:document_detail"])
def test_the_pages_cost_the_same_queries_with_many_more_documents(
    client, tree, officer_a, django_assert_max_num_queries, url_name
):
    blocs = directive(tree.root)
    plan = make_document(tree.a, number="15-KH/ĐU")
    DocumentRelation.objects.create(document=plan, kind=RelationKind.IMPLEMENTS, target=blocs)
    make_file(plan, officer_a)
    client.force_login(officer_a)
    url = reverse(url_name, **({"args": [plan.pk]} if url_name.endswith("detail") else {}))
    client.get(url)
    with django_assert_max_num_queries(99) as few:
        client.get(url)
    for number in range(30):
        committee = make_committee(tree.a, code=f"A-{number}", name=f"Chi bộ {number}")
        other = make_document(committee, number=f"{number}-KH/CB")
        DocumentRelation.objects.create(document=other, kind=RelationKind.IMPLEMENTS, target=plan)
        DocumentRelation.objects.create(document=plan, kind=RelationKind.BASED_ON, target=other)
        make_file(plan, officer_a, title=f"Phụ lục {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
