from django.urls import path

from opinion.views import collaborators as views

urlpatterns = [
    path("", views.CollaboratorListView.as_view(), name="collaborator_list"),
    path("export/", views.CollaboratorExportView.as_view(), name="collaborator_export"),
    path("import/", views.CollaboratorImportView.as_view(), name="collaborator_import"),
    path("new/", views.CollaboratorCreateView.as_view(), name="collaborator_create"),
    path("<id:pk>/", views.CollaboratorDetailView.as_view(), name="collaborator_detail"),
    path("<id:pk>/edit/", views.CollaboratorUpdateView.as_view(), name="collaborator_update"),
    path("<id:pk>/status/", views.CollaboratorStatusView.as_view(), name="collaborator_status"),
]
