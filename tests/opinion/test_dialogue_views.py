"""Dialogue sessions: each question raised becomes a concern linked back to the session."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees.models import Committee, Role
from opinion.models import Concern, Dialogue
from opinion.services import concerns as services
from tests.factories import make_committee, make_staff
from tests.opinion.factories_concerns import make_dialogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def formset(*questions, total=5):
    data = {
        "questions-TOTAL_FORMS": str(total),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, question in enumerate(questions):
        data.update({f"questions-{i}-{name}": value for name, value in question.items()})
    return data


def session_data(tree, owner, **overrides):
    return {
        "committee": tree.a.code,
        "held_on": "20/11/2026",
        "title": "Đối thoại giữa Bí thư với đảng viên trẻ",
        "chair": "Đồng chí Lê Minh Châu, Bí thư Đảng ủy",
        "participants": "85",
        "summary": "",
        "owner": owner.pk if owner else "",
        **overrides,
    }


def test_each_question_of_a_new_session_becomes_a_concern_of_the_session(client, tree, officer_a):
    client.force_login(officer_a)
    data = session_data(tree, officer_a) | formset(
        {"content": "Đề nghị bố trí nhà ở công vụ", "category": "wages", "raised_by": "Đỗ Thanh Tâm"},
        {"content": "Hỏi về lộ trình sắp xếp bộ máy", "category": "organisation", "is_anonymous": "on",
         "raised_by": "Tên không được lưu"},
    )  # fmt: skip
    response = client.post(reverse("opinion:dialogue_create"), data)
    dialogue = Dialogue.objects.get()
    assert response.status_code == 302 and response["Location"] == dialogue.get_absolute_url()
    assert (dialogue.committee, dialogue.held_on, dialogue.participants) == (tree.a, date(2026, 11, 20), 85)
    concerns = list(dialogue.concerns.order_by("pk"))
    assert [c.content for c in concerns] == ["Đề nghị bố trí nhà ở công vụ", "Hỏi về lộ trình sắp xếp bộ máy"]
    assert {(c.channel, c.committee, c.owner, c.received_on, c.status) for c in concerns} == {
        (Concern.Channel.DIALOGUE, tree.a, officer_a, date(2026, 11, 20), Concern.Status.RECEIVED)
    }
    assert concerns[0].deadline == services.concern_deadline(date(2026, 11, 20))
    assert concerns[0].raised_by == "Đỗ Thanh Tâm"
    assert concerns[1].is_anonymous and concerns[1].raised_by == ""
    assert all(c.transitions.get().by == officer_a for c in concerns)


def test_a_session_without_questions_is_recorded_alone(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("opinion:dialogue_create"), session_data(tree, None) | formset())
    assert response.status_code == 302
    assert Dialogue.objects.count() == 1 and not Concern.objects.exists()


def test_questions_need_someone_to_follow_them_up(client, tree, officer_a):
    client.force_login(officer_a)
    data = session_data(tree, None) | formset({"content": "Câu hỏi đã gõ", "category": "work"})
    response = client.post(reverse("opinion:dialogue_create"), data)
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert "Câu hỏi đã gõ" in response.text
    assert not Dialogue.objects.exists() and not Concern.objects.exists()


def test_a_half_filled_question_is_an_error_and_nothing_is_saved(client, tree, officer_a):
    client.force_login(officer_a)
    data = session_data(tree, officer_a) | formset(
        {"content": "Câu hỏi đầy đủ", "category": "work"}, {"content": "", "category": "rights"}
    )
    response = client.post(reverse("opinion:dialogue_create"), data)
    assert response.status_code == 200
    assert response.context["questions"].errors[1] == {"content": ["This field is required."]}
    assert "Câu hỏi đầy đủ" in response.text and "Đối thoại giữa Bí thư" in response.text
    assert not Dialogue.objects.exists() and not Concern.objects.exists()


def test_an_invalid_session_keeps_the_questions_typed(client, tree, officer_a):
    client.force_login(officer_a)
    question = {"content": "Câu hỏi giữ lại", "category": "work"}
    data = session_data(tree, officer_a, participants="nhiều") | formset(question)
    response = client.post(reverse("opinion:dialogue_create"), data)
    assert response.status_code == 200 and "participants" in response.context["form"].errors
    assert "Câu hỏi giữ lại" in response.text
    assert not Dialogue.objects.exists()


def test_an_owner_outside_the_sessions_committee_line_is_refused(client, tree, officer_a):
    sub = make_committee(tree.a, code="A2", name="Đảng ủy Cục Thuế", kind=Committee.Kind.UPPER_GRASSROOTS)
    officer_a2 = make_staff("officer_a2", sub, Role.OFFICER)
    client.force_login(officer_a)
    data = session_data(tree, officer_a2) | formset({"content": "Câu hỏi", "category": "work"})
    response = client.post(reverse("opinion:dialogue_create"), data)
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    assert not Dialogue.objects.exists() and not Concern.objects.exists()


def test_editing_a_session_changes_it_and_adds_the_new_questions(client, tree, officer_a):
    dialogue = make_dialogue(tree.a, officer_a, questions=[{"content": "Câu hỏi đầu"}])
    client.force_login(officer_a)
    url = reverse("opinion:dialogue_update", args=[dialogue.pk])
    response = client.get(url)
    assert "committee" not in response.context["form"].fields and "Câu hỏi đầu" in response.text
    data = session_data(tree, officer_a, title="Tiêu đề mới", participants="90") | formset(
        {"content": "Câu hỏi thêm", "category": "other"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert (dialogue.title, dialogue.participants, dialogue.committee) == ("Tiêu đề mới", 90, tree.a)
    assert [c.content for c in dialogue.concerns.order_by("pk")] == ["Câu hỏi đầu", "Câu hỏi thêm"]


def test_the_session_page_lists_its_concerns_and_the_list_counts_them(client, tree, officer_a):
    dialogue = make_dialogue(
        tree.a, officer_a, questions=[{"content": "Hỏi về lương"}, {"content": "Hỏi về nhà ở", "is_anonymous": True}]
    )
    client.force_login(officer_a)
    response = client.get(dialogue.get_absolute_url())
    concerns = [(c.content, c.is_anonymous, c.raised_by) for c in response.context["concerns"]]
    assert concerns == [("Hỏi về lương", False, ""), ("Hỏi về nhà ở", True, "")]  # named only if the question says
    assert "Anonymous" in response.text
    assert reverse("opinion:dialogue_update", args=[dialogue.pk]) in response.text
    response = client.get(reverse("opinion:dialogue_list"))
    [row] = response.context["dialogues"]
    assert row.question_count == 2
    concern = dialogue.concerns.first()
    assert dialogue.get_absolute_url() in client.get(concern.get_absolute_url()).text


def test_the_session_list_searches_without_accents_within_the_scope(client, tree, officer_a, officer_b_sibling):
    mine = make_dialogue(tree.a, officer_a, title="Đối thoại về cải cách tiền lương")
    make_dialogue(tree.b, officer_b_sibling, title="Đối thoại về tiền lương ở Ngân hàng")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:dialogue_list"), {"q": "tien luong"})
    assert list(response.context["dialogues"]) == [mine]


def test_a_leader_reads_sessions_but_does_not_record_them(client, tree, officer_a, leader_a):
    dialogue = make_dialogue(tree.a, officer_a)
    client.force_login(leader_a)
    response = client.get(dialogue.get_absolute_url())
    assert response.status_code == 200 and response.context["can_change"] is False
    assert client.get(reverse("opinion:dialogue_list")).context["can_add"] is False
    assert client.get(reverse("opinion:dialogue_create")).status_code == 403
    assert client.get(reverse("opinion:dialogue_update", args=[dialogue.pk])).status_code == 403


@pytest.mark.parametrize("name", ["opinion:dialogue_detail", "opinion:dialogue_update"])
def test_a_sibling_committees_session_does_not_exist_for_an_officer(client, tree, officer_a, officer_b_sibling, name):
    dialogue = make_dialogue(tree.b, officer_b_sibling)
    client.force_login(officer_a)
    assert client.get(reverse(name, args=[dialogue.pk])).status_code == 404
    data = session_data(tree, officer_a, title="Đổi") | formset()
    assert client.post(reverse(name, args=[dialogue.pk]), data).status_code in (404, 405)
    assert Dialogue.objects.get().title != "Đổi"


def test_query_counts_do_not_grow_with_the_sessions(client, tree, officer_a, django_assert_max_num_queries):
    dialogue = make_dialogue(tree.a, officer_a, questions=[{"content": "Hỏi 1"}])
    urls = [
        reverse("opinion:dialogue_list"),
        reverse("opinion:dialogue_list") + "?q=doi+thoai",
        reverse("opinion:dialogue_detail", args=[dialogue.pk]),
        reverse("opinion:dialogue_update", args=[dialogue.pk]),
        reverse("opinion:dialogue_create"),
    ]
    client.force_login(officer_a)
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        small[url] = len(captured.captured_queries)
    for i in range(10):
        sub = make_committee(tree.a, code=f"A-G{i}", name=f"Đảng ủy cơ sở {i}", kind=Committee.Kind.UPPER_GRASSROOTS)
        make_staff(f"officer_g{i}", sub, Role.OFFICER)
        questions = [{"content": f"Hỏi {i}"}, {"content": "Hỏi thêm", "is_anonymous": True}]
        make_dialogue(sub, officer_a, questions=questions)
        services.concern_create(
            committee=tree.a, channel="dialogue", category="work", content=f"Thêm {i}", owner=officer_a, by=officer_a,
            dialogue=dialogue,
        )  # fmt: skip
    for url in urls:
        with django_assert_max_num_queries(small[url], info=url):
            assert client.get(url).status_code == 200
