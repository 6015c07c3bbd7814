from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("suggest/", views.suggest, name="suggest"),
    path("<id:pk>/", views.CommitteeDetailView.as_view(), name="detail"),
    path("<id:pk>/children/", views.CommitteeChildrenView.as_view(), name="children"),
    path("<id:pk>/headcount/", views.HeadcountUpdateView.as_view(), name="headcount"),
]
