from django.urls import include, path

app_name = "resolutions"

urlpatterns = [
    path("documents/", include("resolutions.routes.documents")),
    path("campaigns/", include("resolutions.routes.campaigns")),
    path("activities/", include("resolutions.routes.activities")),
    path("commendations/", include("resolutions.routes.commendations")),
    path("publications/", include("resolutions.routes.publications")),
    path("inspections/", include("resolutions.routes.inspections")),
    path("directive-05/", include("resolutions.routes.directive05")),
]
