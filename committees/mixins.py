from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from committees.scoping import may_change


class ScopedViewMixin(LoginRequiredMixin):
    """For class-based views: the queryset is always narrowed to the user's scope, so a detail outside it is 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedObjectMixin(LoginRequiredMixin):
    """For a page about one scoped object (``pk`` in the URL, or ``pk_url_kwarg``), in this order:

    1. signed in, or off to the login page; a method the page never takes is refused (405) before anything else;
    2. the object among what the user may see (``visible_to``), else 404 — whatever the user's permissions, so
       nothing outside the scope can be told apart from nothing at all;
    3. the model permissions (``permission_required``: one or several), else 403: leaders read, they do not change;
    4. when ``require_changeable``, the object among what the user may change (``changeable_by``), else 403 (what
       an ancestor issued is read, never changed, below it) — or 404 with ``hide_unchangeable``, where a record one
       may see but not change is nobody's business to learn is changeable at all (a collaborator's own profile).

    The object is ``self.object`` (also what ``get_object`` answers, so detail and update views do not look it up
    again); ``get_scoped_queryset`` is where a view adds its ``select_related``.
    """

    model = None
    pk_url_kwarg = "pk"
    permission_required: str | tuple[str, ...] | None = None
    require_changeable = True
    hide_unchangeable = False

    def get_scoped_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_permission_required(self) -> tuple[str, ...]:
        if not self.permission_required:
            return ()
        if isinstance(self.permission_required, str):
            return (self.permission_required,)
        return tuple(self.permission_required)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.object = get_object_or_404(self.get_scoped_queryset(), pk=kwargs[self.pk_url_kwarg])
        if not self.has_permission():
            raise PermissionDenied
        if self.require_changeable and not self.is_changeable():
            if self.hide_unchangeable:
                raise Http404
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        return self.request.user.has_perms(self.get_permission_required())

    def get_object(self, queryset=None):
        return self.object

    def is_changeable(self) -> bool:
        return self.model.objects.changeable_by(self.request.user).filter(pk=self.object.pk).exists()

    def may_change(self, *perms: str) -> bool:
        """For a page that reads: may the user also change the object (``committees.scoping.may_change``)?"""
        return may_change(self.request.user, self.object, *perms)
