"""Pages of the collaborator network: list (filters, search, sorting), export, profile, forms, status changes, import.

Access: every read starts from ``Collaborator.objects.visible_to(user)``; a page about one collaborator finds them
there first (404 for anything outside the scope, whatever the user's role), then checks the model permission (403:
leaders read, they do not change), then ``changeable_by`` for a write.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from import_export.results import RowResult

from committees import selectors as committee_selectors
from committees.mixins import ScopedObjectMixin
from committees.scoping import scope_of
from core.editing import show_refusal
from core.imports import read_table
from core.lists import FilteredListView
from core.navigation import Crumb
from core.spreadsheets import spreadsheet_response
from opinion.forms.collaborators import CollaboratorForm, ImportForm, StatusChangeForm
from opinion.models import Collaborator
from opinion.resources import COLUMN_OF, LABELS, MAX_ROWS, CollaboratorResource
from opinion.selectors import collaborators as selectors
from opinion.services import collaborators as services

PER_PAGE = 25
SORT_COLUMNS = [
    ("name", gettext_lazy("Full name")),
    ("committee", gettext_lazy("Committee")),
    ("status", gettext_lazy("Status")),
    ("appointed", gettext_lazy("Appointed")),
]
EDITABLE = CollaboratorForm.Meta.fields


def _crumbs(*items):
    """Breadcrumbs after "Overview": the collaborator list, then ``(name, url)`` pairs."""
    return [Crumb(_("Collaborators"), reverse("opinion:collaborator_list")), *(Crumb(*item) for item in items)]


class CollaboratorListView(FilteredListView):
    permission_required = "opinion.view_collaborator"
    template_name = "opinion/collaborators/list.html"
    paginate_by = PER_PAGE
    http_method_names = ["get"]

    def filtered(self):
        return selectors.collaborator_list(self.request.user, self.request.GET)

    def paginate_queryset(self, queryset, page_size):
        paginated = super().paginate_queryset(queryset, page_size)
        selectors.attach_trained(paginated[2])
        return paginated

    def get_context_data(self, **kwargs):
        user = self.request.user
        params = self.request.GET.copy()
        params.pop("page", None)
        current = params.get("sort", "")
        headers = []
        for key, label in SORT_COLUMNS:
            params["sort"] = f"-{key}" if current == key else key
            state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
            headers.append({"label": label, "url": f"?{params.urlencode()}", "state": state})
        params.pop("sort")
        if current:
            params["sort"] = current
        export_url = reverse("opinion:collaborator_export")
        params["format"] = "csv"
        export_csv = f"{export_url}?{params.urlencode()}"
        params["format"] = "xlsx"
        export_xlsx = f"{export_url}?{params.urlencode()}"
        return super().get_context_data(
            can_add=user.has_perm("opinion.add_collaborator"),
            can_import=user.has_perm("opinion.add_collaborator") and user.has_perm("opinion.change_collaborator"),
            crumbs=_crumbs(),
            headers=headers,
            export_csv=export_csv,
            export_xlsx=export_xlsx,
            **kwargs,
        )


class CollaboratorExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The filtered list as CSV (UTF-8 with a BOM, so Excel reads Vietnamese) or XLSX: same filters, same scope.

    Written from plain rows for a whole network: the CSV streams as the rows are read, the XLSX is assembled
    (``core.spreadsheets``); either takes the same few queries whatever the number of rows.
    """

    permission_required = "opinion.view_collaborator"
    http_method_names = ["get"]

    def get(self, request):
        filterset = selectors.collaborator_list(request.user, request.GET)
        collaborators = filterset.qs  # as the list shows them
        resource = CollaboratorResource(user=request.user)
        headers, rows = resource.export_table(collaborators, native=request.GET.get("format") == "xlsx")
        filename = f"cong-tac-vien-{timezone.localdate():%Y%m%d}"
        return spreadsheet_response(request, headers, rows, title=_("Collaborators"), filename=filename)


class CollaboratorDetailView(ScopedObjectMixin, DetailView):
    """The profile: personal data, appointment, status history, trainings, briefing attendance, reports."""

    model = Collaborator
    permission_required = "opinion.view_collaborator"
    require_changeable = False
    template_name = "opinion/collaborators/detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "user")

    def get_context_data(self, **kwargs):
        user, collaborator = self.request.user, self.object
        scope = scope_of(user)
        can_change = user.has_perm("opinion.change_collaborator") and not scope.is_collaborator and not scope.nothing
        # A collaborator reads their own profile from their overview, not from the staff's list.
        crumbs = [Crumb(collaborator.full_name)] if scope.is_collaborator else _crumbs((collaborator.full_name, ""))
        return super().get_context_data(
            **selectors.collaborator_profile(collaborator, user),
            committee_path=committee_selectors.ancestors_in_scope(collaborator.committee, user),
            can_change=can_change,
            crumbs=crumbs,
            **kwargs,
        )


