from django.urls import path

from resolutions.views import publications as views

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="publication_list"),
    path("new/", views.PublicationCreateView.as_view(), name="publication_create"),
    path("<id:pk>/", views.PublicationDetailView.as_view(), name="publication_detail"),
    path("<id:pk>/book.docx", views.AnthologyView.as_view(), name="publication_anthology"),
]
