from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.models import Role, StaffProfile
from committees.scoping import scope_of
from core.fields import DateField
from core.inputs import whole_number
from core.widgets import DayMonthYearInput
from opinion.forms.trainings import FastSelect
from opinion.models import HotSpot
from opinion.services import hotspots as services

User = get_user_model()
SUGGESTIONS = 30


class OwnerChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, user):
        profile = getattr(user, "profile", None)
        name = user.get_full_name() or user.get_username()
        return f"{name} — {profile.committee.name}" if profile else name


def owner_choices(user, *, current=None):
    """People who can own a hot spot: staff (not collaborators) of the user's scope, and the current owner."""
    staff = StaffProfile.objects.visible_to(user).exclude(role=Role.COLLABORATOR).values("user_id")
    shown = Q(pk__in=staff) | Q(pk=user.pk)
    if current is not None:
        shown |= Q(pk=current.pk)
    return User.objects.filter(shown, is_active=True).select_related("profile__committee").order_by("sort_name", "pk")


class HotSpotForm(forms.ModelForm):
    committee = CommitteeField(label=_("Party committee"))
    owner = OwnerChoiceField(queryset=User.objects.none(), label=_("Owner"))

    class Meta:
        model = HotSpot
        field_classes = {"opened_on": DateField}
        fields = ["committee", "title", "description", "severity", "owner", "opened_on"]
        widgets = {"opened_on": DayMonthYearInput(), "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        self.fields["committee"].for_user(user, current=self.instance.committee if editing else None)
        self.fields["owner"].queryset = owner_choices(user, current=self.instance.owner if editing else None)
        self.initial["committee"] = self.instance.committee if editing else scope_of(user).committee
        if not editing:
            self.fields["owner"].initial = user.pk
            self.fields["opened_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "committee",
            "title",
            "description",
            Row(Column("severity"), Column("owner"), Column("opened_on")),
            Submit("submit", _("Save")),
        )

    def clean_opened_on(self):
        opened_on = self.cleaned_data["opened_on"]
        if opened_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return opened_on

    def clean_committee(self):
        committee = self.cleaned_data["committee"]
        moved = self.instance.pk and committee.pk != self.instance.committee_id
        if moved and services.links_outside(self.instance, committee):
            raise forms.ValidationError(
                _("Some linked reports or concerns belong outside this committee; unlink them first.")
            )
        return committee


class FollowUpForm(forms.Form):
    date = DateField(label=_("Date"), widget=DayMonthYearInput())
    note = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("date", css_class="col-md-3")), "note", Submit("submit", _("Add to the follow-up"))
        )


class TransitionForm(forms.Form):
    """The date of a status change and what explains it (the outcome of a resolution, the reason to reopen)."""

    TEXT = {
        "monitor": (_("Note"), False, _("Put under monitoring")),
        "resolve": (_("Outcome"), True, _("Mark as resolved")),
        "reopen": (_("Reason for reopening"), True, _("Reopen")),
    }

    date = DateField(label=_("Date"), widget=DayMonthYearInput())
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        label, required, button = self.TEXT[action]
        self.fields["date"].initial = timezone.localdate()
        self.fields["text"].label = label
        self.fields["text"].required = required
        self.helper = FormHelper()
        self.helper.layout = Layout(Row(Column("date", css_class="col-md-3")), "text", Submit("submit", button))


def _parse_numbers(text: str) -> list[int]:
    numbers = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip().lstrip("#")
        if not part:
            continue
        number = whole_number(part)
        if number is None:
            raise forms.ValidationError(_("“%(value)s” is not a number.") % {"value": part[:20]})
        numbers.append(number)
    return numbers


class LinkForm(forms.Form):
    """Link reports and concerns: tick suggestions (recent ones of the hot spot's subtree) or type their numbers."""

    reports = forms.TypedMultipleChoiceField(
        label=_("Reports flagged as possible hot spots"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    report_numbers = forms.CharField(
        label=_("Other report numbers"), required=False, max_length=500, help_text=_("Separated by commas.")
    )
    concerns = forms.TypedMultipleChoiceField(
        label=_("Open concerns"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    concern_numbers = forms.CharField(
        label=_("Other concern numbers"), required=False, max_length=500, help_text=_("Separated by commas.")
    )

    def __init__(self, *args, hot_spot: HotSpot, user, **kwargs):
        super().__init__(*args, **kwargs)
        reports = (
            services.linkable_reports(hot_spot, user)
            .filter(is_hot_spot=True)
            .exclude(hot_spots=hot_spot)
            .select_related("committee")
            .order_by("-reported_on", "-pk")[:SUGGESTIONS]
        )
        concerns = (
            services.linkable_concerns(hot_spot, user)
            .open()
            .exclude(hot_spots=hot_spot)
            .select_related("committee")
            .order_by("-received_on", "-pk")[:SUGGESTIONS]
        )
        self.fields["reports"].choices = [
            (r.pk, f"#{r.pk} · {r.reported_on:%d/%m/%Y} · {r.committee.name} · {r.summary[:100]}") for r in reports
        ]
        self.fields["concerns"].choices = [
            (c.pk, f"#{c.pk} · {c.received_on:%d/%m/%Y} · {c.committee.name} · {c.content[:100]}") for c in concerns
        ]
        if not self.fields["reports"].choices:
            self.fields["reports"].help_text = _("None waiting to be linked: type their numbers below.")
        if not self.fields["concerns"].choices:
            self.fields["concerns"].help_text = _("None waiting to be linked: type their numbers below.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_report_numbers(self):
        return _parse_numbers(self.cleaned_data["report_numbers"])

    def clean_concern_numbers(self):
        return _parse_numbers(self.cleaned_data["concern_numbers"])

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(f) for f in ("reports", "report_numbers", "concerns", "concern_numbers")
        ):
            raise forms.ValidationError(_("Choose or type at least one report or concern."))
        return data

    @property
    def report_ids(self) -> set[int]:
        return {*self.cleaned_data["reports"], *self.cleaned_data["report_numbers"]}

    @property
    def concern_ids(self) -> set[int]:
        return {*self.cleaned_data["concerns"], *self.cleaned_data["concern_numbers"]}
