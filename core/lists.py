"""The one list view every list page is: the area's selector gives a ``ListFilterSet`` of the reader's records, its
rows are paged by the project's paginator (a page past the end shows the last page), and the page gets the filter
form (links keep the filters with ``{% querystring %}``)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import ListView

from core.pagination import LenientPaginationMixin


class FilteredListView(LoginRequiredMixin, LenientPaginationMixin, ListView):
    permission_required: str | tuple[str, ...] = ()
    paginate_by = 25

    def filtered(self):
        """The area's selector called for this request: ``selector(self.request.user, self.request.GET)``."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        perms = (self.permission_required,) if isinstance(self.permission_required, str) else self.permission_required
        if not request.user.has_perms(perms):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.filterset = self.filtered()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filterset.form, **kwargs)
