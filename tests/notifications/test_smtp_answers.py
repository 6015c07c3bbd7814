"""Which answers of a mail server make a delivery fail for good (5xx: the address or the message is refused) and
which make it due again later (4xx, a dropped connection) — checked answer by answer, at the codes' edges."""

import smtplib
from datetime import UTC, datetime

import pytest

from notifications.outbox import MailServerUnavailable, _is_permanent


def refused(*codes: int) -> smtplib.SMTPRecipientsRefused:
    return smtplib.SMTPRecipientsRefused({f"r{n}@example.org": (code, b"answer") for n, code in enumerate(codes)})


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (refused(550), True),
        (refused(500), True),
        (refused(599), True),
        (refused(550, 553), True),
        (refused(450), False),
        (refused(499), False),
        (refused(600), False),
        (refused(550, 451), False),  # one recipient may yet be reached: try again later
        (refused(), False),  # nobody refused: nothing says the address is wrong
        (smtplib.SMTPResponseException(554, b"rejected"), True),
        (smtplib.SMTPResponseException(500, b"syntax"), True),
        (smtplib.SMTPResponseException(599, b"edge"), True),
        (smtplib.SMTPResponseException(421, b"busy"), False),
        (smtplib.SMTPResponseException(499, b"edge"), False),
        (smtplib.SMTPResponseException(600, b"beyond"), False),
        (smtplib.SMTPSenderRefused(553, b"sender", "noreply@example.org"), True),
        (smtplib.SMTPDataError(452, b"full"), False),
        (smtplib.SMTPServerDisconnected("dropped"), False),
        (smtplib.SMTPException("unknown"), False),
    ],
)
def test_only_a_refusal_of_the_5xx_class_is_final(error, permanent):
    assert _is_permanent(error) is permanent


def test_an_unavailable_server_says_why_and_when_to_try_again():
    retry_at = datetime(2026, 12, 3, 9, 5, tzinfo=UTC)
    error = MailServerUnavailable("Connection refused", retry_at)
    assert (str(error), error.args, error.retry_at) == ("Connection refused", ("Connection refused",), retry_at)
