from django.urls import path

from resolutions.views import campaigns as views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("new/", views.CampaignStartView.as_view(), name="campaign_start"),
    path("<id:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<id:pk>/steps/", views.CampaignStepsView.as_view(), name="campaign_steps"),
    path("<id:pk>/committees/", views.CampaignTargetsView.as_view(), name="campaign_targets"),
    path("<id:pk>/urging-letter/", views.CampaignUrgingLetterView.as_view(), name="campaign_urging_letter"),
    path("<id:pk>/export/", views.CampaignBoardExportView.as_view(), name="campaign_board_export"),
    path("targets/<id:pk>/", views.CampaignTargetView.as_view(), name="campaign_target"),
    path("targets/<id:pk>/urge/", views.UrgingView.as_view(), name="campaign_urging"),
    path("targets/<id:pk>/steps/<id:step>/", views.StepReportView.as_view(), name="step_report"),
    path("evidence/<id:pk>/", views.StepEvidenceDownloadView.as_view(), name="step_evidence_download"),
]
