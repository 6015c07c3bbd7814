from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("periods/", views.PeriodListView.as_view(), name="period_list"),
    path("periods/new/", views.PeriodOpenView.as_view(), name="period_open"),
    path("periods/<id:pk>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<id:pk>/urging-letter/", views.PeriodUrgingLetterView.as_view(), name="period_urging_letter"),
    path("<id:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<id:pk>/text/", views.ReportTextView.as_view(), name="report_text"),
    path("<id:pk>/compiled/", views.ReportCompiledView.as_view(), name="report_compiled"),
    path("<id:pk>/document.docx", views.ReportFileView.as_view(kind="docx"), name="report_docx"),
    path("<id:pk>/annex.xlsx", views.ReportFileView.as_view(kind="xlsx"), name="report_xlsx"),
    *(path(f"<id:pk>/{step}/", views.ReportStepView.as_view(step=step), name=f"report_{step}") for step in views.STEPS),
]
