from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class CommitteePickerInput(forms.TextInput):
    """A committee typed as its code (or picked by name from suggestions): a plain text input, so it works without
    JavaScript; ``static/js/committee-picker.js`` adds the suggestions, fetched from ``committees:suggest`` within
    the user's scope, accents and case ignored. ``suggest_params`` narrow the suggestions the way the field narrows
    what it accepts (party cells left out, inactive committees included)."""

    def __init__(self, attrs=None):
        defaults = {
            "class": "form-control",
            "autocomplete": "off",
            "spellcheck": "false",
            "placeholder": _("Code or name"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})
        self.suggest_params: dict[str, str] = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse("committees:suggest")
        if self.suggest_params:
            url = f"{url}?{urlencode(self.suggest_params)}"
        context["widget"]["attrs"].update({"data-committee-picker": "", "data-suggest-url": url})
        return context
