"""Turning a delivery and its kind's ``Email`` into the message people read: in their language, HTML with a
plain-text alternative, rendered from ``templates/email/<template>.{subject.txt,txt,html}``."""

from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from notifications import invitations
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


def _render(
    delivery: Delivery, kind: Kind, email: Email, *, text_name: str, html_name: str, addressed: bool = True
) -> EmailMultiAlternatives:
    headers = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
    context = {**email.context, "site_url": settings.SITE_URL}
    if kind.preference and delivery.user_id:
        token = unsubscribe_token(delivery.user_id, kind.preference)
        unsubscribe = absolute(reverse("notifications:unsubscribe", args=[token]))
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        context["unsubscribe_url"] = unsubscribe
        context["preferences_url"] = absolute(reverse("notifications:preferences"))
    with translation.override(delivery.language):
        subject = " ".join(render_to_string(f"email/{email.template}.subject.txt", context).split())
        text = render_to_string(f"email/{email.template}.txt", {**context, "recipient_name": text_name})
        html = render_to_string(f"email/{email.template}.html", {**context, "recipient_name": html_name})
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((delivery.name, delivery.email))],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    if email.invitation:
        ics = email.invitation.ics
        if addressed:
            ics = invitations.addressed(ics, delivery.name, delivery.email)
        # The third alternative, not an attachment: mail programs show it as a meeting to accept (RFC 6047).
        message.attach_alternative(ics, f"text/calendar; method={email.invitation.method}")
    return message


# --- One email for many recipients -------------------------------------------------------------------------------
# A briefing's invitees all read the same email but for their name and address. Rendering it and turning it into
# MIME costs more than sending it, so it is done once per language with stand-ins that each message then replaces:
# the outbox sends at the pace of the mail server instead of the pace of Python's email package.

TEXT_NAME, HTML_NAME = "\ue000", "\ue001"  # private-use characters: never in a real name or template
PLACEHOLDER_TO = "recipient@placeholder.invalid"
ATTENDEE = invitations.ATTENDEE_STAND_IN.encode()


class _Serialized:
    """What mail backends use of ``EmailMessage.message()``: the bytes (and their charset)."""

    def __init__(self, data: bytes):
        self.data = data  # with CRLF line ends, as SMTP wants them

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())

    def get_charset(self):
        return None


class PrebuiltMessage(EmailMultiAlternatives):
    def __init__(self, template: bytes, delivery: Delivery):
        # Bare addresses for the envelope (the headers already name everyone): parsing "Name <address>" for each
        # message would cost more than the rest of it.
        super().__init__(from_email=parseaddr(settings.DEFAULT_FROM_EMAIL)[1], to=[delivery.email])
        name = " ".join(delivery.name.split())  # one line: a name never adds a header
        self.data = (
            template.replace(
                f"To: {PLACEHOLDER_TO}".encode(), f"To: {formataddr((name, delivery.email), 'utf-8')}".encode(), 1
            )
            .replace(b"Message-ID: <shared>", f"Message-ID: {make_msgid(domain=DNS_NAME)}".encode(), 1)
            .replace(TEXT_NAME.encode(), name.encode(), 1)
            .replace(HTML_NAME.encode(), escape(name).encode(), 1)
            .replace(ATTENDEE, invitations.attendee_line(name, delivery.email).encode(), 1)
        )

    def message(self, *, policy=None):
        return _Serialized(self.data)


def _template(delivery: Delivery, kind: Kind, email: Email) -> bytes | None:
    """The shared email as bytes with its stand-ins, or None when a stand-in did not survive as written (a body
    encoded in quoted-printable or base64): then each message is made in full."""
    stand_in = Delivery(email=PLACEHOLDER_TO, name="", language=delivery.language)
    message = _render(stand_in, kind, email, text_name=TEXT_NAME, html_name=HTML_NAME, addressed=False)
    message.extra_headers["Message-ID"] = "<shared>"
    data = message.message().as_bytes(linesep="\r\n")
    markers = [f"To: {PLACEHOLDER_TO}".encode(), b"Message-ID: <shared>", TEXT_NAME.encode(), HTML_NAME.encode()]
    if email.invitation:
        markers.append(ATTENDEE)
    return data if all(data.count(marker) == 1 for marker in markers) else None


def build(delivery: Delivery, kind: Kind, email: Email, shared: dict | None = None) -> EmailMultiAlternatives:
    """The message of ``delivery``. With ``shared`` (a dict kept for one batch), an ``Email`` that several
    deliveries share is made once per language; optional mail, personal by its unsubscribe link, never is."""
    if shared is None or kind.preference:
        return _render(delivery, kind, email, text_name=delivery.name, html_name=delivery.name)
    key = (id(email), delivery.language)
    if key not in shared:
        shared[key] = _template(delivery, kind, email)
    if shared[key] is None:
        return _render(delivery, kind, email, text_name=delivery.name, html_name=delivery.name)
    return PrebuiltMessage(shared[key], delivery)
