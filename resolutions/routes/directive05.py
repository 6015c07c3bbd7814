from django.urls import path

from resolutions.views import directive05 as views

urlpatterns = [
    path("", views.OverviewView.as_view(), name="directive05_overview"),
    path("years/new/", views.YearCreateView.as_view(), name="directive05_year_create"),
    path("years/<id:pk>/", views.YearDetailView.as_view(), name="directive05_year"),
    path("years/<id:pk>/edit/", views.YearUpdateView.as_view(), name="directive05_year_update"),
    path("criteria/<id:pk>/", views.CriteriaHistoryView.as_view(), name="criteria_history"),
    path("criteria/<id:pk>/revise/", views.CriteriaReviseView.as_view(), name="criteria_revise"),
]
