from django.urls import path

from opinion.views import briefings as views

urlpatterns = [
    path("", views.BriefingListView.as_view(), name="briefing_list"),
    path("calendar/", views.BriefingCalendarView.as_view(), name="briefing_calendar"),
    path("attendance-rates/", views.AttendanceRatesView.as_view(), name="briefing_attendance_rates"),
    path("attendance-rates/export/", views.AttendanceRatesExportView.as_view(), name="briefing_rates_export"),
    path("schedule/<id:committee_pk>/", views.ScheduleView.as_view(), name="briefing_schedule"),
    path("<id:pk>/", views.BriefingDetailView.as_view(), name="briefing_detail"),
    path("<id:pk>/edit/", views.BriefingUpdateView.as_view(), name="briefing_update"),
    path("<id:pk>/move/", views.BriefingMoveView.as_view(), name="briefing_move"),
    path("<id:pk>/postpone/", views.BriefingPostponeView.as_view(), name="briefing_postpone"),
    path("<id:pk>/cancel/", views.BriefingCancelView.as_view(), name="briefing_cancel"),
    path("<id:pk>/invitees/", views.BriefingInviteesView.as_view(), name="briefing_invitees"),
    path("<id:pk>/attendance/", views.BriefingAttendanceView.as_view(), name="briefing_attendance"),
    path("<id:pk>/sign-in-sheet/", views.BriefingSigninSheetView.as_view(), name="briefing_signin_sheet"),
    path("<id:pk>/minutes/", views.BriefingMinutesPrintView.as_view(), name="briefing_minutes_print"),
]
