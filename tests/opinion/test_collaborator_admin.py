"""The collaborator admin writes through the services: an addition is recorded as an establishment."""

import pytest
from django.urls import reverse

from opinion.models import Collaborator, CollaboratorStatusChange
from tests.opinion.factories_collaborators import make_collaborator

pytestmark = pytest.mark.django_db


def post_data(committee, **overrides):
    data = {
        "committee": committee.pk,
        "full_name": "Nguyễn Thị Lan",
        "birth_year": "1988",
        "gender": "female",
        "position": "Chuyên viên",
        "unit": "Vụ Tổng hợp",
        "phone": "0912 111 222",
        "email": "",
        "decision_number": "15-QĐ/ĐU",
        "decision_date": "05/02/2026",
        "decision_signer": "",
        "user": "",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_adding_a_collaborator_in_the_admin_records_the_establishment(admin_client, admin_user, tree):
    response = admin_client.post(reverse("admin:opinion_collaborator_add"), post_data(tree.a1))
    assert response.status_code == 302, response.context["adminform"].form.errors
    collaborator = Collaborator.objects.get()
    change = collaborator.status_changes.get()
    assert (change.kind, change.changed_by) == (CollaboratorStatusChange.Kind.ESTABLISH, admin_user)


def test_the_admin_refuses_what_the_services_refuse_with_a_message(admin_client, tree):
    response = admin_client.post(reverse("admin:opinion_collaborator_add"), post_data(tree.a1, birth_year="1850"))
    assert response.status_code == 200
    assert "birth_year" in response.context["adminform"].form.errors
    assert not Collaborator.objects.exists()


def test_the_admin_search_ignores_accents(admin_client, tree):
    make_collaborator(tree.a1, "Đặng Thị Thu Hà")
    response = admin_client.get(reverse("admin:opinion_collaborator_changelist"), {"q": "dang thi thu"})
    assert [c.full_name for c in response.context["cl"].result_list] == ["Đặng Thị Thu Hà"]
