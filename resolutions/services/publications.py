"""Publishing the book of exemplary organisations and members: it gathers a year's commendations of the
publishing committee's subtree."""

from django.db import transaction

from committees.models import Committee
from committees.scoping import check_changeable
from core.changes import save
from resolutions.models import Commendation, Publication


def publication_create(*, by, committee: Committee, year: int | None = None, **fields) -> Publication:
    """Record a publication of ``committee``; with ``year``, it gathers every commendation of that year in the
    committee's subtree."""
    with transaction.atomic():
        check_changeable(by, committee)
        publication = save(Publication(committee=committee, created_by=by, **fields), by)
        if year is not None:
            gathered = Commendation.objects.filter(committee__path__startswith=committee.path, year=year)
            publication.commendations.set(gathered)
        return publication
