"""The progress board's figures, each a link to the committees behind it. A board of the whole bloc has thousands
of them: each cell is written by one tag rather than by a dozen template nodes."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.formatting import number, ratio
from resolutions.selectors.campaigns import targets_url

register = template.Library()


@register.simple_tag
def figure_url(board, row, step="", status="") -> str:
    """Where a figure of the board leads: the committees behind it (under the row's committee, taking ``step``, in
    ``status``, of the board's kind) — or, for the chosen committee's own row, its own steps."""
    if row.target_pk and row.committee.pk == board.committee.pk and row is not board.total:
        return _target_url(row.target_pk)
    return targets_url(board.campaign.pk, committee=row.committee.code, kind=board.kind, step=step, status=status)


@register.simple_tag
def board_cell(board, row, kind, cell) -> str:
    """One step of one row: done or not applicable of expected, then the late and the overdue, each a link."""
    if not cell.expected:
        return "—"
    html = format_html('<a href="{}">{}</a>', figure_url(board, row, kind), ratio(cell.settled, cell.expected))
    if cell.late:
        late = _("%(late)s late") % {"late": number(cell.late)}
        link = figure_url(board, row, kind, "late")
        html += format_html(' <a class="small text-body-secondary" href="{}">({})</a>', link, late)
    if cell.overdue:
        overdue = _("%(overdue)s overdue") % {"overdue": number(cell.overdue)}
        link = figure_url(board, row, kind, "overdue")
        html += format_html(' <a class="small text-danger" href="{}">({})</a>', link, overdue)
    return html


def _target_url(target_pk: int) -> str:
    return reverse("resolutions:campaign_target", args=[target_pk])
