"""axe-core over every page each role reaches from the navigation, at desk and phone width: no serious or critical
finding (WCAG 2.2 A and AA rules).

axe-core is vendored for the tests (``tests/e2e/vendor/axe-core``) and evaluated in the page through the browser's
debugging protocol, which the page's Content-Security-Policy does not govern; the policy stays on for the page.
"""

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import Committee, Role
from opinion.models import Briefing
from resolutions.services.campaigns import campaign_start, default_steps
from tests.e2e.conftest import PHONE, sign_in
from tests.factories import make_collaborator, make_staff
from tests.opinion.factories_briefings import invite_one, make_briefing
from tests.opinion.factories_concerns import make_concern
from tests.opinion.factories_hotspots import make_hotspot
from tests.opinion.factories_reports import make_report
from tests.opinion.factories_trainings import make_training
from tests.resolutions.factories_documents import make_document

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FINDINGS = """async (rules) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: rules}});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({rule: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""


@pytest.fixture
def scene(tree, officer_a):
    """A record of each kind in committee A, and a collaborator of it with an account."""
    user = make_staff("ctv_hoa", tree.a1, Role.COLLABORATOR)
    hoa = make_collaborator(tree.a1, full_name="Lê Thị Hoa", user=user)
    make_report(hoa, reported_on=date(2026, 3, 5))
    held = make_briefing(tree.a, date(2026, 3, 10), status=Briefing.Status.HELD)
    invite_one(held, hoa)
    invite_one(make_briefing(tree.a, date(2026, 4, 14), status=Briefing.Status.SCHEDULED), hoa)
    make_training(tree.a)
    make_concern(tree.a, officer_a)
    make_hotspot(tree.a, officer_a)
    document = make_document(tree.root, issued_on=date(2026, 2, 20))
    held.campaign = campaign_start(
        by=None, committee=tree.root, title="Học tập Nghị quyết", starts_on=date(2026, 3, 1), documents=[document],
        steps=default_steps([Committee.Kind.UPPER_GRASSROOTS, Committee.Kind.GRASSROOTS_CELL]), directly_under=False,
    )  # fmt: skip
    _one_of_each_record(tree, officer_a, document)
    return held


def _one_of_each_record(tree, officer_a, document):
    """An activity, a commendation, a book and an inspection in A's branch, so that their pages are checked too."""
    from resolutions.models import Honoree
    from resolutions.services.activities import activity_create
    from resolutions.services.commendations import commendation_create
    from resolutions.services.inspections import inspection_plan
    from resolutions.services.publications import publication_create

    activity_create(by=officer_a, committee=tree.a, kind="theory_class", held_on=date(2026, 3, 2),
                    title="Lớp bồi dưỡng lý luận chính trị", participants=40, person_times=120, sessions=3,
                    documents=[document])  # fmt: skip
    commendation_create(by=officer_a, committee=tree.a1, honoree=Honoree.ORGANISATION, title="Chi bộ tiêu biểu",
                        year=2025, awarded_by=tree.a, issuer="Ban Thường vụ Đảng ủy", decision_number="12-QĐ/ĐU",
                        decision_date=date(2026, 1, 10), citation="Tiêu biểu")  # fmt: skip
    publication_create(by=officer_a, committee=tree.a, title="Tuyển tập gương tiêu biểu", publisher="Đảng ủy",
                       published_on=date(2026, 3, 1), year=2025)  # fmt: skip
    inspection_plan(by=officer_a, committee=tree.a1, inspected_by=tree.a, subject="Kiểm tra Chỉ thị 05",
                    planned_on=date(2026, 3, 25))  # fmt: skip
    _directive05(tree, officer_a)
    _report(tree)


def _report(tree):
    """The bloc's period for the first half, and A's report started for it."""
    from reports.services import period_open, report_start

    days = {"starts_on": date(2025, 12, 15), "ends_on": date(2026, 6, 14), "deadline": date(2026, 6, 20)}
    period = period_open(by=None, committee=tree.root, kind="half", year=2026, obliged_kinds=["upper_grassroots"],
                         **days)  # fmt: skip
    report_start(by=None, period=period, committee=tree.a)


