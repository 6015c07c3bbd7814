"""Reads of concerns and dialogue sessions, always within the reader's scope (``visible_to``)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from committees.models import Committee, StaffProfile
from core.calendar import month_days
from core.filters import ListFilterSet, MonthFilter, SearchFilter
from opinion.models import Concern, ConcernTransition, Dialogue
from opinion.services.concerns import OWNER_ROLES

User = get_user_model()


def concern_detail(user) -> QuerySet[Concern]:
    return Concern.objects.visible_to(user).select_related("committee", "owner", "dialogue")


def concern_timeline(concern: Concern) -> QuerySet[ConcernTransition]:
    return concern.transitions.select_related("by").order_by("at", "pk")


def concern_forwarded_as(concern: Concern, user) -> Concern | None:
    """The concern this one was forwarded as, if the user may see it (the target may be outside their scope)."""
    if concern.forwarded_to_id is None:
        return None
    return Concern.objects.visible_to(user).select_related("committee").filter(pk=concern.forwarded_to_id).first()


def concern_forwarded_from(concern: Concern, user) -> Concern | None:
    """The concern this one was opened from by forwarding, if the user may see it."""
    return Concern.objects.visible_to(user).select_related("committee").filter(forwarded_to=concern).first()


def owner_choices(user, committee: Committee | None = None) -> QuerySet:
    """Staff accounts (officers, bloc staff) within the user's scope who may own concerns: of ``committee`` or of
    the committees above it when it is given."""
    profiles = StaffProfile.objects.visible_to(user).filter(role__in=OWNER_ROLES, user__is_active=True)
    if committee is not None:
        profiles = profiles.filter(committee__path__in=[committee.path, *committee.ancestor_paths()])
    return (
        User.objects.filter(profile__in=profiles)
        .select_related("profile__committee")
        .order_by("profile__committee__path", "sort_name", "pk")
    )


class ConcernFilterSet(ListFilterSet):
    form_id = "concern-filters"

    q = SearchFilter()
    status = django_filters.ChoiceFilter(label=_("status"), choices=Concern.Status.choices)
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Concern.Channel.choices)
    category = django_filters.ChoiceFilter(label=_("category"), choices=Concern.Category.choices)
    committee = CommitteeSubtreeFilter(
        label=_("party committee"), help_text=_("Concerns of this committee and of those under it.")
    )
    overdue = django_filters.BooleanFilter(label=_("overdue only"), method="filter_overdue", widget=forms.CheckboxInput)
    due_soon = django_filters.BooleanFilter(
        label=_("due within a week"), method="filter_due_soon", widget=forms.CheckboxInput
    )
    received = MonthFilter(label=_("received in"), method="received_in")
    resolved = MonthFilter(label=_("resolved in"), method="resolved_in")

    class Meta:
        model = Concern
        fields = ["q", "status", "channel", "category", "committee", "overdue", "due_soon", "received", "resolved"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_due_soon(self, queryset, name, value):
        return queryset.due_soon(timezone.localdate()) if value else queryset

    def received_in(self, queryset, name, value):
        return queryset.received_between(*month_days(value))

    def resolved_in(self, queryset, name, value):
        return queryset.resolved_between(*month_days(value))


def concern_list(user, params, *, narrow=None, ordering=("-received_on", "-pk")) -> ConcernFilterSet:
    """The concerns ``user`` may see (``narrow``-ed: overdue, mine), in ``ordering``, filtered by ``params``."""
    concerns = Concern.objects.visible_to(user).select_related("committee", "owner")
    if narrow is not None:
        concerns = narrow(concerns)
    return ConcernFilterSet(params or None, queryset=concerns.order_by(*ordering), user=user)


class DialogueFilterSet(ListFilterSet):
    form_id = "dialogue-filters"

    q = SearchFilter()

    class Meta:
        model = Dialogue
        fields = ["q"]


def dialogue_list(user, params) -> DialogueFilterSet:
    """The dialogue sessions ``user`` may see, the latest first, with how many questions each raised."""
    dialogues = (
        Dialogue.objects.visible_to(user)
        .select_related("committee")
        .annotate(question_count=Count("concerns"))
        .order_by("-held_on", "-pk")
    )
    return DialogueFilterSet(params or None, queryset=dialogues, user=user)


def dialogue_concerns(dialogue: Dialogue, user) -> QuerySet[Concern]:
    return Concern.objects.visible_to(user).filter(dialogue=dialogue).select_related("owner").order_by("pk")
