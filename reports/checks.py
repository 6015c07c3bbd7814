"""What a report's figures and text should be looked at for before its leader signs: figures that cannot be (more
attended than invited, more studied than the members, rates over 100 %), a committee under it that reported more
than the whole, steps reported done before the document they carry out existed, every rate at 100 %, numbers the
text no longer says as the figures have them, and text left to write. The leader may sign anyway, saying why."""

from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.formatting import number, rate
from reports.figures import annex
from reports.models import Report, ReportVersion
from reports.narrative import TO_WRITE, mismatches, outline, parts_of
from reports.selectors import children_signed
from resolutions.models import PartyDocument, StepReport


@dataclass(frozen=True)
class Finding:
    message: str
    url: str = ""


def _impossible(current: dict) -> list[Finding]:
    """Figures a part of which is larger than its whole."""
    found = []
    pairs = [
        ("briefings", "attended", "invited", _("More collaborators attended the briefings (%(part)s) than were invited "
                                               "(%(whole)s).")),
        ("concerns", "resolved_in_time", "resolved", _("More concerns were resolved in time (%(part)s) than were "
                                                       "resolved (%(whole)s).")),
        ("directive05", "members_with_plan", "members_expected", _("More members wrote a follow-up plan "
                                                                   "(%(part)s) than were expected to (%(whole)s).")),
        ("directive05", "plans", "recorded", _("More committees have a Directive 05 plan (%(part)s) than recorded "
                                               "the year (%(whole)s).")),
    ]  # fmt: skip
    for section, part, whole, message in pairs:
        figures = current.get(section, {})
        if figures.get(part, 0) > figures.get(whole, 0):
            found.append(Finding(message % {"part": number(figures[part]), "whole": number(figures.get(whole, 0))}))
    study = current.get("study", {})
    for line in study.get("by_campaign", []):
        if line["studied"] > line["expected"]:
            found.append(Finding(
                _("%(campaign)s: more members studied (%(part)s) than the members less those exempt (%(whole)s).")
                % {"campaign": line["title"], "part": number(line["studied"]), "whole": number(line["expected"])},
                reverse("resolutions:campaign_detail", args=[line["campaign"]]),
            ))  # fmt: skip
    done = sum(study.get(name, 0) for name in ("on_time", "late", "attended_above", "not_applicable"))
    if done > study.get("steps_due", 0):
        found.append(Finding(_("More campaign steps were settled (%(part)s) than were due (%(whole)s).")
                             % {"part": number(done), "whole": number(study.get("steps_due", 0))}))  # fmt: skip
    return found


def _all_full(current: dict) -> list[Finding]:
    """Every rate the report shows at 100 %: rarely true; worth a second look before it is signed."""
    briefings, concerns = current.get("briefings", {}), current.get("concerns", {})
    directive05, study = current.get("directive05", {}), current.get("study", {})
    rates = [
        rate(briefings.get("attended", 0), briefings.get("invited", 0)),
        rate(briefings.get("held", 0), briefings.get("due", 0)),
        rate(concerns.get("resolved_in_time", 0), concerns.get("resolved", 0)),
        rate(directive05.get("members_with_plan", 0), directive05.get("members_expected", 0)),
        *(rate(line["studied"], line["expected"]) for line in study.get("by_campaign", [])),
    ]
    rates = [value for value in rates if value is not None]
    if len(rates) >= 3 and all(value == 100 for value in rates):
        return [Finding(_("Every rate in the report is 100%: make sure the figures were reported, not assumed."))]
    return []


def _beyond_parent(report: Report, snapshot: dict) -> list[Finding]:
    """Figures a committee under this one signed that are larger than this report's own for its whole subtree."""
    sections = report.period.sections
    mine = {(line.section, line.label): line.current for line in annex(snapshot, sections)}
    found = []
    for child, figures in children_signed(report):
        if figures is None:
            continue
        for line in annex({"current": figures, "year_before": {}, "one_before": {}}, sections):
            if line.current > mine.get((line.section, line.label), line.current):
                found.append(Finding(
                    _("%(committee)s signed %(part)s for “%(figure)s”, more than this report's %(whole)s for the "
                      "whole.") % {"committee": child.committee.name, "part": number(line.current),
                                   "figure": line.label, "whole": number(mine[(line.section, line.label)])},
                    child.get_absolute_url(),
                ))  # fmt: skip
    return found


def _before_documents(report: Report) -> list[Finding]:
    """Campaign steps the subtree reported done in the window before the first document they carry out was issued."""
    window = report.period.window
    # Only a campaign whose first document was issued after the window began can have steps done before it.
    firsts = (
        PartyDocument.objects.filter(campaigns__isnull=False)
        .order_by()
        .values("campaigns")
        .annotate(first=Min("issued_on"))
        .filter(first__gt=window.start)
        .values_list("campaigns", "first")
    )
    early = Q(pk__in=[])
    for campaign, first in firsts:
        early |= Q(step__campaign=campaign, done_on__lt=first)
    early = (
        StepReport.objects.filter(early, target__committee__path__startswith=report.committee.path)
        .filter(done_on__range=(window.start, window.end))
        .order_by()
        .values("step__campaign", "step__campaign__title")
        .annotate(n=Count("pk"))
    )
    return [
        Finding(
            _("%(campaign)s: %(count)s steps reported done before the document they carry out was issued.")
            % {"campaign": row["step__campaign__title"], "count": number(row["n"])},
            reverse("resolutions:campaign_detail", args=[row["step__campaign"]]),
        )
        for row in early
    ]


def _text(period, narrative: dict, current: dict) -> list[Finding]:
    found = [
        Finding(
            _("%(part)s: the text no longer says %(figure)s for “%(label)s” (it was written %(written)s).")
            % {"part": mismatch.title, "figure": mismatch.figure, "label": mismatch.label, "written": mismatch.written}
        )
        for mismatch in mismatches(narrative, current)
    ]
    texts = parts_of(narrative)
    for heading in outline(period):
        if TO_WRITE in texts[heading.part.key]:
            found.append(Finding(_("%(part)s: there is still text to write (“…”).") % {"part": heading.part.title}))
    return found


def findings(report: Report, version: ReportVersion, snapshot: dict) -> list[Finding]:
    """Everything worth a look in ``version`` of ``report`` with the figures ``snapshot`` (``compared``'s)."""
    current = snapshot["current"]
    return [
        *_impossible(current),
        *_all_full(current),
        *_beyond_parent(report, snapshot),
        *_before_documents(report),
        *_text(report.period, version.narrative, current),
    ]
