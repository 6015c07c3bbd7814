from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def figure_url(board, row, step="", status="") -> str:
    """Where a figure of the board leads: the committees behind it (under the row's committee, taking ``step``, in
    ``status``, of the board's kind) — or, for the chosen committee's own row, its own steps."""
    if row.target_pk and row.committee.pk == board.committee.pk and row is not board.total:
        return reverse("resolutions:campaign_target", args=[row.target_pk])
    query = {"committee": row.committee.code, "kind": board.kind, "step": step, "status": status}
    url = reverse("resolutions:campaign_targets", args=[board.campaign.pk])
    return f"{url}?{urlencode({name: value for name, value in query.items() if value})}"
