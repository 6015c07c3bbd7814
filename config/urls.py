from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import health
from core.views import robots_txt
from reports import views as report_views

admin.site.site_header = _("Tuyên giáo — system administration")
admin.site.site_title = _("Tuyên giáo")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", report_views.dashboard, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("accounts/", include("committees.auth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("committees/", include("committees.urls")),
    path("opinion/", include("opinion.urls")),
    path("resolutions/", include("resolutions.urls")),
    path("reports/", include("reports.urls")),
    path("email/", include("notifications.urls")),
]
