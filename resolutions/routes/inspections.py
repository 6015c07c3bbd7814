from django.urls import path

from resolutions.views import inspections as views

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("new/", views.InspectionPlanView.as_view(), name="inspection_plan"),
    path("<id:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("<id:pk>/edit/", views.InspectionUpdateView.as_view(), name="inspection_update"),
]
