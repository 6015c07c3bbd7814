from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.models import Committee
from committees.scoping import scope_of
from core import uploads
from core.fields import DateField, ModelMultipleChoiceField
from core.filters import style_fields
from core.forms import ACCEPTED_FILES
from core.widgets import DayMonthYearInput
from resolutions.models import CampaignTarget, DocumentKind, PartyDocument, StepKind, StepReport, Urging
from resolutions.selectors.campaigns import BOARD_STATUSES
from resolutions.selectors.documents import documents_offered
from resolutions.services.campaigns import DEFAULT_STEPS, REPORT_FIELDS, Point, StepRow

STUDIED_KINDS = (DocumentKind.RESOLUTION, DocumentKind.DIRECTIVE, DocumentKind.CONCLUSION, DocumentKind.REGULATION)


class CampaignForm(forms.Form):
    committee = CommitteeField(label=_("Organising committee"), cells=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    starts_on = DateField(label=_("Starts on"), widget=DayMonthYearInput())
    documents = ModelMultipleChoiceField(
        label=_("Documents studied"), queryset=PartyDocument.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    target_kinds = forms.MultipleChoiceField(
        label=_("Kinds of committee taking part"),
        choices=[(kind, label) for kind, label in Committee.Kind.choices if kind in DEFAULT_STEPS],
        widget=forms.CheckboxSelectMultiple,
    )
    directly_under = forms.BooleanField(
        label=_("Directly under the organiser only"),
        required=False,
        initial=True,
        help_text=_("Otherwise every committee of those kinds below the organiser takes part."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].for_user(user)
        self.initial.setdefault("committee", scope_of(user).committee)
        self.initial.setdefault("starts_on", timezone.localdate())
        self.fields["documents"].queryset = documents_offered(user, kinds=STUDIED_KINDS)
        self.fields["documents"].label_from_instance = lambda document: document.citation
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "committee",
            "title",
            Row(Column("starts_on", css_class="col-md-4")),
            "documents",
            "target_kinds",
            "directly_under",
            Submit("submit", _("Start the campaign")),
        )

    def clean(self):
        data = super().clean()
        starts_on, documents = data.get("starts_on"), data.get("documents")
        if starts_on and documents and starts_on < max(document.issued_on for document in documents):
            self.add_error("starts_on", _("A campaign cannot start before the documents it studies were issued."))
        return data


class StepReportForm(forms.ModelForm):
    evidence = forms.FileField(
        label=_("Evidence file"), required=False, widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES})
    )
    evidence_title = forms.CharField(label=_("Title of the file"), max_length=255, required=False)

    class Meta:
        model = StepReport
        fields = list(REPORT_FIELDS)
        field_classes = {"done_on": DateField, "evidence_date": DateField}
        widgets = {"done_on": DayMonthYearInput(), "evidence_date": DayMonthYearInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _("The plan, the minutes… %(types)s, at most %(limit)s.") % {
            "types": uploads.allowed_types_label(),
            "limit": filesizeformat(uploads.MAX_UPLOAD_SIZE),
        }
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's form also holds the connection points
        self.helper.layout = Layout(
            Row(Column("done_on", css_class="col-md-4"), Column("format", css_class="col-md-4")),
            Row(Column("evidence_number", css_class="col-md-4"), Column("evidence_date", css_class="col-md-4")),
            Row(Column("sessions"), Column("attendees"), Column("members_studied"), Column("non_members")),
            Row(Column("reflections"), Column("articles")),
            Row(Column("evidence"), Column("evidence_title")),
            "attended_above",
            "not_applicable",
        )

    def clean_evidence(self):
        upload = self.cleaned_data["evidence"]
        if upload:
            uploads.validate_upload(upload)  # its ValidationError says what is wrong with the file
        return upload


class BoardFilterForm(forms.Form):
    """The board's filter bar: the targets of one kind, and the rows with a target in one state; the chosen
    committee travels with it."""

    form_id = "board-filters"
    committee = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind of committee"), required=False, choices=[("", _("All kinds")), *Committee.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Committees with a step"),
        required=False,
        choices=[("", _("In any state")), *((status.value, status.label) for status in BOARD_STATUSES)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ConnectionPointForm(forms.Form):
    """One connection point of a conference followed online: the committee that hosted it (the target itself or a
    committee under it), where, and how many attended there."""

    host = CommitteeField(label=_("Host committee"), required=False, inactive=True)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    attendees = forms.IntegerField(label=_("Attendees at this point"), min_value=1, max_value=1_000_000, required=False)

    def __init__(self, *args, user, target: CampaignTarget, **kwargs):
        super().__init__(*args, **kwargs)
        host = self.fields["host"].for_user(user, change=False)
        host.queryset = host.queryset.filter(path__startswith=target.committee.path)
        style_fields(self)

    def clean(self):
        data = super().clean()
        if data.get("host") and not data.get("attendees"):
            self.add_error("attendees", _("Give the number of attendees at this connection point."))
        if data.get("attendees") and not data.get("host") and "host" not in self.errors:
            self.add_error("host", _("Choose the committee that hosted this connection point."))
        return data

    @property
    def point(self) -> Point | None:
        data = self.cleaned_data
        return Point(data["host"], data["attendees"], data.get("place", "")) if data.get("host") else None


ConnectionPointFormSet = forms.formset_factory(ConnectionPointForm, extra=2, max_num=50, validate_max=True)


class UrgingForm(forms.ModelForm):
    class Meta:
        model = Urging
        fields = ["urged_on", "channel", "note"]
        field_classes = {"urged_on": DateField}
        widgets = {"urged_on": DayMonthYearInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("urged_on", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("urged_on", css_class="col-md-5"), Column("channel", css_class="col-md-7")),
            "note",
            Submit("submit", _("Log the urging"), css_class="btn-outline-primary"),
        )


class StepRowForm(forms.Form):
    """One step of a campaign on the organiser's steps page; a step the campaign has keeps its kinds."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    target_kind = forms.ChoiceField(label=_("Kind of committee"), required=False)
    kind = forms.ChoiceField(label=_("Step"), choices=[("", "—"), *StepKind.choices], required=False)
    due_days = forms.IntegerField(label=_("Due after (days)"), min_value=0, max_value=730, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=99, required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Committee.Kind.choices)
        self.fields["target_kind"].choices = [("", "—"), *((kind, labels[kind]) for kind in kinds)]
        self.fields["pk"].disabled = True  # which step a row is comes from the page, never from what is posted
        if self.initial.get("pk"):
            self.fields["target_kind"].disabled = self.fields["kind"].disabled = True
        style_fields(self)

    def clean(self):
        data = super().clean()
        if self.has_changed() or data.get("pk"):
            for name in ("target_kind", "kind", "due_days"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data

    @property
    def row(self) -> StepRow | None:
        data = self.cleaned_data
        if not data.get("kind") or data.get("DELETE"):
            return None
        return StepRow(data["target_kind"], data["kind"], data["due_days"], data.get("order") or 0, data.get("pk"))


StepRowFormSet = forms.formset_factory(StepRowForm, extra=2, max_num=60, validate_max=True, can_delete=True)
