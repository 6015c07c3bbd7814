"""Forms of the collaborator network: the list's filters, the profile form, the status change, the import upload.

A committee is chosen with the one committee picker (``committees.fields.CommitteeField``): typed by code or name,
validated against the user's scope.
"""

import re

import filetype
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.models import Role, StaffProfile
from committees.scoping import scope_of
from core.fields import DateField
from core.widgets import DayMonthYearInput
from opinion.models import Collaborator, CollaboratorStatusChange
from opinion.services import collaborators as services

PHONE = re.compile(r"^\+?[\d\s().-]{8,20}$")


# --- profile ------------------------------------------------------------------------------------------------------


class CollaboratorForm(forms.ModelForm):
    committee = CommitteeField(label=_("Committee"))
    account = forms.CharField(
        label=_("Login account"),
        required=False,
        max_length=150,
        help_text=_("Optional: the username of an account with the collaborator role, so they can sign in."),
    )

    class Meta:
        model = Collaborator
        field_classes = {"decision_date": DateField}
        fields = [
            "committee", "full_name", "birth_year", "gender", "position", "unit", "phone", "email",
            "decision_number", "decision_date", "decision_signer",
        ]  # fmt: skip
        widgets = {"decision_date": DayMonthYearInput(), "birth_year": forms.NumberInput(attrs={"min": 1930})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = self.instance.committee if self.instance.pk else None
        self.fields["committee"].for_user(user, current=current)
        self.fields["full_name"].required = True
        if self.instance.pk:
            self.initial["committee"] = current
            self.initial["account"] = self.instance.user.get_username() if self.instance.user else ""
        else:
            self.initial.setdefault("committee", scope_of(user).committee)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Person"),
                Row(Column("full_name", css_class="col-md-6"), Column("birth_year"), Column("gender")),
                Row(Column("position"), Column("unit")),
                Row(Column("phone"), Column("email")),
            ),
            Fieldset(
                _("Appointment"),
                Row(Column("committee", css_class="col-md-6")),
                Row(Column("decision_number"), Column("decision_date"), Column("decision_signer")),
            ),
            Fieldset(_("Sign-in"), Row(Column("account", css_class="col-md-6"))),
            Submit("submit", _("Save")),
        )

    def _post_clean(self):
        super()._post_clean()
        # The services' own rules (a plausible year of birth, no decision dated in the future…), reported with the
        # form's errors rather than after them.
        committee_changed = self.instance.pk is None or "committee" in self.changed_data
        try:
            services.collaborator_validate(
                self.instance, exclude=list(self.errors), committee_changed=committee_changed
            )
        except ValidationError as e:
            self._update_errors(e)

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number of 8 to 20 digits, e.g. 0912 345 678."))
        return phone

    def clean_account(self):
        username = self.cleaned_data["account"].strip()
        if not username:
            return None
        # Only accounts of the user's own scope: any other username is "not found", whether it exists or not.
        profile = (
            StaffProfile.objects.changeable_by(self.user).filter(user__username=username).select_related("user").first()
        )
        if profile is None:
            raise forms.ValidationError(_("No account has the username %(name)s.") % {"name": username})
        if profile.role != Role.COLLABORATOR:
            raise forms.ValidationError(_("Only an account with the collaborator role can be linked."))
        return profile.user


class StatusChangeForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Collaborator.Status.choices)
    kind = forms.ChoiceField(
        label=_("Kind of change"),
        choices=CollaboratorStatusChange.Kind.choices,
        initial=CollaboratorStatusChange.Kind.REORGANISE,
    )
    effective_on = DateField(label=_("Effective on"), widget=DayMonthYearInput())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when pausing or ending."),
    )
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=50)
    decision_date = DateField(label=_("Decision date"), required=False, widget=DayMonthYearInput())

    def __init__(self, *args, collaborator: Collaborator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(v, lbl) for v, lbl in Collaborator.Status.choices if v != collaborator.status]
        self.fields["effective_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("to"), Column("kind"), Column("effective_on")),
            "reason",
            Row(Column("decision_number"), Column("decision_date")),
            Submit("submit", _("Record the change")),
        )


# --- import -------------------------------------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("At most 5 MB. Save a CSV file as “CSV UTF-8”."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        data = upload.read()
        if name.endswith(".xlsx"):
            # Judged by its content, never by its name: an XLSX workbook is a ZIP archive.
            kind = filetype.guess(data)
            if kind is None or kind.extension not in {"xlsx", "zip"}:
                raise forms.ValidationError(_("This file is not an Excel workbook (XLSX)."))
            self.format = "xlsx"
        elif name.endswith(".csv"):
            if b"\x00" in data[:4096]:
                raise forms.ValidationError(_("This file is not a CSV text file."))
            self.format = "csv"
        else:
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        self.data_bytes = data
        return upload
