from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Resolutions")

    def ready(self):
        from committees import rollups
        from committees.signals import committee_moved
        from resolutions.services import campaign_tallies, directive05_tallies

        committee_moved.connect(campaign_tallies.on_committee_moved, dispatch_uid="resolutions.campaign_tallies_moved")
        rollups.register(rows=campaign_tallies.rollup_rows, rebuild=campaign_tallies.campaign_tallies_rebuild)
        committee_moved.connect(directive05_tallies.on_committee_moved, dispatch_uid="resolutions.directive05_moved")
        rollups.register(rows=directive05_tallies.rollup_rows, rebuild=directive05_tallies.directive05_tallies_rebuild)
