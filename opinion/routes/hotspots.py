from django.urls import path

from opinion.views import hotspots as views

urlpatterns = [
    path("", views.HotSpotListView.as_view(), name="hotspot_list"),
    path("new/", views.HotSpotCreateView.as_view(), name="hotspot_create"),
    path("<id:pk>/", views.HotSpotDetailView.as_view(), name="hotspot_detail"),
    path("<id:pk>/edit/", views.HotSpotUpdateView.as_view(), name="hotspot_update"),
    path("<id:pk>/follow-up/", views.HotSpotFollowUpView.as_view(), name="hotspot_followup"),
    path("<id:pk>/monitor/", views.HotSpotTransitionView.as_view(action="monitor"), name="hotspot_monitor"),
    path("<id:pk>/resolve/", views.HotSpotTransitionView.as_view(action="resolve"), name="hotspot_resolve"),
    path("<id:pk>/reopen/", views.HotSpotTransitionView.as_view(action="reopen"), name="hotspot_reopen"),
    path("<id:pk>/links/", views.HotSpotLinksView.as_view(), name="hotspot_links"),
]
