from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("suggest/", views.suggest, name="suggest"),
    path("<int:pk>/", views.CommitteeDetailView.as_view(), name="detail"),
    path("<int:pk>/children/", views.CommitteeChildrenView.as_view(), name="children"),
    path("<int:pk>/headcount/", views.HeadcountUpdateView.as_view(), name="headcount"),
]
