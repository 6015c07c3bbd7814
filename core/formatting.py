"""Numbers, rates and dates the Vietnamese way, in one place for pages, emails, exports and documents.

- a number groups its thousands with a dot: 35.599;
- a rate has at most two decimals after a comma and no space before the sign: 99,16%, 50%;
- a ratio puts the part over the whole: 35.599/35.900;
- a date in a document: "ngày 05 tháng 02 năm 2026" (a leading zero for days under 10 and for January and
  February only, as the administrative convention writes them: "ngày 15 tháng 3").

Pages follow the reader's language (English writes 35,599 and 99.16%); documents are Vietnamese whatever it is,
so their helpers take ``document=True`` or are Vietnamese only.
"""

from contextlib import nullcontext
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation

NO_FIGURE = "—"


def _in_language(document: bool):
    return translation.override("vi") if document else nullcontext()


def number(value, *, decimals: int = 0, document: bool = False) -> str:
    """``value`` with its thousands grouped: 35.599 (and up to ``decimals`` decimals, trailing zeros dropped)."""
    if value is None:
        return NO_FIGURE
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    places = max(-rounded.normalize().as_tuple().exponent, 0)  # the decimals that are not trailing zeros
    with _in_language(document):
        return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(value, *, decimals: int = 2, document: bool = False) -> str:
    """A rate already in percent: 99,16%; 50%; "—" when there is none (nothing to divide by)."""
    if value is None:
        return NO_FIGURE
    return f"{number(value, decimals=decimals, document=document)}%"


def rate(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, or None when the whole is nothing."""
    return part * 100.0 / whole if whole else None


def ratio(part: int, whole: int, *, document: bool = False) -> str:
    """35.599/35.900."""
    return f"{number(part, document=document)}/{number(whole, document=document)}"


def document_date(day: date) -> str:
    """A date as party documents write it: "ngày 05 tháng 02 năm 2026", "ngày 15 tháng 3 năm 2026"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
