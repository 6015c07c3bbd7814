from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.scoping import scope_of
from core.fields import DateField, ModelMultipleChoiceField
from core.widgets import DayMonthYearInput
from resolutions.models import Activity, PartyDocument
from resolutions.selectors.documents import documents_offered


class ActivityForm(forms.ModelForm):
    committee = CommitteeField(label=_("Party committee"))
    documents = ModelMultipleChoiceField(
        label=_("Documents deployed"), queryset=PartyDocument.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip

    class Meta:
        model = Activity
        field_classes = {"held_on": DateField}
        fields = [
            "committee", "kind", "held_on", "title", "description", "audience", "participants", "person_times",
            "sessions", "items", "documents",
        ]  # fmt: skip
        widgets = {"held_on": DayMonthYearInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.committee if self.instance.pk else None
        self.fields["committee"].for_user(user, current=current)
        self.initial["committee"] = current or scope_of(user).committee
        keep = self.instance.documents.values_list("pk", flat=True) if self.instance.pk else ()
        self.fields["documents"].queryset = documents_offered(user, keep=keep)
        self.fields["documents"].label_from_instance = lambda document: document.citation
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "committee",
            Row(Column("kind", css_class="col-md-6"), Column("held_on", css_class="col-md-6")),
            "title",
            "description",
            "audience",
            Row(Column("participants"), Column("person_times"), Column("sessions"), Column("items")),
            "documents",
            Submit("submit", _("Save")),
        )
