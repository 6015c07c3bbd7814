"""The figures of a report: every figure of a committee's subtree over a window, read through the one selector that
defines it (the pages, the digest and the overview call the same), gathered by section into plain data that can be
frozen when the report is signed, and set beside the same window a year before and the window before it."""

from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from core.calendar import add_months, month_start
from opinion.figures import (
    briefing_figures,
    collaborator_figures,
    concern_figures,
    dialogue_figures,
    hotspot_figures,
    opinion_report_figures,
    training_figures,
)
from opinion.models import OpinionReport
from resolutions.models import ActivityKind
from resolutions.selectors.activities import activity_figures
from resolutions.selectors.commendations import commendation_figures
from resolutions.selectors.directive05 import directive05_figures
from resolutions.selectors.inspections import inspection_figures
from resolutions.selectors.study import study_figures


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    read: Callable[[Committee, date, date], object]


def _commendations(committee: Committee, start: date, end: date):
    """Honoured for the year the window ends in: commendations are decided by the year."""
    return commendation_figures(committee, end.year)


SECTIONS = [
    Section("collaborators", _("Public-opinion collaborators"), collaborator_figures),
    Section("trainings", _("Trainings"), training_figures),
    Section("briefings", _("Monthly briefings"), briefing_figures),
    Section("opinion_reports", _("Opinion reports"), opinion_report_figures),
    Section("hot_spots", _("Hot spots"), hotspot_figures),
    Section("concerns", _("Concerns"), concern_figures),
    Section("dialogues", _("Dialogue sessions"), dialogue_figures),
    Section("study", _("Study of resolutions"), study_figures),
    Section("directive05", _("Directive 05"), directive05_figures),
    Section("inspections", _("Inspections"), inspection_figures),
    Section("commendations", _("Commendations"), _commendations),
    Section("activities", _("Activities"), activity_figures),
]


def plain(value):
    """A selector's answer as JSON-ready data: a dataclass as its fields, pairs as lists, a list of one figure per
    kind (the activities) as a mapping by kind."""
    if is_dataclass(value):
        return {name: plain(item) for name, item in asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list) and value and is_dataclass(value[0]) and hasattr(value[0], "kind"):
        return {item.kind: {k: v for k, v in asdict(item).items() if k != "kind"} for item in value}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def figures(committee: Committee, start: date, end: date) -> dict[str, dict]:
    """Every section's figures of ``committee``'s subtree from ``start`` to ``end`` (both days included)."""
    return {section.key: plain(section.read(committee, start, end)) for section in SECTIONS}


def shift_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), or the month's last day when it has fewer days."""
    first = add_months(month_start(day), months)
    return first.replace(day=min(day.day, monthrange(first.year, first.month)[1]))


@dataclass(frozen=True)
class Window:
    """A report's days, from ``start`` to ``end`` (both included), a whole number of months long: 15/12 to 14/6."""

    start: date
    end: date

    @property
    def months(self) -> int:
        after = self.end + timedelta(days=1)
        return (after.year - self.start.year) * 12 + after.month - self.start.month

    def year_before(self) -> "Window":
        return Window(shift_months(self.start, -12), shift_months(self.end + timedelta(days=1), -12) - timedelta(1))

    def one_before(self) -> "Window":
        """The window as long that ends the day before this one starts: the half before a half."""
        return Window(shift_months(self.start, -self.months), self.start - timedelta(days=1))


def compared(committee: Committee, window: Window) -> dict[str, dict]:
    """The figures of the window, of the same window a year before, and of the window before it (a year's window
    before it is the year before: read once)."""
    windows = {"current": window, "year_before": window.year_before(), "one_before": window.one_before()}
    read = {days: figures(committee, days.start, days.end) for days in set(windows.values())}
    return {when: read[days] for when, days in windows.items()}


