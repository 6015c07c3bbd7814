from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.scoping import scope_of
from core.fields import DateField
from core.filters import style_fields
from core.widgets import DayMonthYearInput
from resolutions.models import CriteriaVersion, ExemplaryModel, FollowUpYear
from resolutions.models.directive05 import YEARS
from resolutions.selectors.documents import documents_offered
from resolutions.services.directive05 import CriterionRow, ModelRow


def _document_choice(form, name: str, user, current) -> None:
    field = form.fields[name]
    field.queryset = documents_offered(user, keep=[current] if current else ())
    field.label_from_instance = lambda document: document.citation


class FollowUpYearForm(forms.ModelForm):
    committee = CommitteeField(label=_("Party committee"))
    members_expected = forms.IntegerField(
        label=_("Members expected to write a plan"), min_value=0, max_value=10_000_000, required=False,
        help_text=_("The committee's own members, not those of the committees under it, who count theirs. Left "
                    "empty: the members the committee has."),
    )  # fmt: skip

    class Meta:
        model = FollowUpYear
        fields = ["committee", "year", "theme", "plan", "members_expected", "members_with_plan", "results"]
        widgets = {"results": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.committee if self.instance.pk else None
        self.fields["committee"].for_user(user, current=current)
        self.initial.setdefault("committee", current or scope_of(user).committee)
        self.initial.setdefault("year", timezone.localdate().year)
        self.fields["year"].widget.attrs.update(min=YEARS[0].limit_value, max=YEARS[1].limit_value)
        _document_choice(self, "plan", user, self.instance.plan_id)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("committee", css_class="col-md-8"), Column("year", css_class="col-md-4")),
            "theme",
            "plan",
            Row(Column("members_expected", css_class="col-md-6"), Column("members_with_plan", css_class="col-md-6")),
            "results",
        )

    def clean(self):
        data = super().clean()
        committee = data.get("committee")
        if data.get("members_expected") is None and committee and "members_expected" not in self.errors:
            data["members_expected"] = committee.party_members
        return data


class ExemplaryModelForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExemplaryModel.Kind.choices, initial=ExemplaryModel.Kind.MODEL)
    name = forms.CharField(label=_("Name"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pk"].disabled = True  # which model a row is comes from the page, never from what is posted
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("description", "").strip() and not data.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", _("Name the model or example described."))
        return data

    @property
    def row(self) -> ModelRow | None:
        data = self.cleaned_data
        if data.get("DELETE") or not data.get("name", "").strip():
            return None
        return ModelRow(data["kind"], data["name"].strip(), data.get("description", "").strip(), data.get("pk"))


ExemplaryModelFormSet = forms.formset_factory(
    ExemplaryModelForm, extra=2, max_num=100, validate_max=True, can_delete=True
)


class CriteriaVersionForm(forms.ModelForm):
    class Meta:
        model = CriteriaVersion
        fields = ["adopted_on", "document", "note"]
        field_classes = {"adopted_on": DateField}
        widgets = {"adopted_on": DayMonthYearInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("adopted_on", timezone.localdate())
        _document_choice(self, "document", user, None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("adopted_on", css_class="col-md-4"), Column("document", css_class="col-md-8")), "note"
        )


class CriterionForm(forms.Form):
    revises = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Criterion"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revises"].disabled = True  # which criterion a row continues comes from the page
        style_fields(self)

    @property
    def row(self) -> CriterionRow | None:
        data = self.cleaned_data
        if data.get("DELETE") or not data.get("text", "").strip():
            return None
        return CriterionRow(data["text"], data.get("revises"))


CriterionFormSet = forms.formset_factory(CriterionForm, extra=3, max_num=100, validate_max=True, can_delete=True)


class OverviewForm(forms.Form):
    """The overview's filter bar: the year, and the committee whose subtree it sums (its code travels in links)."""

    form_id = "directive05-filters"
    committee = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
        style_fields(self)
