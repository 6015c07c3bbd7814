import zipfile
from datetime import date, timedelta
from io import BytesIO

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from committees.models import Role
from core.formatting import document_date
from core.pagination import ShallowPaginator
from opinion.models import Collaborator, OpinionReport, Topic
from opinion.summaries import monthly_summary
from tests.factories import make_collaborator, make_committee, make_staff
from tests.opinion.factories_reports import make_report

pytestmark = pytest.mark.django_db
NOW = "2026-03-20 10:00 +0700"


@pytest.fixture
def collaborator_a(tree):
    user = make_staff("ctv_a", tree.a1, Role.COLLABORATOR)
    return make_collaborator(tree.a1, full_name="Lê Thị Hoa", user=user)


@pytest.fixture
def other_collaborator_a(tree):
    return make_collaborator(tree.a1, full_name="Phạm Văn Nam")


@pytest.fixture
def topics():
    return list(Topic.objects.order_by("order"))


def form_data(all_topics, **overrides):
    data = {
        "reported_on": "18/03/2026",
        "topics": [all_topics[0].pk, all_topics[3].pk],
        "summary": "Nhiều ý kiến quan tâm lộ trình cải cách tiền lương.",
        "sentiment": "mixed",
        "spread": "unit",
        "confidentiality": "normal",
    }
    return {**data, **overrides}


@time_machine.travel(NOW)
def test_a_collaborator_files_a_report_from_the_phone_form(client, tree, collaborator_a, topics):
    client.force_login(collaborator_a.user)
    page = client.get(reverse("opinion:report_create"))
    assert page.status_code == 200 and "collaborator-search" not in page.text
    response = client.post(reverse("opinion:report_create"), form_data(topics, is_hot_spot="on"))
    report = OpinionReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert (report.collaborator, report.committee, report.entered_by) == (collaborator_a, tree.a1, collaborator_a.user)
    assert report.channel == OpinionReport.Channel.ONLINE and report.is_hot_spot
    assert set(report.topics.all()) == {topics[0], topics[3]}
    assert report.reported_on == date(2026, 3, 18)


@time_machine.travel(NOW)
def test_a_bad_report_is_explained_and_what_was_typed_is_kept(client, tree, collaborator_a, topics):
    client.force_login(collaborator_a.user)
    response = client.post(
        reverse("opinion:report_create"), form_data(topics, reported_on="25/03/2026", topics=[], sentiment="")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reported_on", "topics", "sentiment"}
    assert "Nhiều ý kiến quan tâm lộ trình cải cách tiền lương." in response.text
    assert not OpinionReport.objects.exists()


@time_machine.travel(NOW)
def test_a_paused_collaborator_cannot_file(client, tree, collaborator_a, topics):
    Collaborator.objects.filter(pk=collaborator_a.pk).update(status=Collaborator.Status.PAUSED)
    client.force_login(collaborator_a.user)
    response = client.post(reverse("opinion:report_create"), form_data(topics))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not OpinionReport.objects.exists()


@time_machine.travel(NOW)
def test_an_officer_enters_a_report_on_a_collaborators_behalf(client, tree, officer_a, other_collaborator_a, topics):
    client.force_login(officer_a)
    options = client.get(reverse("opinion:report_collaborator_search"), {"q": "pham van"})
    assert "Phạm Văn Nam" in options.text
    data = form_data(topics, collaborator=other_collaborator_a.pk, channel="phone")
    response = client.post(reverse("opinion:report_create"), data)
    assert response.status_code == 302
    report = OpinionReport.objects.get()
    assert (report.collaborator, report.entered_by, report.channel) == (other_collaborator_a, officer_a, "phone")


@time_machine.travel(NOW)
def test_an_officer_cannot_enter_a_report_for_a_sibling_collaborator(client, tree, officer_a, topics):
    sibling = make_collaborator(tree.b1, full_name="Người Bí mật Sibling")
    client.force_login(officer_a)
    assert "Sibling" not in client.get(reverse("opinion:report_collaborator_search"), {"q": "nguoi bi mat"}).text
    response = client.post(
        reverse("opinion:report_create"), form_data(topics, collaborator=sibling.pk, channel="phone")
    )
    assert response.status_code == 200 and "collaborator" in response.context["form"].errors
    assert not OpinionReport.objects.exists()


def test_leaders_read_reports_but_cannot_enter_or_change_them(client, tree, leader_a, collaborator_a):
    report = make_report(collaborator_a)
    client.force_login(leader_a)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("opinion:report_create")).status_code == 403
    assert client.get(reverse("opinion:report_update", args=[report.pk])).status_code == 403


