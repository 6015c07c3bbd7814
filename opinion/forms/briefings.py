from datetime import date, datetime, time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from core.fields import DateField, ModelMultipleChoiceField
from core.filters import FilterBarForm
from core.widgets import DayMonthYearInput, HourMinuteInput
from opinion.models import Briefing, BriefingSchedule
from opinion.models.briefings import DEFAULT_REMINDER_DAYS, DEFAULT_REMINDER_TIME, MAX_REMINDER_DAYS
from opinion.models.trainings import Attendance
from opinion.services.briefings import local_datetime


def _with_initial(kwargs: dict, defaults: dict) -> dict:
    """The form's kwargs with ``defaults`` under the initial values the view passes (FormView always passes some)."""
    return {**kwargs, "initial": {**defaults, **(kwargs.get("initial") or {})}}


class StaffChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.get_username()
        return f"{name} — {user.profile.get_role_display()}, {user.profile.committee.name}"


def _staff_field():
    return StaffChoiceField(
        label=_("Staff to invite"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The active collaborators of the whole subtree are always invited."),
    )


class ReminderDaysField(forms.CharField):
    """Days before the briefing, typed as "3, 1"; kept as a list of distinct numbers, largest first."""

    def prepare_value(self, value):
        return ", ".join(str(day) for day in value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value)
        try:
            days = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise forms.ValidationError(_("Write whole numbers of days separated by commas, e.g. 3, 1.")) from None
        if any(day < 1 or day > MAX_REMINDER_DAYS for day in days):
            raise forms.ValidationError(
                _("Each reminder is between 1 and %(max)d days before the briefing.") % {"max": MAX_REMINDER_DAYS}
            )
        return days


class BriefingScheduleForm(forms.Form):
    week = forms.TypedChoiceField(label=_("Week of the month"), choices=BriefingSchedule.Week.choices, coerce=int)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=BriefingSchedule.Weekday.choices, coerce=int)
    time = forms.TimeField(label=_("Time"), widget=HourMinuteInput())
    duration = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=600)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    months_ahead = forms.IntegerField(
        label=_("Months to plan"),
        min_value=1,
        max_value=12,
        initial=3,
        help_text=_("Briefings are created for this many coming months; months already planned are kept."),
    )
    staff = _staff_field()
    reminder_days = ReminderDaysField(
        label=_("Email reminders, days before"),
        required=False,
        help_text=_("Numbers of days separated by commas, e.g. 3, 1; empty for none."),
    )
    reminder_time = forms.TimeField(
        label=_("Last reminder on the day at"),
        required=False,
        widget=HourMinuteInput(),
        help_text=_("Empty for none."),
    )

    def __init__(self, *args, staff_queryset, schedule: BriefingSchedule | None = None, **kwargs):
        if schedule is not None:
            defaults = {
                "week": schedule.week,
                "weekday": schedule.weekday,
                "time": schedule.time,
                "duration": schedule.duration_minutes,
                "place": schedule.place,
                "reminder_days": schedule.reminder_days,
                "reminder_time": schedule.reminder_time,
            }
        else:
            defaults = {
                "week": BriefingSchedule.Week.SECOND,
                "weekday": BriefingSchedule.Weekday.TUESDAY,
                "time": time(8, 30),
                "duration": 120,
                "reminder_days": DEFAULT_REMINDER_DAYS,
                "reminder_time": DEFAULT_REMINDER_TIME,
            }
        super().__init__(*args, **_with_initial(kwargs, {**defaults, "months_ahead": 3}))
        self.fields["staff"].queryset = staff_queryset
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("week"), Column("weekday"), Column("time"), Column("duration")),
            Field("place"),
            Row(Column("reminder_days"), Column("reminder_time")),
            Row(Column("months_ahead", css_class="col-md-6")),
            Field("staff"),
            Submit("submit", _("Save the rule and plan")),
        )


class BriefingUpdateForm(forms.Form):
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=600)

    def __init__(self, *args, briefing: Briefing, **kwargs):
        current = {"agenda": briefing.agenda, "place": briefing.place, "duration_minutes": briefing.duration_minutes}
        super().__init__(*args, **_with_initial(kwargs, current))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("agenda"),
            Row(Column("place", css_class="col-md-8"), Column("duration_minutes", css_class="col-md-4")),
            Submit("submit", _("Save")),
        )


class _NewStartMixin:
    def new_start(self, required: bool) -> datetime | None:
        day, at = self.cleaned_data.get("date"), self.cleaned_data.get("time")
        if day is None:
            if required:
                self.add_error("date", _("Give the new date."))
            return None
        return local_datetime(day, at or self.briefing_time)


