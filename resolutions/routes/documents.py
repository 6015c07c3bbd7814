from django.urls import path

from resolutions.views import documents as views

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path("new/", views.DocumentCreateView.as_view(), name="document_create"),
    path("<id:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("<id:pk>/edit/", views.DocumentUpdateView.as_view(), name="document_update"),
    path("<id:pk>/relations/new/", views.DocumentRelationView.as_view(), name="document_relate"),
    path("<id:pk>/files/new/", views.DocumentFileUploadView.as_view(), name="document_file_upload"),
    path("files/<id:pk>/", views.DocumentFileDownloadView.as_view(), name="document_file_download"),
]