LABELS = {
    "collaborators": {
        "active": _("Collaborators active at the end"), "appointed": _("Appointed in the period"),
        "ended": _("Ended in the period"), "committees_with_active": _("Committees with collaborators"),
        "networks_established": _("Committees that established their network"),
    },
    "trainings": {
        "trainings": _("Trainings held"), "own_trainings": _("Of which by the committee's own department"),
        "persons": _("Collaborators trained (persons)"),
        "person_times": _("Collaborators trained (person-times)"),
    },
    "briefings": {
        "due": _("Monthly briefings due"), "held": _("Monthly briefings held"),
        "own_held": _("Of which by the committee's own department"), "invited": _("Invitations"),
        "attended": _("Attended"), "excused": _("Excused"), "absent": _("Absent without excuse"),
    },
    "opinion_reports": {
        "reports": _("Opinion reports"), "possible_hot_spots": _("Flagged as possible hot spots"),
        "reporters": _("Collaborators who reported"),
    },
    "hot_spots": {
        "opened": _("Hot spots opened"), "resolved": _("Hot spots resolved"), "open_at_end": _("Open at the end"),
    },
    "concerns": {
        "received": _("Concerns received"), "resolved": _("Resolved"), "resolved_in_time": _("Resolved in time"),
        "overdue": _("Overdue at the end"),
    },
    "dialogues": {"sessions": _("Dialogue sessions"), "participants": _("Participants")},
    "study": {
        "documents_issued": _("Party documents issued"), "campaigns": _("Campaigns with steps due"),
        "steps_due": _("Campaign steps due"), "on_time": _("Done on time"), "late": _("Done late"),
        "attended_above": _("Attended at the higher level"), "not_applicable": _("Not applicable"),
        "studied": _("Members who studied"), "members_expected": _("Members expected to study"),
        "reflections": _("Written reflections"), "articles": _("Articles, posts and bulletins"),
    },
    "directive05": {
        "recorded": _("Committees that recorded the year"), "plans": _("With their plan"),
        "members_with_plan": _("Members with a follow-up plan"),
        "members_expected": _("Members expected to write a plan"),
        "models": _("Exemplary models"), "criteria_revised": _("Committees that revised their criteria"),
    },
    "inspections": {
        "planned": _("Inspections planned"), "done": _("Inspections done"), "concluded": _("With a conclusions notice"),
        "followed_up": _("Requirements met"),
    },
    "commendations": {"organisations": _("Organisations honoured"), "members": _("Members honoured")},
    "activities": {
        "activities": _("Held"), "participants": _("Participants (persons)"),
        "person_times": _("Participants (person-times)"), "sessions": _("Sessions or classes"),
        "items": _("Articles, posts or bulletins"),
    },
}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One line of the annex: a figure in the window, the same window a year before, and the window before."""

    section: str
    label: str
    current: int
    year_before: int
    one_before: int

    @property
    def change(self) -> float | None:
        """The change on a year before, in percent (none when there was nothing a year before)."""
        return (self.current - self.year_before) * 100.0 / self.year_before if self.year_before else None


def entries(key: str, snapshot: dict[str, dict]) -> list[tuple[str, tuple]]:
    """(label, where the figure is in a section's data) of each line of a section, in order."""
    labels = LABELS.get(key, {})
    if key == "activities":
        return [(f"{kind_label}: {label}", (kind, name)) for kind, kind_label in ActivityKind.choices
                for name, label in labels.items()]  # fmt: skip
    entries = [(str(label), (name,)) for name, label in labels.items()]
    if key == "study":
        titles = dict.fromkeys(
            line["title"] for figures in snapshot.values() for line in figures.get(key, {}).get("by_campaign", [])
        )
        for title in titles:
            entries.append((f"{title}: {_('members who studied')}", ("by_campaign", title, "studied")))
            entries.append((f"{title}: {_('members expected')}", ("by_campaign", title, "expected")))
    if key == "opinion_reports":
        for pairs, prefix in (("by_sentiment", _("Sentiment")), ("by_topic", _("Topic"))):
            names = dict.fromkeys(
                name for figures in snapshot.values() for name, _n in figures.get(key, {}).get(pairs, [])
            )
            for name in names:
                shown = OpinionReport.Sentiment(name).label if pairs == "by_sentiment" else name
                entries.append((f"{prefix}: {shown}", (pairs, name)))
    return entries


WHEN = ("current", "year_before", "one_before")


def annex(snapshot: dict[str, dict], sections: Sequence[str] | None = None) -> list[Line]:
    """The lines of ``compared``'s figures (live or as frozen), section by section, in the sections' order; only
    those of ``sections`` (keys) when given: the areas the period's reports cover."""
    lines = []
    for section in SECTIONS:
        if sections is not None and section.key not in sections:
            continue
        for label, path in entries(section.key, snapshot):
            values = [dig(snapshot[when].get(section.key, {}), path) for when in WHEN]
            lines.append(Line(str(section.title), label, *values))
    return lines


def dig(figures, path: Sequence) -> int:
    """The figure at ``path``: keys of mappings, the name of a (name, count) pair, or the title of a line of a list;
    0 where there is none (a figure a snapshot signed before it existed does not hold)."""
    for step in path:
        if isinstance(figures, dict):
            figures = figures.get(step, 0)
        elif isinstance(figures, list):
            lines = (line for line in figures if isinstance(line, dict) and line.get("title") == step)
            figures = next(lines, None) or dict(pair for pair in figures if isinstance(pair, list)).get(step, 0)
    return figures or 0