class _CollaboratorWriteMixin(ScopedObjectMixin):
    """The collaborator in the user's scope (else 404), the permission (else 403), and the right to change them
    (else 404: a collaborator's own record is visible to them but not theirs to edit)."""

    model = Collaborator
    permission_required = "opinion.change_collaborator"
    hide_unchangeable = True


class CollaboratorCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "opinion.add_collaborator"
    form_class = CollaboratorForm
    template_name = "opinion/collaborators/form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        code = self.request.GET.get("committee", "").strip()
        return {"committee": code} if code else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New collaborator"), crumbs=_crumbs((_("New collaborator"), "")), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            collaborator = services.collaborator_create(
                by=self.request.user, user=data["account"], **{name: data[name] for name in EDITABLE}
            )
        except ValidationError as e:
            show_refusal(form, e, {"user": "account"})
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was added.") % {"name": collaborator.full_name})
        return redirect(collaborator)


class CollaboratorUpdateView(_CollaboratorWriteMixin, FormView):
    form_class = CollaboratorForm
    template_name = "opinion/collaborators/form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        name = self.object.full_name
        return super().get_context_data(
            title=_("Edit %(name)s") % {"name": name},
            object=self.object,
            crumbs=_crumbs((name, self.object.get_absolute_url()), (_("Edit"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.collaborator_update(
                    collaborator=self.object, by=self.request.user, **{name: data[name] for name in EDITABLE}
                )
                services.collaborator_link_account(collaborator=self.object, user=data["account"], by=self.request.user)
        except ValidationError as e:
            show_refusal(form, e, {"user": "account"})
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": data["full_name"]})
        return redirect(self.object)


class CollaboratorStatusView(_CollaboratorWriteMixin, FormView):
    form_class = StatusChangeForm
    template_name = "opinion/collaborators/status_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["collaborator"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            crumbs=_crumbs((self.object.full_name, self.object.get_absolute_url()), (_("Change status"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.collaborator_change_status(collaborator=self.object, by=self.request.user, **form.cleaned_data)
        except ValidationError as e:
            show_refusal(form, e)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s is now %(status)s.")
            % {"name": self.object.full_name, "status": self.object.get_status_display()},
        )
        return redirect(self.object)


# --- import -------------------------------------------------------------------------------------------------------

PENDING_KEY = "collaborator_import"
PENDING_DIR = Path(tempfile.gettempdir()) / "tuyengiao-imports"
PENDING_MAX_AGE = 24 * 60 * 60
PREVIEW_COLUMNS = (
    "id", "committee_code", "full_name", "birth_year", "gender", "position", "unit", "phone", "email",
    "decision_number", "decision_date", "decision_signer",
)  # fmt: skip


class PendingImport:
    """The file between preview and confirmation, kept on the server under a random name known only to the
    uploader's session (the browser never sends a path), and checked against its hash when read back."""

    def __init__(self, request):
        self.session = request.session

    def save(self, data: bytes, file_format: str, name: str) -> None:
        self.discard()
        PENDING_DIR.mkdir(mode=0o700, exist_ok=True)
        self._sweep()
        token = secrets.token_hex(16)
        path = PENDING_DIR / token
        path.write_bytes(data)
        path.chmod(0o600)
        self.session[PENDING_KEY] = {
            "token": token,
            "format": file_format,
            "name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
        }

    def load(self) -> tuple[bytes, str, str] | None:
        pending = self.session.get(PENDING_KEY)
        if not pending:
            return None
        path = PENDING_DIR / pending["token"]
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != pending["sha256"]:
            return None
        return data, pending["format"], pending["name"]

    def discard(self) -> None:
        pending = self.session.pop(PENDING_KEY, None)
        if pending:
            (PENDING_DIR / pending["token"]).unlink(missing_ok=True)

    @staticmethod
    def _sweep() -> None:
        """Forget files abandoned more than a day ago."""
        limit = time.time() - PENDING_MAX_AGE
        for path in PENDING_DIR.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                continue


def _row_errors(row_result: RowResult) -> list[tuple[str, str]]:
    """(column, message) for each problem of a row, in the user's language; never a traceback."""
    errors = []
    if row_result.validation_error is not None:
        for field, field_messages in row_result.validation_error.message_dict.items():
            column = "" if field == NON_FIELD_ERRORS else str(LABELS.get(COLUMN_OF.get(field, field), field))
            errors.extend((column, message) for message in field_messages)
    for error in row_result.errors:
        if isinstance(error.error, ValueError | ValidationError):
            errors.append(("", str(error.error)))
        else:
            errors.append(("", _("This row could not be saved.")))
    return errors


class CollaboratorImportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Upload → preview of every row with its errors → confirm → all rows saved, or none."""

    permission_required = ("opinion.add_collaborator", "opinion.change_collaborator")
    template_name = "opinion/collaborators/import.html"

    def get(self, request):
        PendingImport(request).discard()
        return self._render(request, ImportForm())

    def post(self, request):
        pending = PendingImport(request)
        action = request.POST.get("action", "preview")
        if action == "cancel":
            pending.discard()
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect("opinion:collaborator_import")
        if action == "confirm":
            loaded = pending.load()
            if loaded is None:
                messages.error(request, _("The uploaded file is no longer available: upload it again."))
                return redirect("opinion:collaborator_import")
            form = ImportForm()
            outcome = self._import(request.user, *loaded, dry_run=False)
            if not outcome["failed"]:
                pending.discard()
                totals = outcome["totals"]
                messages.success(
                    request,
                    _("Import done: %(new)s added, %(update)s updated, %(skip)s unchanged.")
                    % {
                        "new": totals[RowResult.IMPORT_TYPE_NEW],
                        "update": totals[RowResult.IMPORT_TYPE_UPDATE],
                        "skip": totals[RowResult.IMPORT_TYPE_SKIP],
                    },
                )
                return redirect("opinion:collaborator_list")
        else:
            form = ImportForm(request.POST, request.FILES)
            if not form.is_valid():
                pending.discard()
                return self._render(request, form)
            upload = (form.data_bytes, form.format, form.cleaned_data["file"].name)
            outcome = self._import(request.user, *upload, dry_run=True)
            if not outcome["failed"]:
                pending.save(*upload)
        if outcome["failed"]:
            pending.discard()  # nothing to confirm: the file must be corrected and uploaded again
        return self._render(request, form, **outcome)

    @staticmethod
    def _import(user, data: bytes, file_format: str, name: str, dry_run: bool) -> dict:
        """Read the file and import it (a dry run for the preview, all or nothing for real): what the page shows."""
        outcome = {"file_name": name, "file_errors": [], "failed": True}
        try:
            raw = read_table(data, file_format, max_rows=MAX_ROWS)
        except ValueError as e:
            outcome["file_errors"].append(str(e))
            return outcome
        resource = CollaboratorResource(user=user)
        dataset, lines, missing = resource.prepare(raw)
        if missing:
            columns = ", ".join(str(LABELS[key]) for key in missing)
            outcome["file_errors"].append(_("Missing columns: %(columns)s.") % {"columns": columns})
        elif not len(dataset):
            outcome["file_errors"].append(_("The file has no rows to import."))
        elif len(dataset) > MAX_ROWS:
            outcome["file_errors"].append(_("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})
        if outcome["file_errors"]:
            return outcome
        result = resource.import_data(dataset, dry_run=dry_run, lines=lines)
        if result.base_errors:
            outcome["file_errors"].append(_("The file could not be imported."))
        outcome["rows"] = [
            {
                "line": line,
                "values": [values.get(key) for key in PREVIEW_COLUMNS],
                "type": row_result.import_type,
                "errors": _row_errors(row_result),
            }
            for line, values, row_result in zip(lines, dataset.dict, result.rows, strict=False)
        ]
        outcome["totals"] = result.totals
        outcome["failed"] = bool(result.base_errors) or result.has_errors() or result.has_validation_errors()
        outcome["previewed"] = True
        return outcome

    def _render(self, request, form, **context):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "columns": [LABELS[key] for key in PREVIEW_COLUMNS],
                "expected": [(key, LABELS[key], key in ("committee_code", "full_name")) for key in PREVIEW_COLUMNS],
                "crumbs": _crumbs((_("Import"), "")),
                "max_rows": MAX_ROWS,
                **context,
            },
        )
