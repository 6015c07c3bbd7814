"""The hostile values seen answered with a server error, each now refused with a message or a 400 and nothing saved.
The fuzz tests (tests/test_hostile_parameters.py, tests/test_hostile_forms.py) keep every page so; these name the
cases and what the user reads."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from committees.models import Committee
from core.validators import MAX_HEADCOUNT, visible_text
from opinion.models import Collaborator, Concern
from tests.factories import make_committee
from tests.opinion.test_concern_views import concern_data

pytestmark = pytest.mark.django_db

BAD_REQUEST_TEXT = "Không hiểu được yêu cầu"
DATE_RANGE_TEXT = "Nhập ngày trong khoảng từ 03/02/1930"


@pytest.mark.parametrize(
    "url",
    [
        "/committees/suggest/?q=%00",
        "/opinion/concerns/?committee=%00",
        "/opinion/reports/status/?committee=abc%00",
        "/opinion/collaborators/?q=Hoa%00",
        "/opinion/%00/",
    ],
)
def test_a_nul_byte_anywhere_is_a_bad_request_explained_in_vietnamese(client, bloc_staff, url):
    client.force_login(bloc_staff)
    response = client.get(url)
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.text


def test_a_nul_byte_in_a_posted_field_saves_nothing(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("committees:headcount", args=[tree.a1.pk]),
        {
            "party_members": "31",
            "exempt_members": "0",
            "cadres": "4\x005",
            "employees": "60",
            "headcount_date": "01/06/2026",
        },
    )
    assert response.status_code == 400
    assert Committee.objects.get(pk=tree.a1.pk).party_members == 25


@time_machine.travel("2026-06-15 09:00 +0700")
@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1929-12", f"{10**30}-01", "2026-13"])
@pytest.mark.parametrize("name", ["opinion:report_status", "opinion:report_summary"])
def test_a_month_out_of_range_is_explained_and_lists_nothing(client, bloc_staff, name, month):
    client.force_login(bloc_staff)
    response = client.get(reverse(name), {"month": month})
    assert response.status_code == 200
    assert DATE_RANGE_TEXT in response.text or "Nhập một ngày hợp lệ" in response.text


@time_machine.travel("2026-06-15 09:00 +0700")
@pytest.mark.parametrize("month", ["9999-12", "0001-01", f"{10**30}-01"])
def test_the_calendar_asked_for_a_month_out_of_range_shows_this_month(client, bloc_staff, month):
    client.force_login(bloc_staff)
    response = client.get(reverse("opinion:briefing_calendar"), {"month": month})
    assert response.status_code == 200
    assert response.context["month"].isoformat() == "2026-06-01"


@time_machine.travel("2026-06-15 09:00 +0700")
def test_the_briefing_list_asked_for_a_day_out_of_range_explains_it(client, bloc_staff):
    client.force_login(bloc_staff)
    response = client.get(reverse("opinion:briefing_list"), {"on": "31/12/9999"})
    assert response.status_code == 200
    assert DATE_RANGE_TEXT in response.text


@time_machine.travel("2026-06-15 09:00 +0700")
@pytest.mark.parametrize("received_on", ["31/12/9999", "01/01/0001", "02/02/1930", "16/06/2036"])
def test_a_concern_received_on_an_implausible_date_is_refused_and_kept_as_typed(client, tree, officer_a, received_on):
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:concern_create"),
        concern_data(tree, officer_a, received_on=received_on),
    )
    assert response.status_code == 200
    assert "received_on" in response.context["form"].errors
    assert f'value="{received_on}"' in response.text
    assert not Concern.objects.exists()


@time_machine.travel("2026-06-15 09:00 +0700")
def test_a_concern_received_on_the_party_s_founding_day_is_accepted(client, tree, officer_a):
    client.force_login(officer_a)
    client.post(
        reverse("opinion:concern_create"),
        concern_data(tree, officer_a, received_on="03/02/1930"),
    )
    assert Concern.objects.get().received_on.isoformat() == "1930-02-03"


@pytest.mark.parametrize("value", ["²", "١٢", "1e3", str(10**30)])
def test_a_digit_that_is_not_a_number_where_an_id_is_expected_is_not_found(client, tree, bloc_staff, value):
    client.force_login(bloc_staff)
    assert client.get(f"/committees/{value}/").status_code == 404
    response = client.post(reverse("opinion:report_create"), {"topics": [value]})
    assert response.status_code == 200


@time_machine.travel("2026-06-15 09:00 +0700")
def test_a_head_count_above_the_bound_is_refused_and_nothing_is_saved(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("committees:headcount", args=[tree.a1.pk]),
        {
            "party_members": str(MAX_HEADCOUNT + 1),
            "exempt_members": "0",
            "cadres": "4" * 30,
            "employees": "60",
            "headcount_date": "01/06/2026",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"party_members", "cadres"}
    assert Committee.objects.get(pk=tree.a1.pk).party_members == 25


def test_subtree_totals_hold_more_than_a_32_bit_number(tree):
    """Three hundred committees at the largest head count sum past 2**31: the totals are 64-bit."""
    for index in range(300):
        make_committee(tree.a, code=f"BIG{index}", name=f"Đảng bộ lớn {index}", party_members=MAX_HEADCOUNT)
    assert Committee.objects.get(pk=tree.root.pk).subtree_party_members == 3 + 10 + 25 + 7 + 30 + 300 * MAX_HEADCOUNT


@pytest.mark.parametrize(
    "name, code",
    [
        ("\u200b\u200b", "invisible"),
        ("   \u00a0", "invisible"),
        ("\u0301\u0301", "invisible"),
        ("\u202eevil", "control_characters"),
        ("Nguyễn\x07 Văn A", "control_characters"),
        ("Nguyễn\u2066Văn A", "control_characters"),
    ],
)
def test_a_name_of_invisible_or_control_characters_is_refused(name, code):
    with pytest.raises(ValidationError) as refused:
        visible_text(name)
    assert refused.value.code == code


@pytest.mark.parametrize("name", ["Nguyễn Văn A", "Đảng ủy Khối\n(cơ quan)", "Lê\tThị B", "A"])
def test_a_name_a_person_types_is_accepted(name):
    visible_text(name)


def test_a_collaborator_named_with_invisible_characters_is_not_added(client, tree, officer_a):
    from tests.opinion.test_collaborator_views import form_data

    client.force_login(officer_a)
    response = client.post(reverse("opinion:collaborator_create"), form_data(full_name="\u200b\u200b\u200b"))
    assert response.status_code == 200
    assert "Hãy nhập chữ nhìn thấy được" in response.text
    assert not Collaborator.objects.exists()


def test_the_admin_refuses_a_committee_named_with_a_direction_override(admin_client, tree):
    from tests.forms import admin_save

    response = admin_save(admin_client, Committee, tree.a1, name="\u202eevil")
    assert response.status_code == 200
    assert Committee.objects.get(pk=tree.a1.pk).name == "Chi bộ Vụ Tổng hợp"


@pytest.mark.parametrize("length", [str(25 * 1024 * 1024), "9" * 40, "9" * 5000])
def test_a_body_declared_larger_than_any_upload_is_refused_unread(client, officer_a, length):
    client.force_login(officer_a)
    response = client.generic(
        "POST", reverse("opinion:collaborator_import"), b"x", content_type="text/plain", CONTENT_LENGTH=length
    )
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.text


def test_the_error_pages_speak_vietnamese_in_the_applications_look(client, tree, officer_a, leader_a, settings):
    settings.DEBUG = False
    client.force_login(officer_a)
    missing = client.get(reverse("committees:detail", args=[tree.b.pk]))  # a sibling's: not found, as any other
    assert missing.status_code == 404
    assert "Trang này không tồn tại" in missing.text and 'id="error-page"' in missing.text
    client.force_login(leader_a)
    refused = client.get(reverse("committees:headcount", args=[tree.a1.pk]))
    assert refused.status_code == 403
    assert "Vai trò của bạn không cho phép thao tác này" in refused.text
    # The 500 and 503 pages use no context (the database may be what failed): their templates, as they are sent.
    for template, heading in (("500.html", "Hệ thống gặp sự cố"), ("503.html", "Hệ thống tạm ngừng trong giây lát")):
        page = render_to_string(template)
        assert heading in page and 'lang="vi"' in page and 'lang="en"' in page
