"""Reads of trainings, within the reader's scope."""

from opinion.forms.trainings import TrainingFilterSet
from opinion.models import Training


def training_list(user, params) -> TrainingFilterSet:
    """The trainings ``user`` may see (their scope's and those their ancestors held), filtered by ``params``,
    the latest first; the years offered are those trainings were held in."""
    trainings = Training.objects.visible_to(user)
    years = [day.year for day in trainings.order_by().dates("starts_on", "year", order="DESC")]
    return TrainingFilterSet(params or None, queryset=trainings.select_related("committee"), user=user, years=years)
