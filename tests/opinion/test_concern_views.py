"""Concern pages: lists and their filters, the detail with its steps, creating and editing, who may do what."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from committees.models import Committee, Role
from opinion.models import Concern
from opinion.services import concerns as services
from tests.conftest import verified
from tests.factories import make_committee, make_staff
from tests.opinion.factories_concerns import make_concern

pytestmark = pytest.mark.django_db
Status = Concern.Status
LIST_URLS = ["opinion:concern_list", "opinion:concern_overdue", "opinion:concern_mine"]


@pytest.fixture(autouse=True)
def english(settings):
    # Check the page texts in English: the Vietnamese translations are made separately.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def late(committee, owner, **fields):
    return make_concern(committee, owner, received_on=timezone.localdate() - timedelta(days=90), **fields)


def post_step(client, concern, status, htmx=False, **data):
    payload = {"status": status, **{f"{status}-{name}": value for name, value in data.items()}}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("opinion:concern_transition", args=[concern.pk]), payload, headers=headers)


# --- Lists ------------------------------------------------------------------------------------------------------


def test_the_list_shows_the_concerns_in_scope_only(client, tree, officer_a, officer_b_sibling):
    mine = make_concern(tree.a, officer_a, content="Kiến nghị về nhà ở công vụ")
    make_concern(tree.b, officer_b_sibling, content="Kiến nghị của Ngân hàng")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:concern_list"))
    assert list(response.context["concerns"]) == [mine]
    assert "nhà ở công vụ" in response.text and "Ngân hàng" not in response.text.replace("Ngân hàng Nhà nước", "")


def test_the_list_searches_without_accents(client, tree, officer_a):
    wanted = make_concern(tree.a, officer_a, content="Đề nghị chi trả tiền làm thêm giờ")
    make_concern(tree.a, officer_a, content="Phản ánh đi muộn về sớm")
    client.force_login(officer_a)
    for query in ("tien lam them", "TIỀN LÀM THÊM"):
        response = client.get(reverse("opinion:concern_list"), {"q": query})
        assert list(response.context["concerns"]) == [wanted]


def test_the_list_filters_by_status_channel_category_committee_and_overdue(client, tree, officer_a, bloc_staff):
    received = make_concern(tree.a, officer_a, channel="letter", category="rights")
    advising = services.concern_start_advising(concern=late(tree.a, officer_a), by=officer_a)
    at_root = make_concern(tree.root, bloc_staff, channel="dialogue")
    client.force_login(bloc_staff)
    url = reverse("opinion:concern_list")

    def pks(**query):
        return {c.pk for c in client.get(url, query).context["concerns"]}

    assert pks() == {received.pk, advising.pk, at_root.pk}
    assert pks(status="advising") == {advising.pk}
    assert pks(channel="letter") == {received.pk}
    assert pks(channel="dialogue") == {at_root.pk}
    assert pks(category="rights") == {received.pk}
    assert pks(committee="tai chinh") == {received.pk, advising.pk}  # "Đảng ủy Bộ Tài chính", without accents
    assert pks(committee="A") == {received.pk, advising.pk}  # by its code, with the committees under it
    assert pks(committee="khoi") == {received.pk, advising.pk, at_root.pk}  # the bloc and everything under it
    assert pks(overdue="on") == {advising.pk}
    assert pks(overdue="on", status="received") == set()


def test_the_overdue_page_lists_open_concerns_past_their_deadline(client, tree, officer_a):
    overdue = late(tree.a, officer_a)
    make_concern(tree.a, officer_a)
    services.concern_refuse(concern=late(tree.a, officer_a), by=officer_a, reason="Trùng")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:concern_overdue"))
    assert list(response.context["concerns"]) == [overdue]
    assert "overdue" in response.text


def test_my_concerns_are_those_i_own(client, tree, officer_a, bloc_staff):
    mine = make_concern(tree.a, officer_a)
    make_concern(tree.a, bloc_staff, by=officer_a)
    client.force_login(officer_a)
    assert list(client.get(reverse("opinion:concern_mine")).context["concerns"]) == [mine]


def test_my_concerns_list_the_open_ones_first_nearest_deadline_first(client, tree, officer_a):
    today = timezone.localdate()
    resolved = make_concern(tree.a, officer_a, received_on=today - timedelta(days=60))
    services.concern_start_advising(concern=resolved, by=officer_a)
    services.concern_resolve(concern=resolved, by=officer_a, outcome="Đã giải quyết dứt điểm")
    later = make_concern(tree.a, officer_a, received_on=today - timedelta(days=2))
    sooner = make_concern(tree.a, officer_a, received_on=today - timedelta(days=20))
    advising = make_concern(tree.a, officer_a, received_on=today - timedelta(days=10))
    services.concern_start_advising(concern=advising, by=officer_a)
    client.force_login(officer_a)
    assert list(client.get(reverse("opinion:concern_mine")).context["concerns"]) == [sooner, advising, later, resolved]


def test_the_list_pages_keep_the_filters_in_the_page_links(client, tree, officer_a):
    for i in range(30):
        make_concern(tree.a, officer_a, content=f"Kiến nghị số {i}", channel="letter")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:concern_list"), {"channel": "letter", "q": "kien nghi"})
    assert response.context["paginator"].count == 30
    assert "?channel=letter&amp;q=kien+nghi&amp;page=2" in response.text
    second = client.get(reverse("opinion:concern_list"), {"channel": "letter", "q": "kien nghi", "page": 2})
    assert len(second.context["concerns"]) == 5
    assert client.get(reverse("opinion:concern_list"), {"page": 99}).context["page_obj"].number == 2


def test_a_collaborator_sees_no_concern(client, tree, officer_a, collaborator_a):
    concern = make_concern(tree.a1, officer_a)
    client.force_login(collaborator_a)
    assert client.get(reverse("opinion:concern_list")).status_code == 403  # not a page of theirs
    assert client.get(reverse("opinion:concern_detail", args=[concern.pk])).status_code == 404


# --- Detail and steps -------------------------------------------------------------------------------------------


def test_the_detail_shows_content_timeline_and_only_the_allowed_steps(client, tree, officer_a):
    concern = make_concern(tree.a, officer_a, content="Đề nghị cải tạo nhà ăn", raised_by="Phạm Thu Hà")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:concern_detail", args=[concern.pk]))
    assert response.status_code == 200
    assert "Đề nghị cải tạo nhà ăn" in response.text and "Phạm Thu Hà" in response.text
    assert [step.status_to for step in response.context["timeline"]] == [Status.RECEIVED]
    assert [f.status for f in response.context["step_forms"]] == ["advising", "forwarded", "not_accepted"]
    assert 'name="resolved-outcome"' not in response.text
    assert reverse("opinion:concern_update", args=[concern.pk]) in response.text


def test_an_officer_takes_a_concern_through_advising_to_resolved(client, tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    client.force_login(officer_a)
    response = post_step(client, concern, "advising", note="Đã báo cáo Thường trực")
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    response = client.get(concern.get_absolute_url())
    assert [f.status for f in response.context["step_forms"]] == ["resolved", "forwarded", "not_accepted"]
    response = post_step(client, concern, "resolved", outcome="Đã chi trả trong tháng")
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.outcome) == (Status.RESOLVED, "Đã chi trả trong tháng")
    assert [(s.status_to, s.by) for s in concern.transitions.all()] == [
        ("received", officer_a),
        ("advising", officer_a),
        ("resolved", officer_a),
    ]
    page = client.get(concern.get_absolute_url())
    assert page.context["step_forms"] == [] and "Đã chi trả trong tháng" in page.text
    assert reverse("opinion:concern_update", args=[concern.pk]) not in page.text


def test_resolving_without_an_outcome_shows_the_error_and_keeps_the_concern_open(client, tree, officer_a):
    concern = services.concern_start_advising(concern=make_concern(tree.a, officer_a), by=officer_a)
    client.force_login(officer_a)
    response = post_step(client, concern, "resolved", outcome="  ")
    assert response.status_code == 200
    [form] = [f for f in response.context["step_forms"] if f.status == "resolved"]
    assert form.errors == {"outcome": ["Write the outcome: how the concern was resolved."]}
    assert "Write the outcome" in response.text
    assert Concern.objects.get(pk=concern.pk).status == Status.ADVISING


def test_with_htmx_an_error_swaps_the_actions_and_success_reloads_the_page(client, tree, officer_a):
    concern = services.concern_start_advising(concern=make_concern(tree.a, officer_a), by=officer_a)
    client.force_login(officer_a)
    response = post_step(client, concern, "not_accepted", htmx=True, reason="")
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="concern-actions"' in response.text
    assert "Write why the concern is not accepted." in response.text
    assert 'id="choose-not_accepted" data-one-open open>' in response.text  # the step sent back is open
    assert 'id="choose-resolved" data-one-open>' in response.text  # the others closed
    response = post_step(client, concern, "not_accepted", htmx=True, reason="Trùng nội dung")
    assert response["HX-Redirect"] == concern.get_absolute_url()
    assert Concern.objects.get(pk=concern.pk).status == Status.NOT_ACCEPTED


def test_a_step_the_workflow_does_not_allow_is_refused_with_a_message(client, tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    client.force_login(officer_a)
    response = post_step(client, concern, "resolved", outcome="Đã giải quyết")
    assert response.status_code == 302
    page = client.get(concern.get_absolute_url())
    assert "cannot become" in page.text
    assert Concern.objects.get(pk=concern.pk).status == Status.RECEIVED
    assert post_step(client, concern, "reopened").status_code == 302
    assert Concern.objects.get(pk=concern.pk).status == Status.RECEIVED


def test_forwarding_from_the_page_to_a_sibling_leaves_the_new_concern_out_of_sight(
    client, tree, officer_a, officer_b_sibling, bloc_staff
):
    concern = make_concern(tree.a, officer_a)
    client.force_login(officer_a)
    response = client.get(concern.get_absolute_url())
    [forward] = [f for f in response.context["step_forms"] if f.status == "forwarded"]
    assert list(forward.fields["to_committee"].queryset) == [tree.root, tree.b]
    response = post_step(client, concern, "forwarded", to_committee=tree.b.pk, note="Thuộc đơn vị bạn")
    assert response.status_code == 302
    forwarded = Concern.objects.get(committee=tree.b)
    assert forwarded.owner == officer_b_sibling
    page = client.get(concern.get_absolute_url())
    assert page.context["forwarded_as"] is None
    assert forwarded.get_absolute_url() not in page.text
    assert client.get(forwarded.get_absolute_url()).status_code == 404
    assert forwarded not in client.get(reverse("opinion:concern_list")).context["concerns"]

    client.force_login(officer_b_sibling)
    page = client.get(forwarded.get_absolute_url())
    assert page.status_code == 200 and page.context["forwarded_from"] is None  # A's concern is not B's business

    client.force_login(bloc_staff)
    page = client.get(concern.get_absolute_url())
    assert page.context["forwarded_as"] == forwarded
    assert client.get(forwarded.get_absolute_url()).context["forwarded_from"] == concern


def test_forwarding_to_a_committee_not_offered_is_refused(client, tree, officer_a, bloc_staff):
    concern = make_concern(tree.a, officer_a)
    client.force_login(officer_a)
    response = post_step(client, concern, "forwarded", to_committee=tree.b1.pk)  # a cell
    assert response.status_code == 200 and "to_committee" in response.context["step_forms"][1].errors
    assert Concern.objects.count() == 1


# --- Creating and editing ---------------------------------------------------------------------------------------


def concern_data(tree, owner, **overrides):
    return {
        "committee": tree.a.code,
        "channel": "cell_meeting",
        "category": "wages",
        "content": "Kiến nghị sớm chi trả phụ cấp",
        "raised_by": "Vũ Đức Hải",
        "owner": owner.pk,
        "received_on": "23/11/2026",
        "deadline": "",
        **overrides,
    }


def test_an_officer_creates_a_concern_with_the_default_deadline(client, tree, officer_a):
    client.force_login(officer_a)
    form = client.get(reverse("opinion:concern_create")).context["form"]
    assert list(form.fields["committee"].queryset) == [tree.a]  # party cells are left out
    assert list(form.fields["owner"].queryset) == [officer_a]
    response = client.post(reverse("opinion:concern_create"), concern_data(tree, officer_a))
    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    assert (concern.committee, concern.owner, concern.raised_by) == (tree.a, officer_a, "Vũ Đức Hải")
    assert concern.received_on == date(2026, 11, 23)
    assert concern.deadline == services.concern_deadline(date(2026, 11, 23))
    assert concern.transitions.get().by == officer_a


def test_a_name_typed_for_an_anonymous_concern_is_dropped(client, tree, officer_a):
    client.force_login(officer_a)
    client.post(reverse("opinion:concern_create"), concern_data(tree, officer_a, is_anonymous="on"))
    concern = Concern.objects.get()
    assert concern.is_anonymous and concern.raised_by == ""


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:concern_create"),
        concern_data(tree, officer_a, received_on="31/02/2026", content="Nội dung đã gõ"),
    )
    assert response.status_code == 200
    assert "received_on" in response.context["form"].errors
    assert "Nội dung đã gõ" in response.text and "31/02/2026" in response.text
    assert not Concern.objects.exists()


def test_an_owner_from_another_committee_is_refused(client, tree, officer_a, bloc_staff):
    sub = make_committee(tree.a, code="A2", name="Đảng ủy Cục Thuế", kind=Committee.Kind.UPPER_GRASSROOTS)
    officer_a2 = make_staff("officer_a2", sub, Role.OFFICER)
    client.force_login(officer_a)
    response = client.post(reverse("opinion:concern_create"), concern_data(tree, officer_a2))
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not Concern.objects.exists()


def test_an_open_concern_is_edited_and_a_closed_one_is_not(client, tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    client.force_login(officer_a)
    url = reverse("opinion:concern_update", args=[concern.pk])
    form = client.get(url).context["form"]
    assert "committee" not in form.fields
    data = {
        "channel": "letter", "category": "rights", "content": "Nội dung đã sửa", "raised_by": "",
        "owner": officer_a.pk, "received_on": concern.received_on.strftime("%d/%m/%Y"), "deadline": "31/12/2026",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.content, concern.channel, concern.deadline) == ("Nội dung đã sửa", "letter", date(2026, 12, 31))

    services.concern_refuse(concern=concern, by=officer_a, reason="Trùng")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    assert client.post(url, {**data, "content": "Lần nữa"}).status_code == 302
    assert Concern.objects.get(pk=concern.pk).content == "Nội dung đã sửa"


# --- Who may do what --------------------------------------------------------------------------------------------


def test_a_leader_reads_but_takes_no_step_and_edits_nothing(client, tree, officer_a, leader_a):
    concern = make_concern(tree.a, officer_a)
    client.force_login(leader_a)
    response = client.get(concern.get_absolute_url())
    assert response.status_code == 200
    assert response.context["step_forms"] == [] and 'id="concern-actions"' not in response.text
    assert reverse("opinion:concern_update", args=[concern.pk]) not in response.text
    assert client.get(reverse("opinion:concern_list")).context["can_add"] is False
    assert post_step(client, concern, "advising").status_code == 403
    assert client.get(reverse("opinion:concern_update", args=[concern.pk])).status_code == 403
    assert client.get(reverse("opinion:concern_create")).status_code == 403
    assert client.post(reverse("opinion:concern_create"), concern_data(tree, officer_a)).status_code == 403
    assert Concern.objects.get().status == Status.RECEIVED and Concern.objects.count() == 1


@pytest.mark.parametrize("name", ["opinion:concern_detail", "opinion:concern_update", "opinion:concern_transition"])
def test_a_sibling_committees_concern_does_not_exist_for_an_officer(client, tree, officer_a, officer_b_sibling, name):
    concern = make_concern(tree.b, officer_b_sibling)
    client.force_login(officer_a)
    url = reverse(name, args=[concern.pk])
    assert client.get(url).status_code == 404
    # The detail page takes no POST at all (405 for any number); the others find nothing to change.
    assert client.post(url, {"status": "advising"}).status_code == (405 if name == "opinion:concern_detail" else 404)
    assert Concern.objects.get(pk=concern.pk).status == Status.RECEIVED


def test_a_sibling_concern_is_in_no_list_of_an_officer(client, tree, officer_a, officer_b_sibling):
    late(tree.b, officer_b_sibling, content="Bí mật của đơn vị bạn")
    client.force_login(officer_a)
    for name in LIST_URLS:
        response = client.get(reverse(name), {"q": "bi mat"})
        assert response.context["paginator"].count == 0
        assert "Bí mật của đơn vị bạn" not in response.text


# --- Anonymity --------------------------------------------------------------------------------------------------


def test_an_anonymous_concern_shows_no_name_in_list_detail_or_admin(client, tree, officer_a, admin_user):
    concern = late(tree.a, officer_a, is_anonymous=True, raised_by="Hoàng Bí Danh")
    services.concern_update(concern=concern, by=officer_a, content="Phản ánh về thái độ phục vụ")
    client.force_login(officer_a)
    pages = [reverse(name) for name in LIST_URLS] + [concern.get_absolute_url()]
    for url in pages:
        response = client.get(url)
        assert "Bí Danh" not in response.text, url
        assert "Anonymous" in response.text, url
    verified(client, admin_user)
    for url in (
        reverse("admin:opinion_concern_changelist"),
        reverse("admin:opinion_concern_change", args=[concern.pk]),
        reverse("admin:opinion_concern_history", args=[concern.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and "Bí Danh" not in response.text, url
    assert "anonymous" in client.get(reverse("admin:opinion_concern_changelist")).text


# --- Query counts ------------------------------------------------------------------------------------------------


def grow(tree, officer_a, bloc_staff, factor=10):
    """Ten times the concerns, with steps, forwards and other committees, to compare query counts."""
    for i in range(factor):
        sub = make_committee(tree.a, code=f"A-G{i}", name=f"Đảng ủy cơ sở {i}", kind=Committee.Kind.UPPER_GRASSROOTS)
        make_staff(f"officer_g{i}", sub, Role.OFFICER)
        concern = late(sub, officer_a, content=f"Kiến nghị {i}", is_anonymous=bool(i % 2))
        concern = services.concern_start_advising(concern=concern, by=officer_a)
        if i % 3 == 0:
            services.concern_forward(concern=concern, by=officer_a, to_committee=tree.a)
        late(tree.a, officer_a, content=f"Kiến nghị A {i}")


def concern_pages(tree, concern):
    return [
        reverse("opinion:concern_list"),
        reverse("opinion:concern_list") + "?q=kien+nghi&overdue=on&committee=tai+chinh&status=advising",
        reverse("opinion:concern_overdue"),
        reverse("opinion:concern_mine"),
        reverse("opinion:concern_detail", args=[concern.pk]),
        reverse("opinion:concern_update", args=[concern.pk]),
        reverse("opinion:concern_create"),
    ]


def test_query_counts_do_not_grow_with_the_data(client, tree, officer_a, bloc_staff, django_assert_max_num_queries):
    concern = late(tree.a, officer_a, content="Kiến nghị gốc")
    concern = services.concern_start_advising(concern=concern, by=officer_a)
    client.force_login(officer_a)
    small = {}
    for url in concern_pages(tree, concern):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        small[url] = len(captured.captured_queries)
    grow(tree, officer_a, bloc_staff)
    for url in concern_pages(tree, concern):
        with django_assert_max_num_queries(small[url], info=url):
            response = client.get(url)
        assert response.status_code == 200
    assert client.get(reverse("opinion:concern_list")).context["paginator"].count >= 20


def test_the_register_shows_the_latest_first_overdue_the_most_late_first_and_mine_the_open_first(
    client, tree, officer_a
):
    today = timezone.localdate()
    old = make_concern(tree.a, officer_a, received_on=today - timedelta(days=100))
    older = make_concern(tree.a, officer_a, received_on=today - timedelta(days=200))
    new = make_concern(tree.a, officer_a, received_on=today - timedelta(days=1))
    closed = services.concern_refuse(
        concern=make_concern(tree.a, officer_a, received_on=today - timedelta(days=300)), by=officer_a, reason="Trùng"
    )
    client.force_login(officer_a)

    def listed(name, **query):
        return list(client.get(reverse(name), query).context["concerns"])

    assert listed("opinion:concern_list") == [new, old, older, closed]
    assert listed("opinion:concern_overdue") == [older, old]
    assert listed("opinion:concern_mine") == [older, old, new, closed]
    response = client.get(reverse("opinion:concern_list"), {"status": "bogus"})
    assert response.status_code == 200 and "status" in response.context["filter_form"].errors
