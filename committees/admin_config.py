"""The admin application, with its site replaced by one that requires two-step verification (a module of its own:
an app's configuration is imported before any model exists)."""

from django.contrib.admin.apps import AdminConfig


class VerifiedAdminConfig(AdminConfig):
    default_site = "committees.two_factor.VerifiedAdminSite"
