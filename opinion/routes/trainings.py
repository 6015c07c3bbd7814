from django.urls import path

from opinion.views import trainings as views

urlpatterns = [
    path("", views.TrainingListView.as_view(), name="training_list"),
    path("new/", views.TrainingCreateView.as_view(), name="training_create"),
    path("<int:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path("<int:pk>/edit/", views.TrainingUpdateView.as_view(), name="training_update"),
    path("<int:pk>/invite/", views.TrainingInviteView.as_view(), name="training_invite"),
    path("<int:pk>/attendance/", views.TrainingAttendanceView.as_view(), name="training_attendance"),
    path("<int:pk>/materials/new/", views.TrainingMaterialUploadView.as_view(), name="training_material_upload"),
    path("materials/<int:pk>/", views.TrainingMaterialDownloadView.as_view(), name="training_material_download"),
    path("collaborators/<int:pk>/", views.TrainingRecordView.as_view(), name="training_record"),
]
