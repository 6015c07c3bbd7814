from django.urls import path

from opinion.views import briefings as views

urlpatterns = [
    path("", views.BriefingListView.as_view(), name="briefing_list"),
    path("calendar/", views.BriefingCalendarView.as_view(), name="briefing_calendar"),
    path("attendance-rates/", views.AttendanceRatesView.as_view(), name="briefing_attendance_rates"),
    path("attendance-rates/export/", views.AttendanceRatesExportView.as_view(), name="briefing_rates_export"),
    path("schedule/<int:committee_pk>/", views.ScheduleView.as_view(), name="briefing_schedule"),
    path("<int:pk>/", views.BriefingDetailView.as_view(), name="briefing_detail"),
    path("<int:pk>/edit/", views.BriefingUpdateView.as_view(), name="briefing_update"),
    path("<int:pk>/move/", views.BriefingMoveView.as_view(), name="briefing_move"),
    path("<int:pk>/postpone/", views.BriefingPostponeView.as_view(), name="briefing_postpone"),
    path("<int:pk>/cancel/", views.BriefingCancelView.as_view(), name="briefing_cancel"),
    path("<int:pk>/invitees/", views.BriefingInviteesView.as_view(), name="briefing_invitees"),
    path("<int:pk>/attendance/", views.BriefingAttendanceView.as_view(), name="briefing_attendance"),
    path("<int:pk>/sign-in-sheet/", views.BriefingSigninSheetView.as_view(), name="briefing_signin_sheet"),
    path("<int:pk>/minutes/", views.BriefingMinutesPrintView.as_view(), name="briefing_minutes_print"),
]
