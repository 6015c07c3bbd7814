"""Forms every area uses alike."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import uploads

ACCEPTED_FILES = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png"


class UploadForm(forms.Form):
    """A file to store with a record (a training's material, a document's text), checked from its content."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False, help_text=_("The file name if empty."))
    file = forms.FileField(label=_("File"), widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s, at most %(limit)s.") % {
            "types": uploads.allowed_types_label(),
            "limit": filesizeformat(uploads.MAX_UPLOAD_SIZE),
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("title", "file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_upload(upload)  # its ValidationError says what is wrong with the file
        return upload
