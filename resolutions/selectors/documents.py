"""Reads of the party documents registry, within the reader's scope: their own committees' documents and those
their ancestors keep."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilterSet, SearchFilter
from resolutions.models import DocumentKind, Organ, PartyDocument


class DocumentFilterSet(ListFilterSet):
    q = SearchFilter(placeholder=_("Number, title or issuer"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices, empty_label=_("All kinds"))
    organ = django_filters.ChoiceFilter(label=_("Issuing organ"), choices=Organ.choices, empty_label=_("All organs"))
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="issued_on__year", empty_label=_("All years"))

    class Meta:
        model = PartyDocument
        fields = ["q", "kind", "organ", "year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]


def document_list(user, params) -> DocumentFilterSet:
    """The documents ``user`` may read, filtered by ``params``, the latest first; the years offered are those
    documents were issued in."""
    documents = PartyDocument.objects.visible_to(user)
    years = [day.year for day in documents.order_by().dates("issued_on", "year", order="DESC")]
    return DocumentFilterSet(params or None, queryset=documents.select_related("committee"), user=user, years=years)


DOCUMENTS_OFFERED = 200  # a form offers the latest the user may read; an older one is chosen from the admin


def documents_offered(user, *, kinds=None, keep=()):
    """The documents a form lets ``user`` pick: the latest ``DOCUMENTS_OFFERED`` they may read (of ``kinds``, when
    given), and those the record already has (``keep``, primary keys), the latest first."""
    readable = PartyDocument.objects.visible_to(user).order_by("-issued_on", "-pk")
    if kinds is not None:
        readable = readable.filter(kind__in=kinds)
    offered = [*readable.values_list("pk", flat=True)[:DOCUMENTS_OFFERED], *keep]
    return PartyDocument.objects.filter(pk__in=offered).order_by("-issued_on", "-pk")
