from django.urls import path

from resolutions.views import commendations as views

urlpatterns = [
    path("", views.CommendationListView.as_view(), name="commendation_list"),
    path("new/", views.CommendationCreateView.as_view(), name="commendation_create"),
    path("<id:pk>/", views.CommendationDetailView.as_view(), name="commendation_detail"),
    path("<id:pk>/photo/", views.CommendationPhotoView.as_view(), name="commendation_photo"),
    path("<id:pk>/edit/", views.CommendationUpdateView.as_view(), name="commendation_update"),
]
