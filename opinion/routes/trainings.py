from django.urls import path

from opinion.views import trainings as views

urlpatterns = [
    path("", views.TrainingListView.as_view(), name="training_list"),
    path("new/", views.TrainingCreateView.as_view(), name="training_create"),
    path("<id:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path("<id:pk>/edit/", views.TrainingUpdateView.as_view(), name="training_update"),
    path("<id:pk>/invite/", views.TrainingInviteView.as_view(), name="training_invite"),
    path("<id:pk>/attendance/", views.TrainingAttendanceView.as_view(), name="training_attendance"),
    path("<id:pk>/materials/new/", views.TrainingMaterialUploadView.as_view(), name="training_material_upload"),
    path("materials/<id:pk>/", views.TrainingMaterialDownloadView.as_view(), name="training_material_download"),
    path("collaborators/<id:pk>/", views.TrainingRecordView.as_view(), name="training_record"),
]
