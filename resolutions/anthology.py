"""The book of exemplary organisations and members as a Word file, laid out like the printed book: a title page, the
table of contents, part one the organisations, part two the members, each honoured with their committee and their
citation, in the tree's order. Vietnamese, as the book is."""

from django.utils import translation

from committees.selectors import place_of
from core.party_layout import Book
from resolutions.models import Honoree, Publication
from resolutions.selectors.publications import honoured_in

PARTS = [
    (Honoree.ORGANISATION, "PHẦN THỨ NHẤT. TỔ CHỨC ĐẢNG TIÊU BIỂU"),
    (Honoree.MEMBER, "PHẦN THỨ HAI. ĐẢNG VIÊN TIÊU BIỂU"),
]


def anthology_docx(publication: Publication) -> bytes:
    with translation.override("vi"):
        place = place_of(publication.committee)
        book = Book(
            title=publication.title, publisher=publication.publisher,
            place_year=f"{place}, {publication.published_on.year}" if place else str(publication.published_on.year),
            author=publication.publisher,
        )  # fmt: skip
        parts = honoured_in(publication)
        for kind, heading in PARTS:
            book.part(heading)
            for commendation in parts[kind]:
                lines = [f"{commendation.title} năm {commendation.year}"]
                if kind == Honoree.MEMBER:
                    lines.insert(0, commendation.committee.name)
                if commendation.citation:
                    lines.append(commendation.citation)
                book.entry(commendation.honoured, *lines, picture=_photo(commendation))
        return book.bytes()


def _photo(commendation) -> bytes | None:
    if not commendation.photo:
        return None
    try:
        with commendation.photo.open("rb") as photo:
            return photo.read()
    except FileNotFoundError:  # a photo whose file was lost leaves its honoree in the book without it
        return None
