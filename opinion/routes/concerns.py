from django.urls import path

from opinion.views import concerns as views

urlpatterns = [
    path("", views.ConcernListView.as_view(), name="concern_list"),
    path("overdue/", views.ConcernOverdueView.as_view(), name="concern_overdue"),
    path("mine/", views.ConcernMineView.as_view(), name="concern_mine"),
    path("new/", views.ConcernCreateView.as_view(), name="concern_create"),
    path("<id:pk>/", views.ConcernDetailView.as_view(), name="concern_detail"),
    path("<id:pk>/edit/", views.ConcernUpdateView.as_view(), name="concern_update"),
    path("<id:pk>/step/", views.ConcernTransitionView.as_view(), name="concern_transition"),
]
