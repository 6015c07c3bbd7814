from django.urls import path

from resolutions.views import activities as views

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("<id:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("<id:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_update"),
]
