"""The admin of concerns and dialogue sessions: flat lists, read-only steps, no name for anonymous concerns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opinion.models import Concern
from opinion.services import concerns as services
from tests.conftest import verified
from tests.opinion.factories_concerns import make_concern, make_dialogue

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:opinion_{model}_{view}", args=args)


def test_every_admin_page_of_the_area_loads(client, tree, officer_a, admin_user):
    dialogue = make_dialogue(tree.a, officer_a, questions=[{"content": "Câu hỏi tại hội nghị"}])
    concern = services.concern_start_advising(concern=dialogue.concerns.get(), by=officer_a)
    verified(client, admin_user)
    for url in (
        admin_url("concern", "changelist"),
        admin_url("concern", "change", concern.pk),
        admin_url("concern", "history", concern.pk),
        admin_url("dialogue", "changelist"),
        admin_url("dialogue", "change", dialogue.pk),
        admin_url("dialogue", "history", dialogue.pk),
        admin_url("concern", "changelist") + "?q=cau+hoi",
        admin_url("dialogue", "changelist") + "?q=hoi+nghi+doi+thoai",
    ):
        assert client.get(url).status_code == 200, url


def test_the_steps_are_shown_read_only_and_a_concern_is_not_added_in_the_admin(client, tree, officer_a, admin_user):
    concern = services.concern_start_advising(concern=make_concern(tree.a, officer_a), by=officer_a, note="Tham mưu")
    verified(client, admin_user)
    response = client.get(admin_url("concern", "change", concern.pk))
    assert "Tham mưu" in response.text
    assert 'name="transitions-0-note"' not in response.text  # shown, not editable
    assert 'name="status"' not in response.text  # steps are taken in the application
    assert client.get(admin_url("concern", "add")).status_code == 403


def test_the_admin_search_ignores_accents(client, tree, officer_a, admin_user):
    wanted = make_concern(tree.a, officer_a, content="Đề nghị cải tạo nhà ăn tập thể")
    make_concern(tree.a, officer_a, content="Phản ánh đi muộn")
    verified(client, admin_user)
    response = client.get(admin_url("concern", "changelist"), {"q": "nha an tap the"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_saving_an_anonymous_concern_in_the_admin_drops_the_name_everywhere(client, tree, officer_a, admin_user):
    concern = make_concern(tree.a, officer_a, raised_by="Ngô Hữu Nghĩa")
    verified(client, admin_user)
    data = {
        "committee": tree.a.pk, "channel": concern.channel, "is_anonymous": "on", "raised_by": "Ngô Hữu Nghĩa",
        "category": concern.category, "content": concern.content, "owner": officer_a.pk,
        "received_on": concern.received_on.strftime("%d/%m/%Y"), "deadline": concern.deadline.strftime("%d/%m/%Y"),
        "outcome": "", "dialogue": "",
        "transitions-TOTAL_FORMS": "1", "transitions-INITIAL_FORMS": "1", "transitions-MIN_NUM_FORMS": "0",
        "transitions-MAX_NUM_FORMS": "0", "transitions-0-id": concern.transitions.get().pk,
        "transitions-0-concern": concern.pk, "_save": "Save",
    }  # fmt: skip
    response = client.post(admin_url("concern", "change", concern.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    concern.refresh_from_db()
    assert concern.is_anonymous and concern.raised_by == ""
    assert not concern.history.exclude(raised_by="").exists()
    assert "Hữu Nghĩa" not in client.get(admin_url("concern", "history", concern.pk)).text
    assert "Hữu Nghĩa" not in client.get(admin_url("concern", "changelist")).text


def test_the_changelist_query_count_does_not_grow(client, tree, officer_a, admin_user, django_assert_max_num_queries):
    make_concern(tree.a, officer_a)
    make_dialogue(tree.a, officer_a, questions=[{"content": "Hỏi"}])
    verified(client, admin_user)
    small = {}
    for model in ("concern", "dialogue"):
        with CaptureQueriesContext(connection) as captured:
            client.get(admin_url(model, "changelist"))
        small[model] = len(captured.captured_queries)
    for i in range(10):
        make_concern(tree.a1, officer_a, content=f"Kiến nghị {i}")
        make_dialogue(tree.a, officer_a, title=f"Đối thoại {i}")
    for model in ("concern", "dialogue"):
        with django_assert_max_num_queries(small[model], info=model):
            client.get(admin_url(model, "changelist"))
    assert Concern.objects.count() == 12
