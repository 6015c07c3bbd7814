"""Time every page of the committee tree for the demo accounts, against the configured database.

    DATABASE_URL=postgres://.../tuyengiao python manage.py seed_demo --scale national
    DATABASE_URL=postgres://.../tuyengiao python bench/pages.py [--runs 20]

Prints, per page and account, the median and 95th-percentile time and the number of SQL queries. Requests go
through the whole Django stack in-process (Django's test client), so the figures exclude only the network; a page
is timed until its whole body is written (the exports included: ``--only export`` times just those).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from committees.models import Committee  # noqa: E402
from core import stamps  # noqa: E402


def first_pk(model, committee: Committee, field: str = "committee__path") -> int:
    """The first record of ``model`` (a model or a queryset) owned in ``committee``'s subtree."""
    records = model.objects.all() if isinstance(model, type) else model
    records = records.filter(**{f"{field}__startswith": committee.path}).order_by("pk")
    return records.values_list("pk", flat=True)[0]


def opinion_pages(sub: Committee) -> dict[str, str]:
    """The public-opinion pages, each list as it first opens and one record of each kind in ``sub``."""
    from opinion import models as o

    # The last complete month: every scale's demo has reports in it, so a page reads the same rows at each.
    month = {"month": f"{date.today().replace(day=1) - timedelta(days=1):%Y-%m}"}
    rates = reverse("opinion:briefing_attendance_rates")
    reports = reverse("opinion:report_list")
    return {
        "collaborators": reverse("opinion:collaborator_list"),
        "collaborators who attended the last briefing": f"{reverse('opinion:collaborator_list')}?attended=yes",
        "collaborators who missed the last briefing": f"{reverse('opinion:collaborator_list')}?attended=no",
        "collaborator profile": reverse("opinion:collaborator_detail", args=[first_pk(o.Collaborator, sub)]),
        "collaborator export (CSV, whole list)": f"{reverse('opinion:collaborator_export')}?format=csv",
        "collaborator export (XLSX, whole list)": f"{reverse('opinion:collaborator_export')}?format=xlsx",
        "opinion reports": reverse("opinion:report_list"),
        "opinion reports on a topic": f"{reports}?topic={o.Topic.objects.order_by('order')[0].pk}",
        "possible hot spots (reports)": f"{reports}?hot_spot=on",
        "opinion reports, last page": f"{reports}?page=100",
        "report": reverse("opinion:report_detail", args=[first_pk(o.OpinionReport, sub)]),
        "who has reported": f"{reverse('opinion:report_status')}?{urlencode(month)}",
        "who has reported: those who have": f"{reverse('opinion:report_status')}?{urlencode(month)}&state=reported",
        "who has reported: those who have not": f"{reverse('opinion:report_status')}?{urlencode(month)}&state=missing",
        "who has reported, by committee": f"{reverse('opinion:report_reporting')}?{urlencode(month)}",
        "who has reported, by committee, lowest rate first": (
            f"{reverse('opinion:report_reporting')}?{urlencode(month)}&order=rate"
        ),
        "who has not reported (XLSX export)": (
            f"{reverse('opinion:report_status_export')}?{urlencode(month)}&state=missing&format=xlsx"
        ),
        "monthly summary": f"{reverse('opinion:report_summary')}?{urlencode(month)}",
        "trainings": reverse("opinion:training_list"),
        "briefings": reverse("opinion:briefing_list"),
        "briefing calendar": reverse("opinion:briefing_calendar"),
        "briefing": reverse("opinion:briefing_detail", args=[first_pk(o.Briefing, sub)]),
        "attendance rates per collaborator": rates,
        "attendance rates per committee": f"{rates}?by=committee",
        "rates per collaborator, lowest first": f"{rates}?order=rate",
        "rates per committee, lowest first": f"{rates}?by=committee&order=rate",
        "rates export (XLSX, per committee)": f"{reverse('opinion:briefing_rates_export')}?by=committee&format=xlsx",
        "concerns": reverse("opinion:concern_list"),
        "overdue concerns": reverse("opinion:concern_overdue"),
        "my concerns": reverse("opinion:concern_mine"),
        "concern (open)": reverse(
            "opinion:concern_detail",
            args=[first_pk(o.Concern.objects.filter(status__in=["received", "advising"]), sub)],
        ),
        "hot spots": reverse("opinion:hotspot_list"),
        "dialogues": reverse("opinion:dialogue_list"),
        **document_pages(sub),
    }


