"""Numbers read from what a person or a link sent, the one careful way: ASCII digits only ("²" and "١" are digits to
``str.isdigit`` and not to ``int``), within what the database holds."""

MAX_ID = 10**18 - 1  # what a 64-bit key holds, with room to spare


def whole_number(text, *, maximum: int = MAX_ID) -> int | None:
    """``text`` as a non-negative whole number of at most ``maximum``, or None when it is not one."""
    text = str(text or "").strip()
    if not text or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= maximum else None
