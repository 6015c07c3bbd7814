from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.scoping import scope_of
from core.fields import DateField
from core.widgets import DayMonthYearInput
from resolutions.models import Inspection

DAYS = ("planned_on", "done_on", "conclusion_date", "followed_up_on")


class InspectionForm(forms.ModelForm):
    committee = CommitteeField(label=_("Committee inspected"))
    inspected_by = CommitteeField(label=_("Inspected by"), cells=False)

    class Meta:
        model = Inspection
        field_classes = dict.fromkeys(DAYS, DateField)
        fields = [
            "committee", "inspected_by", "subject", "inspectors", "planned_on", "done_on", "findings",
            "conclusion_number", "conclusion_date", "required", "followed_up_on",
        ]  # fmt: skip
        widgets = {
            **{name: DayMonthYearInput() for name in DAYS},
            "findings": forms.Textarea(attrs={"rows": 4}), "required": forms.Textarea(attrs={"rows": 3}),
        }  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(
            user, change=False, current=self.instance.committee if self.instance.pk else None
        )
        self.fields["inspected_by"].for_user(user)
        self.initial.setdefault("inspected_by", scope_of(user).committee)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("committee", css_class="col-md-6"), Column("inspected_by", css_class="col-md-6")),
            "subject",
            "inspectors",
            Row(Column("planned_on", css_class="col-md-6"), Column("done_on", css_class="col-md-6")),
            "findings",
            Row(Column("conclusion_number", css_class="col-md-6"), Column("conclusion_date", css_class="col-md-6")),
            "required",
            Row(Column("followed_up_on", css_class="col-md-6")),
            Submit("submit", _("Save")),
        )
