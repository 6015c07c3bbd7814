"""URL path converters."""


class IdConverter:
    """A record's id in a URL: up to 18 digits, so that it always fits the database's 64-bit key. A longer number
    does not match (404), where Django's ``int`` would reach the database and fail there (a server error)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
