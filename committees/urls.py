from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/headcount/", views.headcount_update, name="headcount"),
]
