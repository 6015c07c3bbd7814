from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.fields import CommitteeField
from committees.scoping import scope_of
from core import uploads
from core.fields import DateField
from core.widgets import DayMonthYearInput
from resolutions.models import Commendation


class CommendationForm(forms.ModelForm):
    committee = CommitteeField(
        label=_("Party committee"), help_text=_("The organisation honoured, or the member's own.")
    )
    awarded_by = CommitteeField(label=_("Awarded by"), cells=False)
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    photo = forms.FileField(
        label=_("Photo"), required=False, help_text=_("Optional: a JPEG or PNG picture, for the page and the book."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )  # fmt: skip
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Commendation
        field_classes = {"decision_date": DateField}
        fields = [
            "honoree", "committee", "member_name", "title", "year", "awarded_by", "issuer", "decision_number",
            "decision_date", "citation",
        ]  # fmt: skip
        widgets = {"decision_date": DayMonthYearInput(), "citation": forms.Textarea(attrs={"rows": 5})}

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        if photo:
            uploads.validate_image(photo)  # its ValidationError says what is wrong with the file
        return photo

    @property
    def photo_change(self):
        """For the service: a new picture, ``False`` to remove the photo, ``None`` to keep it."""
        photo = self.cleaned_data.get("photo")
        return photo or (False if self.cleaned_data.get("remove_photo") else None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.committee if self.instance.pk else None
        self.fields["committee"].for_user(user, current=current)
        self.fields["awarded_by"].for_user(user, change=False, current=self.instance.awarded_by if current else None)
        own = scope_of(user).committee
        self.initial.setdefault("awarded_by", own)
        self.initial.setdefault("year", timezone.localdate().year)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("honoree", css_class="col-md-4"), Column("committee", css_class="col-md-8")),
            "member_name",
            Row(Column("title", css_class="col-md-8"), Column("year", css_class="col-md-4")),
            Row(Column("awarded_by", css_class="col-md-6"), Column("issuer", css_class="col-md-6")),
            Row(Column("decision_number", css_class="col-md-6"), Column("decision_date", css_class="col-md-6")),
            "citation",
            "photo",
            *(["remove_photo"] if self.instance.photo else []),
            Submit("submit", _("Save")),
        )
