from django.urls import path

from opinion.views import reports as views

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("new/", views.ReportCreateView.as_view(), name="report_create"),
    path("new/collaborators/", views.CollaboratorSearchView.as_view(), name="report_collaborator_search"),
    path("status/", views.ReportStatusView.as_view(), name="report_status"),
    path("status/export/", views.ReportStatusExportView.as_view(), name="report_status_export"),
    path("status/committees/", views.ReportingView.as_view(), name="report_reporting"),
    path("status/committees/export/", views.ReportingExportView.as_view(), name="report_reporting_export"),
    path("summary/", views.SummaryView.as_view(), name="report_summary"),
    path("summary/docx/", views.SummaryDocxView.as_view(), name="report_summary_docx"),
    path("<id:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<id:pk>/edit/", views.ReportUpdateView.as_view(), name="report_update"),
]
