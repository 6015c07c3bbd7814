"""What a value in a party record can plausibly be; anything else is a typing mistake or an attack, and is refused
with a message instead of reaching the database or a date calculation."""

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The Communist Party of Vietnam was founded on 3 February 1930: no party record is older.
EARLIEST = date(1930, 2, 3)
YEARS_AHEAD = 10  # a plan or a deadline may lie a few years ahead, not more
MAX_HEADCOUNT = 10_000_000  # more than the whole party: a head count above it is a typing mistake


def latest_date() -> date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD)


def plausible_date(value: date) -> None:
    if value is not None and not EARLIEST <= value <= latest_date():
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s.")
            % {"first": EARLIEST.strftime("%d/%m/%Y"), "last": latest_date().strftime("%d/%m/%Y")},
            code="implausible_date",
        )


# Characters that show nothing by themselves: controls, format characters (zero-width, direction marks),
# separators, combining marks, unassigned and private-use code points.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Co", "Cn", "Cs"}
# Direction overrides and isolates turn the text that follows around on screen ("\u202eevil" shows as "live"):
# Vietnamese text never needs them, and in a name they only disguise it.
_DIRECTION_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible_text(value: str) -> None:
    """A name, a title or a text a person reads: something visible, without control or direction characters."""
    if not value:
        return
    if any((unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or ch in _DIRECTION_CONTROLS for ch in value):
        raise ValidationError(
            _("Remove the control or text-direction characters (they cannot be typed, and hide what the text says)."),
            code="control_characters",
        )
    if all(unicodedata.category(ch) in _INVISIBLE for ch in value):
        raise ValidationError(_("Type visible text: this holds only spaces or invisible characters."), code="invisible")
