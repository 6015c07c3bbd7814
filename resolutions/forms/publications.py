from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.scoping import scope_of
from core.fields import DateField
from core.widgets import DayMonthYearInput
from resolutions.models import Publication


class PublicationForm(forms.ModelForm):
    committee = CommitteeField(label=_("Published by"), cells=False)
    year = forms.IntegerField(
        label=_("Commendations of the year"), min_value=1930, max_value=2100, required=False,
        help_text=_("The book gathers every commendation of that year under the publishing committee."),
    )  # fmt: skip

    class Meta:
        model = Publication
        field_classes = {"published_on": DateField}
        fields = ["committee", "title", "publisher", "published_on", "copies", "distribution"]
        widgets = {"published_on": DayMonthYearInput(), "distribution": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(user)
        self.initial.setdefault("committee", scope_of(user).committee)
        self.initial.setdefault("year", timezone.localdate().year - 1)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "committee",
            "title",
            Row(Column("publisher", css_class="col-md-8"), Column("published_on", css_class="col-md-4")),
            Row(Column("year", css_class="col-md-6"), Column("copies", css_class="col-md-6")),
            "distribution",
            Submit("submit", _("Save")),
        )