def test_a_collaborator_sees_only_their_own_reports(client, tree, collaborator_a, other_collaborator_a):
    own = make_report(collaborator_a)
    other = make_report(other_collaborator_a, summary="Ý kiến của người khác")
    client.force_login(collaborator_a.user)
    listed = client.get(reverse("opinion:report_list"))
    assert list(listed.context["object_list"]) == [own]
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("opinion:report_summary")).status_code == 403


@time_machine.travel(NOW)
def test_an_officer_corrects_a_report_and_the_change_is_kept(client, tree, officer_a, collaborator_a, topics):
    report = make_report(collaborator_a)
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:report_update", args=[report.pk]), form_data(topics, summary="Đã chỉnh sửa nội dung.")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary == "Đã chỉnh sửa nội dung."
    assert report.history.count() == 2


def test_the_list_filters_by_month_topic_sentiment_committee_and_search(
    client, tree, bloc_staff, collaborator_a, topics
):
    b_collaborator = make_collaborator(tree.b1, full_name="Đỗ Minh Châu")
    march = make_report(collaborator_a, topics=[topics[1]], summary="Phản ánh về tham nhũng")
    make_report(collaborator_a, reported_on=date(2026, 2, 3), sentiment="negative")
    b_report = make_report(b_collaborator, sentiment="negative", summary="Đời sống khó khăn")
    client.force_login(bloc_staff)
    url = reverse("opinion:report_list")

    def listed(**params):
        return {r.pk for r in client.get(url, params).context["object_list"]}

    assert listed(month="2026-03") == {march.pk, b_report.pk}
    assert listed(topic=topics[1].pk) == {march.pk}
    assert listed(sentiment="negative", month="2026-03") == {b_report.pk}
    assert listed(committee="B") == {b_report.pk}  # the committee and those under it, chosen by code
    assert listed(committee="ngan hang") == {b_report.pk}  # or by name, without accents
    assert listed(q="THAM NHUNG") == {march.pk}


def test_the_list_marks_restricted_and_confidential_reports(client, bloc_staff, collaborator_a):
    make_report(collaborator_a, summary="Bình thường")
    make_report(collaborator_a, summary="Hạn chế", confidentiality=OpinionReport.Confidentiality.RESTRICTED)
    make_report(collaborator_a, summary="Mật", confidentiality=OpinionReport.Confidentiality.CONFIDENTIAL)
    client.force_login(bloc_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("opinion:report_list")).text
    assert text.count('<span class="badge text-bg-dark">confidential</span>') == 1
    assert text.count('<span class="badge text-bg-dark">restricted</span>') == 1
    assert '<span class="badge text-bg-dark">normal</span>' not in text


