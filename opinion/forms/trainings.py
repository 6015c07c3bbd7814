from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.scoping import scope_of
from core.fields import DateField
from core.widgets import DayMonthYearInput
from opinion.models import Training
from opinion.models.trainings import Attendance


class FastSelect(forms.Select):
    """A select rendered in Python: a choice of a few hundred people would otherwise render one template per option
    (about a millisecond each)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class TrainingForm(forms.ModelForm):
    committee = CommitteeField(label=_("Organising committee"))

    class Meta:
        model = Training
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        fields = ["committee", "title", "starts_on", "ends_on", "place", "trainers", "content"]
        widgets = {
            "starts_on": DayMonthYearInput(),
            "ends_on": DayMonthYearInput(),
            "content": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"ends_on": _("Leave empty for a one-day training.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.committee if self.instance.pk else None
        self.fields["committee"].for_user(user, current=current)
        self.initial["committee"] = current or scope_of(user).committee
        self.fields["ends_on"].required = False
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "committee",
            "title",
            Row(Column("starts_on", css_class="col-md-3"), Column("ends_on", css_class="col-md-3")),
            Row(Column("place"), Column("trainers")),
            "content",
            Submit("submit", _("Save")),
        )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and not ends_on and "ends_on" not in self.errors:
            data["ends_on"] = self.instance.ends_on = starts_on
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The training cannot end before it starts."))
        return data


class InviteForm(forms.Form):
    committee = CommitteeField(
        label=_("Invite the active collaborators of"),
        help_text=_("Every active collaborator of this committee and the committees and cells under it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(user)
        self.initial.setdefault("committee", scope_of(user).committee)
        self.helper = FormHelper()
        self.helper.layout = Layout("committee", Submit("submit", _("Invite")))


class AttendanceForm(forms.Form):
    """One status and one note per invitee row (rows the user may record only; the view chooses them)."""

    STATUS_CHOICES = [c for c in Attendance.choices if c[0] != Attendance.INVITED]

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            choices = self.STATUS_CHOICES if row.status != Attendance.INVITED else Attendance.choices
            self.fields[f"status_{row.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": row.collaborator.full_name},
                choices=choices,
                initial=row.status,
            )
            self.fields[f"note_{row.pk}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": row.collaborator.full_name},
                max_length=255,
                required=False,
                initial=row.note,
            )

    def lines(self):
        """(row, status field, note field) for the table."""
        return [(row, self[f"status_{row.pk}"], self[f"note_{row.pk}"]) for row in self.rows]

    def records(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {row.pk: (data[f"status_{row.pk}"], data[f"note_{row.pk}"]) for row in self.rows}
