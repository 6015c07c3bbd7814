from django.urls import path

from opinion.views import hotspots as views

urlpatterns = [
    path("", views.HotSpotListView.as_view(), name="hotspot_list"),
    path("new/", views.HotSpotCreateView.as_view(), name="hotspot_create"),
    path("<int:pk>/", views.HotSpotDetailView.as_view(), name="hotspot_detail"),
    path("<int:pk>/edit/", views.HotSpotUpdateView.as_view(), name="hotspot_update"),
    path("<int:pk>/follow-up/", views.HotSpotFollowUpView.as_view(), name="hotspot_followup"),
    path("<int:pk>/monitor/", views.HotSpotTransitionView.as_view(action="monitor"), name="hotspot_monitor"),
    path("<int:pk>/resolve/", views.HotSpotTransitionView.as_view(action="resolve"), name="hotspot_resolve"),
    path("<int:pk>/reopen/", views.HotSpotTransitionView.as_view(action="reopen"), name="hotspot_reopen"),
    path("<int:pk>/links/", views.HotSpotLinksView.as_view(), name="hotspot_links"),
]
