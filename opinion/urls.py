from django.urls import include, path

app_name = "opinion"

# One module of routes per area, each owning its URL names (all under the "opinion:" namespace).
urlpatterns = [
    path("collaborators/", include("opinion.routes.collaborators")),
    path("trainings/", include("opinion.routes.trainings")),
    path("briefings/", include("opinion.routes.briefings")),
    path("reports/", include("opinion.routes.reports")),
    path("hot-spots/", include("opinion.routes.hotspots")),
    path("concerns/", include("opinion.routes.concerns")),
    path("dialogues/", include("opinion.routes.dialogues")),
]
