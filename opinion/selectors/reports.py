"""Reads of opinion reports, within the reader's scope.

"Who has reported in a month" is defined here once: an active collaborator the reader may see, with or without an
opinion report dated in that calendar month. The *who has reported* page and the monthly digest read it.
"""

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from opinion.models import Collaborator, OpinionReport

REPORT_STATES = ("reported", "missing")


def collaborators_by_report(user, month: date, state: str = "") -> QuerySet:
    """The active collaborators ``user`` may see, each with ``reported`` (a report dated in ``month``), narrowed to
    those who have (``state="reported"``) or have not (``"missing"``) reported; any other state: all of them."""
    reported = OpinionReport.objects.in_month(month).filter(collaborator=OuterRef("pk"))
    collaborators = Collaborator.objects.visible_to(user).active().annotate(reported=Exists(reported))
    if state in REPORT_STATES:
        collaborators = collaborators.filter(reported=state == "reported")
    return collaborators.order_by("committee__path", "sort_name", "pk")


def collaborators_without_report(user, month: date) -> QuerySet:
    """Who has not reported in ``month``: the figure the digest counts and the page lists."""
    return collaborators_by_report(user, month, "missing")
