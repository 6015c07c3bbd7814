from django.contrib.auth.mixins import LoginRequiredMixin


class ScopedViewMixin(LoginRequiredMixin):
    """For class-based views: the queryset is always narrowed to the user's scope, so a detail outside it is 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
