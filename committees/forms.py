from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from core.fields import DateField
from core.widgets import DayMonthYearInput


class HeadcountForm(forms.ModelForm):
    class Meta:
        model = Committee
        field_classes = {"headcount_date": DateField}
        fields = ["party_members", "exempt_members", "cadres", "employees", "headcount_date"]
        widgets = {"headcount_date": DayMonthYearInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["headcount_date"].required = True
        self.fields["headcount_date"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("party_members"), Column("exempt_members")),
            Row(Column("cadres"), Column("employees")),
            Row(Column("headcount_date", css_class="col-md-4")),
            Submit("submit", _("Save head counts")),
        )

    def clean_headcount_date(self):
        counted_on = self.cleaned_data["headcount_date"]
        if counted_on > timezone.localdate():
            raise forms.ValidationError(_("The count date cannot be in the future."))
        return counted_on


class CommitteeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
