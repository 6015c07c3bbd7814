"""Where a page sits: its breadcrumbs (``templates/includes/breadcrumbs.html``, after "Overview")."""

from typing import NamedTuple


class Crumb(NamedTuple):
    """One step of the trail; a record with ``get_absolute_url`` serves as a crumb too. No URL: the current page."""

    name: str
    get_absolute_url: str = ""
