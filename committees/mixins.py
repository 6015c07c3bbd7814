from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


class ScopedViewMixin(LoginRequiredMixin):
    """For class-based views: the queryset is always narrowed to the user's scope, so a detail outside it is 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedObjectMixin(LoginRequiredMixin):
    """For a page acting on one scoped object (``pk`` in the URL), in this order:

    1. signed in, or off to the login page;
    2. the object among what the user may see (``visible_to``), else 404 — whatever the method or permission, so
       nothing outside the scope can be told apart from nothing at all;
    3. the model permission (``permission_required``), else 403: leaders read, they do not change;
    4. when ``require_changeable``, the object among what the user may change (``changeable_by``), else 403: what
       an ancestor issued is read, never changed, below it.
    """

    model = None
    permission_required: str | None = None
    require_changeable = True

    def get_scoped_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = get_object_or_404(self.get_scoped_queryset(), pk=kwargs["pk"])
        if self.permission_required and not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        if self.require_changeable and not self.is_changeable():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def is_changeable(self) -> bool:
        return self.model.objects.changeable_by(self.request.user).filter(pk=self.object.pk).exists()
