"""Forms for concerns, their workflow steps and dialogue sessions. They validate input; the services decide."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Hidden, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from core.fields import DateField
from core.widgets import DayMonthYearInput
from opinion.models import Concern, Dialogue
from opinion.selectors import concerns as selectors
from opinion.services.concerns import CONCERN_DEADLINE_WORKING_DAYS, forward_targets

Status = Concern.Status


class OwnerChoiceField(forms.ModelChoiceField):
    """A staff account, shown with the committee it works for."""

    def label_from_instance(self, user):
        name = user.get_full_name() or user.get_username()
        committee = user.profile.committee
        return f"{name} — {committee.short_name or committee.name}"


def _anonymous_without_name(cleaned_data: dict) -> dict:
    # An anonymous concern keeps no name: whatever was typed in "raised by" is dropped, never stored.
    if cleaned_data.get("is_anonymous"):
        cleaned_data["raised_by"] = ""
    return cleaned_data


class ConcernForm(forms.ModelForm):
    """A new concern, as it is received."""

    committee = CommitteeField(label=_("party committee"), cells=False)
    owner = OwnerChoiceField(label=_("owner"), queryset=None)

    class Meta:
        model = Concern
        field_classes = {"received_on": DateField, "deadline": DateField}
        fields = [
            "committee", "channel", "category", "content", "is_anonymous", "raised_by", "owner", "received_on",
            "deadline",
        ]  # fmt: skip
        widgets = {
            "content": forms.Textarea(attrs={"rows": 5}),
            "received_on": DayMonthYearInput(),
            "deadline": DayMonthYearInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "committee" in self.fields:
            self.fields["committee"].for_user(user)
            self.fields["owner"].queryset = selectors.owner_choices(user)
        else:
            self.fields["owner"].queryset = selectors.owner_choices(user, committee=self.instance.committee)
        self.fields["raised_by"].help_text = _("Left empty, and never stored, when the concern is anonymous.")
        self._setup_dates()
        self.helper = FormHelper()
        self.helper.layout = self._layout()

    def _setup_dates(self):
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["deadline"].required = False
        self.fields["deadline"].help_text = _("Leave empty for %(days)s working days after the date received.") % {
            "days": CONCERN_DEADLINE_WORKING_DAYS
        }

    def _layout(self):
        return Layout(
            Row(Column("committee", css_class="col-md-6"), Column("owner", css_class="col-md-6")),
            Row(Column("channel", css_class="col-md-6"), Column("category", css_class="col-md-6")),
            "content",
            Row(Column("is_anonymous", css_class="col-md-4 pt-md-4"), Column("raised_by", css_class="col-md-8")),
            Row(Column("received_on", css_class="col-md-4"), Column("deadline", css_class="col-md-4")),
            Submit("submit", _("Save")),
        )

    def clean(self):
        return _anonymous_without_name(super().clean())


class ConcernUpdateForm(ConcernForm):
    """An open concern's details; its committee changes only by forwarding, its status only by the steps."""

    class Meta(ConcernForm.Meta):
        fields = [
            "channel", "category", "content", "is_anonymous", "raised_by", "owner", "received_on", "deadline",
        ]  # fmt: skip

    committee = None  # the owner comes from the concern's own committee or one above it

    def _setup_dates(self):
        self.fields["deadline"].required = True

    def _layout(self):
        return Layout(
            "owner",
            Row(Column("channel", css_class="col-md-6"), Column("category", css_class="col-md-6")),
            "content",
            Row(Column("is_anonymous", css_class="col-md-4 pt-md-4"), Column("raised_by", css_class="col-md-8")),
            Row(Column("received_on", css_class="col-md-4"), Column("deadline", css_class="col-md-4")),
            Submit("submit", _("Save")),
        )


# --- Workflow steps -------------------------------------------------------------------------------------------------


