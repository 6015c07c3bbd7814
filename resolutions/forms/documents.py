from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.scoping import scope_of
from core.fields import DateField
from core.widgets import DayMonthYearInput
from resolutions.models import PartyDocument, RelationKind
from resolutions.models.documents import CENTRAL_ORGANS


class DocumentForm(forms.ModelForm):
    committee = CommitteeField(label=_("Registered by"))
    issuing_committee = CommitteeField(label=_("Issuing committee"), required=False)

    class Meta:
        model = PartyDocument
        field_classes = {"issued_on": DateField}
        fields = [
            "committee", "kind", "number", "issued_on", "organ", "issuer", "issuing_committee", "title", "plenum",
            "summary", "confidentiality", "dissemination",
        ]  # fmt: skip
        widgets = {"issued_on": DayMonthYearInput(), "summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.committee if self.instance.pk else None
        self.fields["committee"].for_user(user, current=current)
        self.fields["issuing_committee"].for_user(user, change=False, current=self.instance.issuing_committee)
        self.initial["committee"] = current or scope_of(user).committee
        self.fields["issuing_committee"].help_text = PartyDocument._meta.get_field("issuing_committee").help_text
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "committee",
            Row(Column("kind", css_class="col-md-4"), Column("number", css_class="col-md-4"),
                Column("issued_on", css_class="col-md-4")),
            Row(Column("organ", css_class="col-md-4"), Column("issuer", css_class="col-md-8")),
            "issuing_committee",
            "title",
            "plenum",
            "summary",
            Row(Column("confidentiality"), Column("dissemination")),
            Submit("submit", _("Save")),
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        organ = data.get("organ")
        if organ in CENTRAL_ORGANS:
            data["issuing_committee"] = None  # the central organs are not committees of the tree
        elif organ and not data.get("issuing_committee") and data.get("committee"):
            data["issuing_committee"] = data["committee"]  # a committee registers what its own organs issue
        return data


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("This document"), choices=RelationKind.choices)
    target = forms.CharField(
        label=_("Number of the other document"), max_length=50, help_text=_('As written, e.g. "05-CT/TW".')
    )

    def __init__(self, *args, user, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.document = user, document
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-md-5"), Column("target", css_class="col-md-5")),
            Submit("submit", _("Add the relation")),
        )

    def clean_target(self):
        number = " ".join(self.cleaned_data["target"].split())
        found = list(
            PartyDocument.objects.visible_to(self.user)
            # SQLite folds the case of ASCII letters only: "05-nq/đuk" is also looked for as Python upper-cases it.
            .filter(Q(number__iexact=number) | Q(number=number.upper()))
            .exclude(pk=self.document.pk)[:2]
        )
        if not found:
            raise forms.ValidationError(
                _("None of the documents you can read has the number “%(number)s”."), params={"number": number}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several documents have the number “%(number)s”: relate them from the admin."),
                params={"number": number},
            )
        return found[0]