def document_pages(sub: Committee) -> dict[str, str]:
    """The party documents registry, as read from a subordinate committee (its own and the bloc's)."""
    from resolutions.models import PartyDocument

    documents = reverse("resolutions:document_list")
    return {
        "party documents": documents,
        "party documents: 'chi thi 05'": f"{documents}?q=chi+thi+05",
        "party documents: plans": f"{documents}?kind=plan",
        "party document": reverse("resolutions:document_detail", args=[first_pk(PartyDocument, sub)]),
        "new document form": reverse("resolutions:document_create"),
    }


def campaign_pages(sub: Committee, *, organiser: bool) -> dict[str, str]:
    """The study campaigns, as their list opens; the one with the most committees taking part (its board, filtered,
    downloaded), its board under ``sub``, the part of it ``sub`` takes and its forms; for the organiser's staff, the
    steps page and the urging letter."""
    from django.db.models import Count

    from resolutions.models import Campaign, CampaignTarget

    campaign = Campaign.objects.annotate(n=Count("targets")).order_by("-n", "pk").first()
    target = CampaignTarget.objects.filter(campaign=campaign, committee=sub).first()
    pages = {
        "campaigns": reverse("resolutions:campaign_list"),
        "campaign board": campaign.get_absolute_url(),
        "campaign board under a subordinate committee": f"{campaign.get_absolute_url()}?committee={sub.code}",
        "campaign board: overdue committees only": f"{campaign.get_absolute_url()}?status=overdue",
        "campaign: committees behind a figure": reverse("resolutions:campaign_targets", args=[campaign.pk])
        + "?step=members&status=late",
        "campaign board export": reverse("resolutions:campaign_board_export", args=[campaign.pk]) + "?format=xlsx",
        "campaign: a target's steps": reverse("resolutions:campaign_target", args=[target.pk]),
        "campaign: step report form": reverse(
            "resolutions:step_report", args=[target.pk, campaign.steps.filter(target_kind=target.kind).first().pk]
        ),
        "new campaign form": reverse("resolutions:campaign_start"),
    }
    if organiser:
        pages |= {
            "campaign: steps and deadlines form": reverse("resolutions:campaign_steps", args=[campaign.pk]),
            "campaign: urging form": reverse("resolutions:campaign_urging", args=[target.pk]),
            "campaign: urging letter (Word)": reverse("resolutions:campaign_urging_letter", args=[campaign.pk]),
        }
    return pages


def record_pages(sub: Committee) -> dict[str, str]:
    """Directive 05 (the overview of the reader's scope and of ``sub``, a year, the criteria) and the lists of the
    department's other records."""
    from django.utils import timezone

    from resolutions.models import FollowUpYear

    overview = reverse("resolutions:directive05_overview")
    year = FollowUpYear.objects.filter(committee=sub, year=timezone.localdate().year).first()
    return {
        "directive 05 overview": overview,
        "directive 05 overview under a subordinate committee": f"{overview}?committee={sub.code}",
        "directive 05 overview of 2017": f"{overview}?year=2017",
        "directive 05 year": year.get_absolute_url(),
        "directive 05 year form": reverse("resolutions:directive05_year_update", args=[year.pk]),
        "directive 05 criteria": reverse("resolutions:criteria_history", args=[sub.pk]),
        "activities": reverse("resolutions:activity_list"),
        "commendations": reverse("resolutions:commendation_list"),
        "publications": reverse("resolutions:publication_list"),
        "inspections": reverse("resolutions:inspection_list"),
    }


