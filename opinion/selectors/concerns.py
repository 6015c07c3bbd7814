"""Reads of concerns and dialogue sessions, always within the reader's scope (``visible_to``)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from committees.models import Committee, StaffProfile
from opinion.models import Concern, ConcernTransition, Dialogue
from opinion.services.concerns import OWNER_ROLES

User = get_user_model()


def concern_list(user) -> QuerySet[Concern]:
    """The concerns a user may see, with what a list row shows (one query per page)."""
    return Concern.objects.visible_to(user).select_related("committee", "owner")


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


def dialogue_list(user) -> QuerySet[Dialogue]:
    return (
        Dialogue.objects.visible_to(user)
        .select_related("committee")
        .annotate(question_count=Count("concerns"))
        .order_by("-held_on", "-pk")
    )


def dialogue_concerns(dialogue: Dialogue, user) -> QuerySet[Concern]:
    return Concern.objects.visible_to(user).filter(dialogue=dialogue).select_related("owner").order_by("pk")