class BriefingMoveForm(_NewStartMixin, forms.Form):
    date = DateField(label=_("New date"), widget=DayMonthYearInput())
    time = forms.TimeField(label=_("New time"), widget=HourMinuteInput())
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, briefing: Briefing, **kwargs):
        local = timezone.localtime(briefing.starts_at)
        self.briefing_time = local.time()
        super().__init__(*args, **_with_initial(kwargs, {"date": local.date(), "time": local.time()}))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("date"), Column("time")), Field("reason"), Submit("submit", _("Move the briefing"))
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["starts_at"] = self.new_start(required=True)
        return cleaned


class BriefingPostponeForm(_NewStartMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
    date = DateField(
        label=_("New date"),
        required=False,
        widget=DayMonthYearInput(),
        help_text=_("Leave empty if the new date is not known yet."),
    )
    time = forms.TimeField(label=_("New time"), required=False, widget=HourMinuteInput())

    def __init__(self, *args, briefing: Briefing, **kwargs):
        self.briefing_time = timezone.localtime(briefing.starts_at).time()
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("reason"), Row(Column("date"), Column("time")), Submit("submit", _("Postpone the briefing"))
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["starts_at"] = self.new_start(required=False)
        return cleaned


class BriefingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("reason"), Submit("submit", _("Cancel the briefing"), css_class="btn-danger"))


class BriefingInviteesForm(forms.Form):
    staff = _staff_field()

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("staff"), Submit("submit", _("Update the invitees")))


def invitation_name(invitation) -> str:
    if invitation.collaborator_id:
        return invitation.collaborator.full_name
    return invitation.staff.get_full_name() or invitation.staff.get_username()


class BriefingAttendanceForm(forms.Form):
    """Attendance of one page of invitees, with the minutes: a radio per status and an excuse per invitee."""

    STATUS_CHOICES = [(value, label) for value, label in Attendance.choices if value != Attendance.INVITED]

    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    topics_discussed = forms.CharField(
        label=_("Topics discussed"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    current_affairs = forms.CharField(
        label=_("Current-affairs information given"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    mark_rest_present = forms.BooleanField(
        label=_("Mark every invitee whose attendance is not recorded yet as present"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, briefing: Briefing, invitations, **kwargs):
        recorded = {
            "minutes": briefing.minutes,
            "topics_discussed": briefing.topics_discussed,
            "current_affairs": briefing.current_affairs,
        }
        super().__init__(*args, **_with_initial(kwargs, recorded))
        self.invitations = list(invitations)
        for invitation in self.invitations:
            self.fields[f"status_{invitation.pk}"] = forms.ChoiceField(
                label=invitation_name(invitation),
                choices=self.STATUS_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=invitation.attendance if invitation.attendance != Attendance.INVITED else None,
            )
            self.fields[f"excuse_{invitation.pk}"] = forms.CharField(
                label=_("Reason for absence"), max_length=255, required=False, initial=invitation.excuse
            )

    def rows(self):
        return [(inv, self[f"status_{inv.pk}"], self[f"excuse_{inv.pk}"]) for inv in self.invitations]

    def clean(self):
        cleaned = super().clean()
        for invitation in self.invitations:
            status = cleaned.get(f"status_{invitation.pk}")
            if status == Attendance.EXCUSED and not (cleaned.get(f"excuse_{invitation.pk}") or "").strip():
                self.add_error(f"excuse_{invitation.pk}", _("An excused absence needs its reason."))
        return cleaned

    def attendance(self) -> dict[int, tuple[str, str]]:
        """{invitation id: (status, excuse)} for the invitees whose attendance was chosen on this page."""
        return {
            inv.pk: (self.cleaned_data[f"status_{inv.pk}"], self.cleaned_data[f"excuse_{inv.pk}"])
            for inv in self.invitations
            if self.cleaned_data.get(f"status_{inv.pk}")
        }


class CalendarFilterForm(forms.Form):
    committee = CommitteeField(
        label=_("Organising committee"),
        required=False,
        inactive=True,
        help_text=_("Briefings of this committee and of those under it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(user, change=False)


class AttendanceRatesForm(FilterBarForm):
    form_id = "rates-filter"
    BY_CHOICES = [("collaborator", _("per collaborator")), ("committee", _("per committee"))]
    ORDER_CHOICES = [("name", _("name")), ("rate", _("lowest rate first")), ("-rate", _("highest rate first"))]

    start = DateField(label=_("From"), required=False, widget=DayMonthYearInput(attrs={"class": "form-control"}))
    end = DateField(label=_("To"), required=False, widget=DayMonthYearInput(attrs={"class": "form-control"}))
    committee = CommitteeField(
        label=_("Committee"),
        required=False,
        inactive=True,
        help_text=_("Collaborators of this committee and of those under it."),
    )
    by = forms.ChoiceField(label=_("Figures"), choices=BY_CHOICES, required=False, widget=forms.HiddenInput)
    order = forms.ChoiceField(
        label=_("Order"), choices=ORDER_CHOICES, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(user, change=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        return cleaned

    def period(self, today: date) -> tuple[date, date]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("start") or date(today.year, 1, 1), data.get("end") or today
