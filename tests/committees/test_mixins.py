"""The one-object access mixin every page about one record uses: sign-in, then 404 outside the scope, then 403."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views import View

from committees.mixins import ScopedObjectMixin
from committees.models import Committee

pytestmark = pytest.mark.django_db


class HeadcountPage(ScopedObjectMixin, View):
    """A page that changes a committee: the head count permission, and the committee within the user's scope."""

    model = Committee
    permission_required = "committees.change_headcount"

    def get(self, request, pk):
        return HttpResponse(self.get_object().code)


class CommitteePage(ScopedObjectMixin, View):
    """A page that only reads a committee."""

    model = Committee
    require_changeable = False

    def get(self, request, pk):
        return HttpResponse(self.object.code)


class ChangePage(HeadcountPage):
    """A page that changes a committee, whatever the permissions."""

    permission_required = None


class HiddenPage(ChangePage):
    hide_unchangeable = True


def call(view, user, committee, method="get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return view.as_view()(request, pk=committee.pk)


def test_anonymous_visitors_are_sent_to_sign_in(tree):
    response = call(HeadcountPage, AnonymousUser(), tree.a)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_sibling_branch_does_not_exist_whatever_the_permissions(tree, officer_a, leader_a):
    for user in (officer_a, leader_a):  # with the permission, and without it
        with pytest.raises(Http404):
            call(HeadcountPage, user, tree.b)
        with pytest.raises(Http404):
            call(CommitteePage, user, tree.b1)


def test_without_the_permission_a_record_in_scope_is_forbidden(tree, leader_a):
    with pytest.raises(PermissionDenied):
        call(HeadcountPage, leader_a, tree.a1)
    assert call(CommitteePage, leader_a, tree.a1).content == b"A1"


def test_with_the_permission_a_record_in_scope_is_served_without_looking_it_up_again(
    tree, officer_a, django_assert_max_num_queries
):
    assert call(HeadcountPage, officer_a, tree.a1).content == b"A1"
    view = HeadcountPage()
    view.setup(RequestFactory().get("/"), pk=tree.a1.pk)
    view.request.user = officer_a
    view.dispatch(view.request, pk=tree.a1.pk)
    with django_assert_max_num_queries(0):
        assert view.get_object() == tree.a1


def test_what_may_be_read_but_not_changed_is_forbidden_or_hidden(tree, collaborator_a):
    # A collaborator sees their own committee and may change nothing.
    assert call(CommitteePage, collaborator_a, tree.a1).content == b"A1"
    with pytest.raises(PermissionDenied):
        call(ChangePage, collaborator_a, tree.a1)
    with pytest.raises(Http404):
        call(HiddenPage, collaborator_a, tree.a1)


def test_a_method_the_page_never_takes_is_refused_before_any_lookup(tree, officer_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert call(CommitteePage, officer_a, tree.b1, method="post").status_code == 405