class StepForm(forms.Form):
    """One step of the workflow, posted to the transition endpoint with the target status."""

    status: str = ""
    title = ""
    submit_label = ""
    submit_class = "btn-outline-secondary"

    def __init__(self, *args, concern: Concern, **kwargs):
        kwargs.setdefault("prefix", self.status)
        super().__init__(*args, **kwargs)
        self.concern = concern
        url = reverse("opinion:concern_transition", args=[concern.pk])
        self.helper = FormHelper()
        self.helper.form_action = url
        self.helper.form_id = f"step-{self.status}"
        self.helper.attrs = {"hx-post": url, "hx-target": "#concern-actions", "hx-swap": "outerHTML"}
        submit = Submit("submit", self.submit_label)
        submit.field_classes = f"btn {self.submit_class}"  # not crispy's btn-primary: one main step at a time
        self.helper.layout = Layout(Hidden("status", self.status), *self.fields, submit)


class AdviseForm(StepForm):
    status = Status.ADVISING
    title = _("Advise the committee")
    submit_label = _("Start advising the committee")
    submit_class = "btn-party"
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(StepForm):
    status = Status.RESOLVED
    title = _("Resolve conclusively")
    submit_label = _("Resolve")
    submit_class = "btn-party"
    # Required by the service, which says so as a field error (so the browser does not stop the form first).
    outcome = forms.CharField(
        label=_("outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the concern was resolved; required."),
    )  # fmt: skip


class RefuseForm(StepForm):
    status = Status.NOT_ACCEPTED
    title = _("Do not accept")
    submit_label = _("Do not accept")
    submit_class = "btn-outline-danger"
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the concern is not accepted; required."),
    )  # fmt: skip


class ForwardForm(StepForm):
    status = Status.FORWARDED
    title = _("Forward to another committee")
    submit_label = _("Forward")
    to_committee = forms.ModelChoiceField(label=_("forward to"), queryset=None)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, concern: Concern, **kwargs):
        super().__init__(*args, concern=concern, **kwargs)
        self.fields["to_committee"].queryset = forward_targets(concern)


STEP_FORMS: dict[str, type[StepForm]] = {
    form.status: form for form in (AdviseForm, ResolveForm, ForwardForm, RefuseForm)
}


# --- Dialogue sessions --------------------------------------------------------------------------------------------


class DialogueForm(forms.ModelForm):
    """A dialogue session; the owner is given once for all the concerns its questions become."""

    committee = CommitteeField(label=_("party committee"), cells=False)
    owner = OwnerChoiceField(
        label=_("owner of the concerns"), queryset=None, required=False,
        help_text=_("Who follows up the questions below; required when there are questions."),
    )  # fmt: skip

    class Meta:
        model = Dialogue
        field_classes = {"held_on": DateField}
        fields = ["committee", "held_on", "title", "chair", "participants", "summary"]
        widgets = {"held_on": DayMonthYearInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["committee"]  # its concerns belong to its committee: it stays
        else:
            self.fields["committee"].for_user(user)
            self.fields["held_on"].initial = timezone.localdate()
        self.fields["owner"].queryset = selectors.owner_choices(user)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(["committee"] if "committee" in self.fields else []),
            "title",
            Row(
                Column("held_on", css_class="col-md-4"),
                Column("chair", css_class="col-md-5"),
                Column("participants", css_class="col-md-3"),
            ),
            "summary",
            "owner",
        )


class QuestionForm(forms.Form):
    """A question raised at a dialogue session: it becomes a concern."""

    content = forms.CharField(label=_("question"), widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("category"), choices=[("", "---------"), *Concern.Category.choices])
    is_anonymous = forms.BooleanField(label=_("anonymous"), required=False)
    raised_by = forms.CharField(label=_("raised by"), required=False, max_length=150)

    def clean(self):
        return _anonymous_without_name(super().clean())


QuestionFormSet = forms.formset_factory(QuestionForm, extra=5)


def question_formset_helper() -> FormHelper:
    """The layout of each question (the questions are rendered one fieldset each, inside the session's form)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(
        "content",
        Row(
            Column("category", css_class="col-md-4"),
            Column("is_anonymous", css_class="col-md-3 pt-md-4"),
            Column("raised_by", css_class="col-md-5"),
        ),
    )
    return helper
