"""Sign-in, sign-out, password change and reset, with the reset email sent in HTML and plain text."""

from django.contrib.auth import views as auth_views
from django.urls import path

from committees.password_reset import PasswordResetForm, reset_link_hours
from committees.two_factor import SignInForm, two_factor


class PasswordResetView(auth_views.PasswordResetView):
    # The email is the outbox's (committees/password_reset.py): links point at SITE_URL, never at the Host header.
    form_class = PasswordResetForm


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "valid_hours": reset_link_hours()}


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("two-factor/", two_factor, name="two_factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