def _directive05(tree, officer_a):
    """A year with its models, and criteria revised once, in A's branch."""
    from resolutions.services.directive05 import CriterionRow, ModelRow, criteria_revise, year_record

    models = [ModelRow("model", "Mô hình “Dân vận khéo”", "Lắng nghe người lao động")]
    year_record(by=officer_a, committee=tree.a1, year=2026, theme="Chuyên đề năm 2026", members_expected=25,
                members_with_plan=24, models=models)  # fmt: skip
    first = criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2024, 3, 1),
                            criteria=[CriterionRow("Trung thành với Đảng"), CriterionRow("Gần dân")])  # fmt: skip
    loyal, close = first.criteria.all()
    criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2026, 1, 5), criteria=[
        CriterionRow("Trung thành với Đảng", loyal.pk), CriterionRow("Nêu gương, nói đi đôi với làm")])  # fmt: skip


def directive05_pages(tree, username: str) -> list[str]:
    """A year's page and the criteria with their versions, reached from the overview, and A's report and its
    compilation; the forms (the report's text among them) for an officer."""
    from reports.models import Report
    from resolutions.models import FollowUpYear

    year = FollowUpYear.objects.get(committee=tree.a1)
    report = Report.objects.get()
    urls = [year.get_absolute_url(), reverse("resolutions:criteria_history", args=[tree.a.pk]),
            reverse("resolutions:directive05_overview") + "?committee=A",
            report.get_absolute_url(), reverse("reports:report_compiled", args=[report.pk])]  # fmt: skip
    if username == "officer_a":
        urls.append(reverse("reports:report_text", args=[report.pk]))
        urls += [reverse("resolutions:directive05_year_update", args=[year.pk]),
                 reverse("resolutions:directive05_year_create"),
                 reverse("resolutions:criteria_revise", args=[tree.a.pk])]  # fmt: skip
    return urls


def campaign_pages(campaign, username: str) -> list[str]:
    """The study campaign's pages reached from its board rather than from the menu, as each role may open them."""
    target = campaign.targets.get(committee__code="A")
    step = campaign.steps.get(target_kind=target.kind, kind="key_cadres")
    urls = [
        campaign.get_absolute_url() + "?status=overdue",
        reverse("resolutions:campaign_targets", args=[campaign.pk]) + "?step=key_cadres&status=overdue",
        target.get_absolute_url(),
    ]
    if username == "officer_a":
        urls.append(reverse("resolutions:step_report", args=[target.pk, step.pk]))
    if username == "bloc_staff":
        urls += [reverse("resolutions:campaign_steps", args=[campaign.pk]),
                 reverse("resolutions:campaign_urging", args=[target.pk])]  # fmt: skip
    return urls


def same_site_links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(link => link.getAttribute('href'))")
    return [href for href in hrefs if href and href.startswith("/") and not href.startswith("//")]


def pages_of(page) -> list[str]:
    """The pages the navigation offers (the menu and its groups), and the first record each list links to."""
    pages = same_site_links(page, "#main-nav a.nav-link, #main-nav a.dropdown-item")
    found = list(dict.fromkeys(pages))
    for url in pages:
        page.goto(url)
        records = same_site_links(page, "main table a, main .list-group a")
        found += [record for record in records[:1] if "export" not in record and record not in found]
    return [url for url in found if urlsplit(url).path not in ("/accounts/logout/",)]


def findings_on(page, url: str) -> list[dict]:
    page.goto(url)
    expect(page.locator("main")).to_be_visible()
    page.evaluate(AXE + ";0")
    return [{**finding, "page": url} for finding in page.evaluate(FINDINGS, RULES)]


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
@pytest.mark.parametrize("username", ["bloc_staff", "officer_a", "leader_a", "ctv_hoa"])
def test_no_page_has_a_serious_accessibility_finding(
    new_context, live_server, tree, scene, bloc_staff, leader_a, username
):
    desk = new_context().new_page()
    sign_in(desk, username)
    urls = pages_of(desk)
    assert len(urls) >= 5, urls
    urls = ["/", *(url for url in urls if url != "/")]  # the overview and its charts, whatever the menu holds
    if username != "ctv_hoa":  # the printed documents, reached from a briefing's page
        urls += [
            reverse("opinion:briefing_minutes_print", args=[scene.pk]),
            reverse("opinion:briefing_signin_sheet", args=[scene.pk]),
            *campaign_pages(scene.campaign, username),
            *directive05_pages(tree, username),
        ]
    findings = [finding for url in urls for finding in findings_on(desk, url)]
    phone = new_context(**PHONE).new_page()
    sign_in(phone, username)
    findings += [finding for url in urls for finding in findings_on(phone, url)]
    assert not findings, "\n".join(map(str, findings))
