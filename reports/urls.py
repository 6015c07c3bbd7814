from django.urls import path, register_converter

from reports import views


class StepConverter:
    """A step of a report's life: only those there are match (any other word is a 404, never a server error)."""

    regex = "|".join(views.STEPS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(StepConverter, "step")

app_name = "reports"

urlpatterns = [
    path("periods/", views.PeriodListView.as_view(), name="period_list"),
    path("periods/new/", views.PeriodOpenView.as_view(), name="period_open"),
    path("periods/<id:pk>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("<id:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<id:pk>/<step:step>/", views.ReportStepView.as_view(), name="report_step"),
]
