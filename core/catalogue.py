"""Words that Django and django-simple-history put on the pages, listed so that the project's catalogue (which comes
before theirs) gives them in Vietnamese and in one style.

- The days of the week: Django writes "Thứ 2" … "Thứ 7", the briefing rules "Thứ Hai" … (a calendar head mixed
  both); the project's catalogue gives all seven as "Thứ Hai" … "Chủ Nhật".
- The kind of each change in a history ("Created", "Changed", "Deleted"): django-simple-history has no Vietnamese.
"""

from django.utils.translation import gettext_noop

WEEKDAYS = (
    gettext_noop("Monday"), gettext_noop("Tuesday"), gettext_noop("Wednesday"), gettext_noop("Thursday"),
    gettext_noop("Friday"), gettext_noop("Saturday"), gettext_noop("Sunday"),
)  # fmt: skip
HISTORY_TYPES = (gettext_noop("Created"), gettext_noop("Changed"), gettext_noop("Deleted"))
