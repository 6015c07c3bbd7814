from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from core.fields import DateField, ModelMultipleChoiceField, MonthField
from core.filters import FilterBarForm
from core.inputs import whole_number
from core.widgets import DayMonthYearInput
from opinion.models import Collaborator, OpinionReport, Topic
from opinion.selectors.reports import ORDERS
from opinion.services.reports import REPORT_FIELDS

# What a report's form edits: the fields the services correct, with its topics after its date.
REPORT_FIELDS = [REPORT_FIELDS[0], "topics", *REPORT_FIELDS[1:]]


class ReportForm(forms.ModelForm):
    """What a collaborator files from their phone: large touch targets, one column."""

    class Meta:
        model = OpinionReport
        field_classes = {"reported_on": DateField, "topics": ModelMultipleChoiceField}
        fields = REPORT_FIELDS
        widgets = {
            "reported_on": DayMonthYearInput(),
            "topics": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 6}),
            "sentiment": forms.RadioSelect,
            "spread": forms.RadioSelect,
        }
        help_texts = {
            "summary": _("What people think and say, in a few sentences; no names of private persons."),
            "is_hot_spot": _("Tick if the matter may flare up at the unit and needs following."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["sentiment"].choices = OpinionReport.Sentiment.choices  # a choice to make, none made for them
        self.fields["reported_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # the server's messages, in the user's language, not the browser's
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", _("Send the report"), css_class="w-100"))

    def layout_fields(self):
        return [
            Field("reported_on"),
            Field("topics"),
            Field("summary"),
            Div(Div("sentiment", css_class="col-sm-6"), Div("spread", css_class="col-sm-6"), css_class="row"),
            Field("is_hot_spot"),
            Field("confidentiality"),
        ]

    def clean_reported_on(self):
        reported_on = self.cleaned_data["reported_on"]
        if reported_on > timezone.localdate():
            raise forms.ValidationError(_("A report cannot be dated in the future."))
        return reported_on


class CollaboratorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.committee.name}"


class StaffReportForm(ReportForm):
    """Staff enter a report on a collaborator's behalf, saying how it reached them."""

    collaborator = CollaboratorChoiceField(
        label=_("collaborator"),
        queryset=Collaborator.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("Search by name, then choose."),
    )
    channel = forms.ChoiceField(
        label=_("how it reached you"),
        choices=[c for c in OpinionReport.Channel.choices if c[0] != OpinionReport.Channel.ONLINE],
    )

    class Meta(ReportForm.Meta):
        fields = ["collaborator", "channel", *REPORT_FIELDS]

    def __init__(self, *args, collaborators, **kwargs):
        super().__init__(*args, **kwargs)
        # The queryset validates the choice (only active collaborators in the user's scope); the radio list itself
        # shows just the chosen one, and the search box fills it, so 50,000 names are never sent to the page.
        self.fields["collaborator"].queryset = collaborators.select_related("committee")
        chosen = self["collaborator"].value()
        chosen = whole_number(chosen)
        selected = collaborators.filter(pk=chosen).select_related("committee") if chosen is not None else []
        label = self.fields["collaborator"].label_from_instance
        self.fields["collaborator"].widget.choices = [(c.pk, label(c)) for c in selected]
        # The collaborator is chosen with the search box the page renders above these fields.
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("channel"), *self.layout_fields(), Submit("submit", _("Save the report")))


class MonthForm(FilterBarForm):
    month = MonthField(label=_("month"), required=False)


class SummaryForm(MonthForm):
    """The month and the committee (with everything under it) a summary is about; the user's own by default."""

    form_id = "summary-filters"

    committee = CommitteeField(label=_("party committee"), required=False, inactive=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(user, change=False)


class ReportingForm(SummaryForm):
    """*Who has reported*, by committee: the committee whose children are counted, the month and the order."""

    form_id = "reporting-filters"

    order = forms.ChoiceField(label=_("order"), choices=list(ORDERS.items()), required=False)
