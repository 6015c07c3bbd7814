"""Turning a delivery and its kind's ``Email`` into the message people read: in their language, HTML with a
plain-text alternative, rendered from ``templates/email/<template>.{subject.txt,txt,html}``."""

from email.utils import formataddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from notifications.kinds import Email, Kind
from notifications.models import Delivery

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user_id: int, preference: str) -> str:
    return signing.dumps({"u": user_id, "p": preference}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The (user id, preference) of a token; raises ``signing.BadSignature`` when it was not made here."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["p"])


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# Stands for the recipient's name while an email shared by many recipients is rendered once.
NAME = "\ue000"


def build(delivery: Delivery, kind: Kind, email: Email, rendered: dict | None = None) -> EmailMultiAlternatives:
    """The message of ``delivery``. ``rendered`` keeps the rendering of an ``Email`` that several deliveries share
    (a briefing's invitees), so that it is rendered once per language and only the name differs."""
    headers = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
    context = {**email.context, "recipient_name": NAME, "site_url": settings.SITE_URL}
    shared = not kind.preference and rendered is not None
    if kind.preference and delivery.user_id:
        token = unsubscribe_token(delivery.user_id, kind.preference)
        unsubscribe = absolute(reverse("notifications:unsubscribe", args=[token]))
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        context["unsubscribe_url"] = unsubscribe
        context["preferences_url"] = absolute(reverse("notifications:preferences"))
    key = (id(email), delivery.language)
    if shared and key in rendered:
        subject, text, html = rendered[key]
    else:
        with translation.override(delivery.language):
            subject = " ".join(render_to_string(f"email/{email.template}.subject.txt", context).split())
            text = render_to_string(f"email/{email.template}.txt", context)
            html = render_to_string(f"email/{email.template}.html", context)
        if shared:
            rendered[key] = subject, text, html
    message = EmailMultiAlternatives(
        subject=subject,
        body=text.replace(NAME, delivery.name),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((delivery.name, delivery.email))],
        headers=headers,
    )
    message.attach_alternative(html.replace(NAME, escape(delivery.name)), "text/html")
    for attachment in email.attachments:
        message.attach(attachment)
    return message
