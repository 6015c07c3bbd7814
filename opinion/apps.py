from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OpinionConfig(AppConfig):
    name = "opinion"
    verbose_name = _("Public opinion")

    def ready(self):
        from committees import rollups
        from committees.signals import committee_moved
        from opinion.services import rollup_check
        from opinion.services.tallies import on_committee_moved
        from opinion.topics import ensure_default_topics

        post_migrate.connect(ensure_default_topics, sender=self, dispatch_uid="opinion.ensure_default_topics")
        committee_moved.connect(on_committee_moved, dispatch_uid="opinion.tallies_committee_moved")
        rollups.register(rows=rollup_check.rollup_rows, rebuild=rollup_check.rebuild)
