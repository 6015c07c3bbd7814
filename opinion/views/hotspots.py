from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from committees.mixins import ScopedObjectMixin
from committees.scoping import may_change
from core.inputs import whole_number
from core.lists import FilteredListView
from core.navigation import Crumb
from core.workflow import WorkflowError, as_form_error
from opinion.forms.hotspots import FollowUpForm, HotSpotForm, LinkForm, TransitionForm
from opinion.models import HotSpot
from opinion.selectors.hotspots import hotspot_list
from opinion.services import hotspots as services

Status, Severity = HotSpot.Status, HotSpot.Severity


def hotspots_crumb() -> Crumb:
    return Crumb(gettext_lazy("Hot spots"), reverse("opinion:hotspot_list"))


def hotspot_crumb(hot_spot: HotSpot) -> Crumb:
    return Crumb(hot_spot.title, hot_spot.get_absolute_url())


def _url_or_none(obj) -> str | None:
    """The page of a linked record, if its area has one yet."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def linked_records(hot_spot: HotSpot, user):
    """The reports and concerns behind a hot spot that the user may see, each with its page (or None)."""
    reports = list(
        hot_spot.reports.visible_to(user).select_related("committee", "collaborator").order_by("-reported_on", "-pk")
    )
    concerns = list(hot_spot.concerns.visible_to(user).select_related("committee").order_by("-received_on", "-pk"))
    for record in (*reports, *concerns):
        record.page_url = _url_or_none(record)
    return reports, concerns


class HotSpotListView(FilteredListView):
    template_name = "opinion/hotspots/list.html"
    permission_required = "opinion.view_hotspot"

    def filtered(self):
        return hotspot_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("opinion.add_hotspot"), **kwargs)


class HotSpotDetailView(ScopedObjectMixin, DetailView):
    model = HotSpot
    require_changeable = False
    template_name = "opinion/hotspots/detail.html"
    context_object_name = "hot_spot"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "owner")

    def get_context_data(self, **kwargs):
        hot_spot, user = self.object, self.request.user
        reports, concerns = linked_records(hot_spot, user)
        can_change = may_change(user, hot_spot)
        return super().get_context_data(
            crumbs=[hotspots_crumb(), hotspot_crumb(hot_spot)],
            follow_ups=hot_spot.follow_ups.select_related("author"),
            reports=reports,
            concerns=concerns,
            can_change=can_change,
            can_follow_up=(
                can_change and user.has_perm("opinion.add_hotspotfollowup") and hot_spot.status != Status.RESOLVED
            ),
            actions=services.allowed_actions(hot_spot) if can_change else [],
            history=hot_spot.history.select_related("history_user").order_by("-history_date")[:10],
            **kwargs,
        )


class HotSpotCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "opinion.add_hotspot"
    form_class = HotSpotForm
    template_name = "opinion/hotspots/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[hotspots_crumb()], **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in services.HOTSPOT_FIELDS}
        try:
            hot_spot = services.hotspot_create(by=self.request.user, **fields)
        except WorkflowError as refused:
            as_form_error(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, _("The hot spot was saved."))
        return redirect(hot_spot)


class HotSpotUpdateView(ScopedObjectMixin, FormView):
    model = HotSpot
    permission_required = "opinion.change_hotspot"
    form_class = HotSpotForm
    template_name = "opinion/hotspots/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def get_context_data(self, **kwargs):
        crumbs = [hotspots_crumb(), hotspot_crumb(self.object)]
        return super().get_context_data(hot_spot=self.object, crumbs=crumbs, **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in services.HOTSPOT_FIELDS}
        try:
            hot_spot = services.hotspot_update(hot_spot=self.object, by=self.request.user, **fields)
        except WorkflowError as refused:
            as_form_error(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, _("The hot spot was saved."))
        return redirect(hot_spot)


class HotSpotFollowUpView(ScopedObjectMixin, FormView):
    model = HotSpot
    permission_required = "opinion.add_hotspotfollowup"
    form_class = FollowUpForm
    template_name = "opinion/hotspots/followup_form.html"

    def get_context_data(self, **kwargs):
        crumbs = [hotspots_crumb(), hotspot_crumb(self.object)]
        return super().get_context_data(hot_spot=self.object, crumbs=crumbs, **kwargs)

    def form_valid(self, form):
        try:
            services.hotspot_followup_add(
                hot_spot=self.object, by=self.request.user, on=form.cleaned_data["date"], note=form.cleaned_data["note"]
            )
        except WorkflowError as refused:
            as_form_error(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up was added."))
        return redirect(self.object)


class HotSpotTransitionView(ScopedObjectMixin, FormView):
    """One status change (monitor, resolve, reopen): a page with its date and explanation, then the service."""

    model = HotSpot
    permission_required = "opinion.change_hotspot"
    form_class = TransitionForm
    template_name = "opinion/hotspots/transition_form.html"
    action = ""
    TITLES = {
        "monitor": gettext_lazy("Put the hot spot under monitoring"),
        "resolve": gettext_lazy("Resolve the hot spot"),
        "reopen": gettext_lazy("Reopen the hot spot"),
    }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def get_context_data(self, **kwargs):
        crumbs = [hotspots_crumb(), hotspot_crumb(self.object)]
        return super().get_context_data(
            hot_spot=self.object,
            crumbs=crumbs,
            title=self.TITLES[self.action],
            allowed=self.action in services.allowed_actions(self.object),
            **kwargs,
        )

    def form_valid(self, form):
        text, on = form.cleaned_data["text"], form.cleaned_data["date"]
        by, hot_spot = self.request.user, self.object
        try:
            if self.action == "monitor":
                services.hotspot_monitor(hot_spot=hot_spot, by=by, note=text, on=on)
            elif self.action == "resolve":
                services.hotspot_resolve(hot_spot=hot_spot, by=by, outcome=text, on=on)
            else:
                services.hotspot_reopen(hot_spot=hot_spot, by=by, reason=text, on=on)
        except WorkflowError as refused:
            as_form_error(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, _("The status of the hot spot was changed."))
        return redirect(hot_spot)


class HotSpotLinksView(ScopedObjectMixin, FormView):
    """The reports and concerns behind a hot spot: link more (suggested or by number), unlink one."""

    model = HotSpot
    permission_required = "opinion.change_hotspot"
    form_class = LinkForm
    template_name = "opinion/hotspots/links.html"

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "hot_spot": self.object, "user": self.request.user}

    def get_context_data(self, **kwargs):
        reports, concerns = linked_records(self.object, self.request.user)
        crumbs = [hotspots_crumb(), hotspot_crumb(self.object)]
        return super().get_context_data(
            hot_spot=self.object, crumbs=crumbs, reports=reports, concerns=concerns, **kwargs
        )

    def post(self, request, *args, **kwargs):
        report = whole_number(request.POST.get("unlink_report"))
        concern = whole_number(request.POST.get("unlink_concern"))
        if report is not None or concern is not None:
            services.hotspot_unlink(
                hot_spot=self.object,
                by=request.user,
                report_ids=[report] if report is not None else [],
                concern_ids=[concern] if concern is not None else [],
            )
            messages.success(request, _("The link was removed."))
            return redirect(reverse("opinion:hotspot_links", args=[self.object.pk]))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            reports, concerns = services.hotspot_link(
                hot_spot=self.object, by=self.request.user, report_ids=form.report_ids, concern_ids=form.concern_ids
            )
        except WorkflowError as refused:
            as_form_error(form, refused)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Linked %(reports)d reports and %(concerns)d concerns.") % {"reports": reports, "concerns": concerns},
        )
        return redirect(reverse("opinion:hotspot_links", args=[self.object.pk]))
