"""The campaigns' progress roll-up, so that the board of a bloc of 60,000 committees reads a few hundred rows.

``CampaignTally`` holds, for each step and each committee with targets in its subtree (itself included), how many
of those targets take the step and what they reported of it. It is moved by ``resolutions.services.campaign_tallies``
in the transaction of every change it counts (a campaign started, a step reported or corrected, a committee moved,
steps adjusted) and rebuilt from the records by ``manage.py rebuild_campaign_tallies``. Nothing here is entered by
hand. A step's pending targets are ``targets`` less those settled; whether they are overdue is the step's deadline
against today, the same for all of them, so the roll-up never ages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from resolutions.models.campaigns import CampaignStep


class CampaignTally(models.Model):
    FIGURES = ("targets", "on_time", "late", "not_applicable", "attended_above", "studied")

    step = models.ForeignKey(CampaignStep, on_delete=models.CASCADE, related_name="+", db_index=False)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    targets = models.IntegerField(default=0)
    on_time = models.IntegerField(db_default=0)
    late = models.IntegerField(db_default=0)
    not_applicable = models.IntegerField(db_default=0)
    attended_above = models.IntegerField(db_default=0)
    studied = models.IntegerField(db_default=0)  # members who studied, as the targets reported them

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign progress count")
        verbose_name_plural = _("campaign progress counts")
        constraints = [models.UniqueConstraint(fields=["step", "committee"], name="campaign_tally_key")]

    def __str__(self):
        return f"{self.step_id} {self.committee_id}: {self.targets}"


class Directive05Tally(models.Model):
    """For each year and each committee with a Directive 05 year recorded in its subtree (itself included): how many
    committees recorded it, with their plan, members who wrote a follow-up plan of those expected, exemplary
    models — so that the overview of a bloc reads one row per line. Kept by ``resolutions.services.directive05_tallies``
    in the transaction of every change to a year, rebuilt by ``manage.py rebuild_directive05_tallies``."""

    FIGURES = ("recorded", "plans", "members_with_plan", "members_expected", "exemplary_models")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    recorded = models.IntegerField(db_default=0)
    plans = models.IntegerField(db_default=0)
    members_with_plan = models.BigIntegerField(db_default=0)
    members_expected = models.BigIntegerField(db_default=0)
    exemplary_models = models.IntegerField(db_default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Directive 05 count")
        verbose_name_plural = _("Directive 05 counts")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="directive05_tally_key")]

    def __str__(self):
        return f"{self.committee_id} {self.year}: {self.recorded}"