def test_a_list_longer_than_the_paginators_reach_says_so_and_stops_there(
    client, tree, bloc_staff, collaborator_a, monkeypatch
):
    """A million reports are counted and paged through the first few thousand only (``ShallowPaginator``)."""
    monkeypatch.setattr(ShallowPaginator, "max_rows", 30)
    for day in range(1, 32):
        make_report(collaborator_a, reported_on=date(2026, 3, 1) + timedelta(days=day))
    client.force_login(bloc_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("opinion:report_list")
    first = client.get(url)
    assert "More than 30 reports: the first 30 are listed." in first.text
    assert first.context["paginator"].num_pages == 2
    second = client.get(url, {"page": 2})
    assert len(second.context["object_list"]) == 5  # rows 26 to 30 of 31
    assert client.get(url, {"page": 3}).context["page_obj"].number == 2  # past the end: the last page
    narrowed = client.get(url, {"month": "2026-03"})  # 30 of them: counted exactly
    assert "30 reports" in narrowed.text and "More than" not in narrowed.text


def test_who_has_reported_this_month(client, tree, officer_a, collaborator_a, other_collaborator_a):
    make_report(collaborator_a, reported_on=date(2026, 3, 2))
    make_collaborator(tree.b1, full_name="Người Bí mật Sibling")
    client.force_login(officer_a)
    url = reverse("opinion:report_status")
    everyone = client.get(url, {"month": "2026-03"}).context["object_list"]
    assert {(c.full_name, c.reported) for c in everyone} == {("Lê Thị Hoa", True), ("Phạm Văn Nam", False)}
    missing = client.get(url, {"month": "2026-03", "state": "missing"}).context["object_list"]
    assert [c.full_name for c in missing] == ["Phạm Văn Nam"]


def test_the_monthly_summary_counts_by_topic_sentiment_committee_and_month(tree, bloc_staff, topics):
    a = make_collaborator(tree.a1, full_name="A")
    b = make_collaborator(tree.b1, full_name="B")
    make_report(a, topics=[topics[0], topics[2]], sentiment="negative", is_hot_spot=True)
    make_report(a, topics=[topics[0]], sentiment="positive")
    make_report(b, topics=[topics[2]], sentiment="negative")
    make_report(b, topics=[topics[2]], reported_on=date(2025, 12, 1))
    summary = monthly_summary(OpinionReport.objects.visible_to(bloc_staff), tree.root, date(2026, 3, 1))
    assert (summary.total, summary.negative, summary.hot_spots) == (3, 2, 1)
    by_topic = {row.label: row.count for row in summary.by_topic}
    assert by_topic[topics[0].name] == 2 and by_topic[topics[2].name] == 2 and by_topic[topics[1].name] == 0
    assert {row.label: row.count for row in summary.by_sentiment} == {"positive": 1, "mixed": 0, "negative": 2}
    assert [(row.label, row.count) for row in summary.by_branch] == [(tree.a.name, 2), (tree.b.name, 1)]
    trend = {row.label: row.count for row in summary.trend}
    assert len(trend) == 12 and trend["03/2026"] == 3 and trend["12/2025"] == 1 and trend["04/2025"] == 0


def test_the_summary_page_links_each_figure_to_its_reports(client, tree, officer_a, collaborator_a, topics):
    make_report(collaborator_a, topics=[topics[0]])
    client.force_login(officer_a)
    response = client.get(reverse("opinion:report_summary"), {"month": "2026-03"})
    assert response.context["summary"].committee == tree.a
    row = next(r for r in response.context["summary"].by_topic if r.count)
    drilled = client.get(row.url)
    assert [r.collaborator for r in drilled.context["object_list"]] == [collaborator_a]


def test_an_officer_cannot_summarise_a_sibling_committee(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("opinion:report_summary"), {"committee": tree.b.code})
    # Not found, exactly like a code that does not exist; nothing is summarised until the committee is corrected.
    [error] = response.context["form"].errors.as_data()["committee"]
    assert (error.code, error.params["value"]) == ("invalid_choice", "B")
    assert response.context["summary"] is None
    assert tree.b.name not in response.text
    assert client.get(reverse("opinion:report_summary_docx"), {"committee": tree.b.code}).status_code == 404


def test_the_summary_of_a_committee_chosen_by_name_links_to_its_reports(
    client, tree, officer_a, collaborator_a, topics
):
    make_report(collaborator_a, topics=[topics[0]])
    client.force_login(officer_a)
    response = client.get(reverse("opinion:report_summary"), {"committee": "vu tong hop", "month": "2026-03"})
    summary = response.context["summary"]
    assert (summary.committee, summary.total) == (tree.a1, 1)
    row = next(r for r in summary.by_topic if r.count)
    assert "committee=A1" in row.url and "month=2026-03" in row.url
    assert client.get(row.url).context["paginator"].count == 1


def test_the_summary_downloads_as_a_word_document_of_the_scope_only(client, tree, officer_a, collaborator_a, topics):
    make_report(collaborator_a, topics=[topics[0]])
    make_report(make_collaborator(tree.b1, full_name="B"), topics=[topics[0]])
    client.force_login(officer_a)
    response = client.get(reverse("opinion:report_summary_docx"), {"month": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tong-hop-du-luan-A-2026-03.docx"')
    document = zipfile.ZipFile(BytesIO(response.content)).read("word/document.xml").decode()
    assert tree.a.name in document and topics[0].name in document
    assert "Ngân hàng" not in document and "Bí mật" not in document
    assert f"Hà Nội, {document_date(timezone.localdate())}" in document  # the place of issue, not a name
    # A party report: the party's line, the issuing body under its superior, its kind and subject, Vietnamese.
    styles = zipfile.ZipFile(BytesIO(response.content)).read("word/styles.xml").decode()
    for line in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY BỘ TÀI CHÍNH", "BÁO CÁO", "Nơi nhận:",
                 "Tình hình tư tưởng, dư luận xã hội tháng 3/2026"):  # fmt: skip
        assert line in document
    assert 'w:val="vi-VN"' in styles


@pytest.mark.parametrize("url_name", ["opinion:report_list", "opinion:report_status", "opinion:report_summary"])
def test_report_pages_do_not_run_more_queries_with_more_data(
    client, tree, bloc_staff, collaborator_a, topics, django_assert_max_num_queries, url_name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_report(collaborator_a)
    client.force_login(bloc_staff)
    params = {"month": "2026-03"}
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name), params).status_code == 200
    for i in range(10):
        cell = make_committee(tree.a, code=f"G{i}", name=f"Chi bộ {i}")
        collaborator = make_collaborator(cell, full_name=f"Cộng tác viên {i}")
        for _ in range(3):
            make_report(collaborator, topics=topics[:2])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name), params).status_code == 200


