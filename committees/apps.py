from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Party committees")

    def ready(self):
        from committees import permissions, rollups
        from committees.models import Committee
        from committees.roles import sync_role_groups

        rollups.register(rows=rollups.subtree_totals_rows, rebuild=Committee.objects.recompute_totals)
        permissions.connect()

        # Without a sender: permissions of apps migrated after this one must reach the groups too.
        post_migrate.connect(sync_role_groups, dispatch_uid="committees.sync_role_groups")