def report_pages(root: Committee, sub: Committee) -> dict[str, str]:
    """The reports of the demo's periods: the bloc's own being compiled now (its figures read live), a signed one
    (frozen), the list of reports owed, the compilation and the files."""
    from reports.models import Report, ReportStatus

    draft = Report.objects.filter(committee=root, status=ReportStatus.DRAFT).order_by("-period__ends_on").first()
    signed = Report.objects.filter(committee=root).exclude(status=ReportStatus.DRAFT).order_by("-period__ends_on")
    signed = signed.first()
    received = Report.objects.filter(committee=sub, status=ReportStatus.RECEIVED).order_by("-period__ends_on").first()
    return {
        "report: the bloc's being compiled (live)": draft.get_absolute_url(),
        "report: the bloc's signed (frozen)": signed.get_absolute_url(),
        "report: a subordinate's received": received.get_absolute_url(),
        "report: period with the reports owed": signed.period.get_absolute_url(),
        "report: compiled from those received": reverse("reports:report_compiled", args=[signed.pk]),
        "report: Word file of the signed": reverse("reports:report_docx", args=[signed.pk]),
        "report: annex workbook of the signed": reverse("reports:report_xlsx", args=[signed.pk]),
    }


AFRESH = "overview, its figures read afresh (after a write)"


def pages(root: Committee, sub: Committee, cell: Committee) -> dict[str, dict[str, str]]:
    """What each demo account opens: the pages of its scope."""
    tree = reverse("committees:tree")
    suggest = reverse("committees:suggest")
    own = {
        "overview": reverse("home"),
        AFRESH: reverse("home"),
        "tree": tree,
        "search 'chi bo van phong'": f"{tree}?q=chi+bo+van+phong",
        "search 'dang bo' (many results)": f"{tree}?q=dang+bo",
        "committee detail": reverse("committees:detail", args=[sub.pk]),
        "branch children": reverse("committees:children", args=[sub.pk]),
        "cell detail": reverse("committees:detail", args=[cell.pk]),
        "head count form": reverse("committees:headcount", args=[cell.pk]),
        "picker: nothing typed": suggest,
        "picker: 'chi bo' (many)": f"{suggest}?q=chi+bo",
        "picker: 'van phong'": f"{suggest}?q=van+phong",
        "picker: a code": f"{suggest}?q={cell.code}",
        "picker: committees only": f"{suggest}?q=dang+bo&cells=0",
        "new collaborator form": reverse("opinion:collaborator_create"),
        "new concern form": reverse("opinion:concern_create"),
        **opinion_pages(sub),
        **record_pages(sub),
    }
    bloc = {
        **own,
        **campaign_pages(sub, organiser=True),
        **report_pages(root, sub),
        "root detail": reverse("committees:detail", args=[root.pk]),
        "root children": reverse("committees:children", args=[root.pk]),
    }
    return {"bantuyengiao": bloc, "canbo.db001": {**own, **campaign_pages(sub, organiser=False)}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", default="", help="time only the pages whose name contains this text")
    parser.add_argument(
        "--skip", action="append", default=[], help="leave out the pages whose name contains this text (repeatable)"
    )
    args = parser.parse_args()
    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = ["*"]
    root = Committee.objects.get(depth=1)
    sub = Committee.objects.get(code="DB001")
    cell = Committee.objects.filter(path__startswith=sub.path, depth=3).first()
    print(f"{connection.vendor}: {Committee.objects.count():,} committees, {args.runs} runs per page\n")
    print(f"{'account':<14} {'page':<50} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username, urls in pages(root, sub, cell).items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for name, url in urls.items():
            if args.only not in name or any(text in name for text in args.skip):
                continue
            timings = []
            for _ in range(args.runs):
                if name == AFRESH:
                    stamps.touch(None)  # as after a write: what the cache held is not read
                reset_queries()
                started = time.perf_counter()
                response = client.get(url)
                response.getvalue()  # a streamed response (an export) is only written as it is read
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            queries = len(connection.queries)
            p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
            print(f"{username:<14} {name:<50} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
