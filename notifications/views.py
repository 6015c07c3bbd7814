from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import UpdateView

from notifications.forms import PreferenceForm
from notifications.kinds import registry
from notifications.messages import read_unsubscribe_token
from notifications.models import Preference

User = get_user_model()


def preference_of(user) -> Preference:
    """The person's saved settings, or the defaults unsaved: reading a page (or a link scanner opening the
    unsubscribe link) writes nothing; the first save inserts the row."""
    return Preference.objects.filter(user=user).select_related("user").first() or Preference(user=user)


class PreferenceView(LoginRequiredMixin, UpdateView):
    """Everyone's own email settings: the language of their mail and the optional monthly digest."""

    form_class = PreferenceForm
    template_name = "notifications/preferences.html"
    success_url = reverse_lazy("notifications:preferences")

    def get_object(self, queryset=None):
        return preference_of(self.request.user)

    def form_valid(self, form):
        messages.success(self.request, _("Your email settings are saved."))
        return super().form_valid(form)


@method_decorator(csrf_exempt, name="dispatch")  # mail clients post the one-click unsubscribe (RFC 8058) bare
class UnsubscribeView(View):
    """The link in optional mail: no sign-in needed, the signed token says whose mail and which kind. GET asks to
    confirm (so that a link scanner does not unsubscribe anyone); POST turns that mail off."""

    template_name = "notifications/unsubscribe.html"

    def get_preference(self, token: str) -> tuple[Preference, str]:
        try:
            user_id, field = read_unsubscribe_token(token)
        except signing.BadSignature:
            raise Http404 from None
        if field not in {kind.preference for kind in registry().values() if kind.preference}:
            raise Http404  # only a preference some optional mail names can be turned off by its link
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise Http404
        return preference_of(user), field

    def get(self, request, token):
        preference, field = self.get_preference(token)
        return render(request, self.template_name, {"preference": preference, "done": False})

    def post(self, request, token):
        preference, field = self.get_preference(token)
        preference, _created = Preference.objects.update_or_create(user_id=preference.user_id, defaults={field: False})
        return render(request, self.template_name, {"preference": preference, "done": True})
