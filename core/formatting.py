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
from functools import lru_cache

from django.utils import formats, translation

NO_FIGURE = "—"


def _in_language(document: bool):
    return translation.override("vi") if document else nullcontext()


def _separators(document: bool) -> tuple[str, str]:
    """(decimal, thousands) separators of the reader's language, or Vietnamese for a document."""
    return _separators_of("vi" if document else translation.get_language() or "vi")


@lru_cache(maxsize=8)
def _separators_of(language: str) -> tuple[str, str]:
    with translation.override(language):
        return formats.get_format("DECIMAL_SEPARATOR"), formats.get_format("THOUSAND_SEPARATOR")


def number(value, *, decimals: int = 0, document: bool = False) -> str:
    """``value`` with its thousands grouped: 35.599 (and up to ``decimals`` decimals, rounded half up, trailing
    zeros dropped). A table may hold hundreds of these: it is written here rather than through Django's general
    number formatting, five times slower."""
    if value is None:
        return NO_FIGURE
    if isinstance(value, int):
        whole, fraction = f"{value:,}", ""
    else:
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        rounded = rounded or rounded.copy_abs()  # no "-0"
        whole, _point, fraction = f"{rounded:,f}".partition(".")
        fraction = fraction.rstrip("0")
    decimal_separator, thousands_separator = _separators(document)
    whole = whole.replace(",", thousands_separator)
    return f"{whole}{decimal_separator}{fraction}" if fraction else whole


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


def _document_month(day: date) -> str:
    """The administrative convention: a leading zero for January and February only."""
    return f"{day.month:02d}" if day.month <= 2 else str(day.month)


def document_date(day: date, place: str = "") -> str:
    """A date as party documents write it: "ngày 05 tháng 02 năm 2026", "ngày 15 tháng 3 năm 2026"; after the place
    of issue when there is one: "Hà Nội, ngày 05 tháng 02 năm 2026"."""
    written = f"ngày {day.day:02d} tháng {_document_month(day)} năm {day.year}"
    return f"{place}, {written}" if place else written


def cited_date(day: date) -> str:
    """A date as a citation of a document writes it: "15/5/2016", "05/02/2026"."""
    return f"{day.day:02d}/{_document_month(day)}/{day.year}"
