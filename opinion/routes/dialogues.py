from django.urls import path

from opinion.views import concerns as views

urlpatterns = [
    path("", views.DialogueListView.as_view(), name="dialogue_list"),
    path("new/", views.DialogueCreateView.as_view(), name="dialogue_create"),
    path("<id:pk>/", views.DialogueDetailView.as_view(), name="dialogue_detail"),
    path("<id:pk>/edit/", views.DialogueUpdateView.as_view(), name="dialogue_update"),
]