def test_the_report_detail_query_count_does_not_depend_on_topics(
    client, tree, officer_a, collaborator_a, topics, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = make_report(collaborator_a, topics=topics[:1])
    many = make_report(collaborator_a, topics=topics)
    client.force_login(officer_a)
    with CaptureQueriesContext(connection) as small:
        client.get(one.get_absolute_url())
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(many.get_absolute_url()).status_code == 200


@time_machine.travel("2026-04-03 09:00 +0700", tick=False)
def test_the_summary_opens_on_the_last_complete_month_and_lists_committees_without_reports(
    client, tree, bloc_staff, collaborator_a
):
    make_report(collaborator_a, reported_on=date(2026, 3, 10))
    client.force_login(bloc_staff)
    response = client.get(reverse("opinion:report_summary"))
    summary = response.context["summary"]
    assert summary.month == date(2026, 3, 1)  # April has only begun
    assert [(row.label, row.count) for row in summary.by_branch] == [(tree.a.name, 1), (tree.b.name, 0)]
    assert tree.b.name in response.text.split('id="summary-by-committee"')[1]


def test_the_detail_names_each_field_as_the_form_does(client, tree, officer_a, collaborator_a):
    report = make_report(collaborator_a)
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    form = client.get(reverse("opinion:report_update", args=[report.pk])).text
    detail = client.get(report.get_absolute_url()).text
    for field in ("spread", "sentiment", "confidentiality", "topics", "is_hot_spot"):
        label = str(OpinionReport._meta.get_field(field).verbose_name)
        assert label.lower() in form.lower() and f">{label[0].upper()}{label[1:]}</dt>" in detail, field
