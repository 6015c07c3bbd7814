"""Party documents as Word files, laid out as the Party lays them out (Quy định 399-QĐ/TW on the types and layout of
party documents; the fonts and sizes of Hướng dẫn 36-HD/VPTW): A4, Times New Roman; top left the superior body,
the issuing body in bold and its number; top right "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date in italics; the
document's kind and summary (or, for an official letter, "V/v …" under its number); the body justified with a
first-line indent; "Nơi nhận:" and the signature side by side at the end; page numbers from page 2. Every letter,
report and summary the application writes goes through this one module; margins and sizes are settings
(``PARTY_DOCUMENT_LAYOUT``), bodies, numbers, places and signers come from the records.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

FONT = "Times New Roman"
LANGUAGE = "vi-VN"  # Word's proofing language: without it Word underlines every Vietnamese word
DEFAULTS = {
    "margins_mm": {"top": 20, "bottom": 20, "left": 30, "right": 15},
    "body_pt": 14,
    "superior_pt": 14,
    "issuer_pt": 14,
    "party_pt": 15,
    "kind_pt": 16,
    "subject_pt": 12,  # "V/v …" of an official letter
    "recipients_pt": 12,
    "first_line_indent_mm": 12.7,
}


def layout() -> dict:
    return {**DEFAULTS, **getattr(settings, "PARTY_DOCUMENT_LAYOUT", {})}


def new_document(sizes: dict, *, author: str, title: str) -> Document:
    """A Word document set up as every party document is: A4 with the margins of the settings, Times New Roman at
    the body's size, marked Vietnamese for proofing, page numbers from page 2, its author and dates real."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    margins = sizes["margins_mm"]
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.different_first_page_header_footer = True  # the first page carries no number
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    number._p.append(page)

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(sizes["body_pt"])
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for properties in (normal.element.get_or_add_rPr(), defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))):
        language = properties.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            properties.append(language)
        language.set(qn("w:val"), LANGUAGE)
        language.set(qn("w:eastAsia"), LANGUAGE)
    normal.paragraph_format.space_after = Pt(0)

    now = timezone.now().astimezone(timezone.get_default_timezone()).replace(tzinfo=None)
    properties = document.core_properties
    properties.author = properties.last_modified_by = author
    properties.created = properties.modified = now
    properties.language = LANGUAGE
    properties.title = title
    properties.revision = 1
    return document


@dataclass(frozen=True)
class Head:
    """What the document's head says: who issues it, under whom, its number, where and when."""

    superior: str  # "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TRUNG ƯƠNG"
    issuer: str  # "BAN TUYÊN GIÁO"
    number: str  # "Số 12-CV/BTGĐUK", or "Số      -CV/BTGĐUK" left for the clerk at signing
    place_date: str  # "Hà Nội, ngày 05 tháng 6 năm 2026"
    subject: str = ""  # an official letter's "V/v …", under its number


@dataclass(frozen=True)
class Signature:
    """The signer's authority ("T/M BAN THƯỜNG VỤ", "K/T TRƯỞNG BAN"), position and name."""

    position: str  # "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"
    name: str = ""
    authority: str = ""  # above the position when the signer signs for a body or for its head


@dataclass
class PartyDocument:
    """A document being written: its head, then paragraphs, tables and headings, then its end."""

    head: Head
    kind: str = ""  # "BÁO CÁO", "KẾ HOẠCH"; empty for an official letter (công văn)
    summary: str = ""  # the line under the kind: what it is about
    author: str = ""
    _document: Document = field(init=False, repr=False)

    def __post_init__(self):
        self._sizes = layout()
        self._document = new_document(self._sizes, author=self.author or self.head.issuer.title(),
                                      title=self.summary or self.head.subject or self.kind)  # fmt: skip
        self._head()

    # --- The head ------------------------------------------------------------------------------------------

    def _head(self) -> None:
        sizes = self._sizes
        table = self._grid(2)
        left, right = table.rows[0].cells
        self._line(left, self.head.superior.upper(), size=sizes["superior_pt"], first=True)
        self._line(left, self.head.issuer.upper(), size=sizes["issuer_pt"], bold=True)
        self._line(left, "*", size=sizes["issuer_pt"])
        self._line(left, self.head.number, size=sizes["body_pt"])
        if self.head.subject:
            self._line(left, self.head.subject, size=sizes["subject_pt"], italic=True)
        party = self._line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=sizes["party_pt"], bold=True, first=True)
        party.runs[0].underline = True
        self._line(right, "")
        self._line(right, self.head.place_date, size=sizes["body_pt"], italic=True)
        if self.kind:
            self._document.add_paragraph()
            self._centered(self.kind.upper(), size=sizes["kind_pt"], bold=True)
            if self.summary:
                self._centered(self.summary, size=sizes["body_pt"], bold=True)
        self._document.add_paragraph()

    # --- The body ------------------------------------------------------------------------------------------

    def paragraph(self, text: str, *, bold: bool = False, indent: bool = True):
        """A paragraph of the body: justified, its first line indented."""
        paragraph = self._document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(self._sizes["first_line_indent_mm"])
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.add_run(text).bold = bold
        return paragraph

    def section(self, text: str):
        """A heading of the body ("I. KẾT QUẢ …", "1. Công tác …"): bold, as the body's paragraphs are set."""
        return self.paragraph(text, bold=True)

    def addressed(self, recipients: str):
        """The line of an official letter that says to whom it is sent: "Kính gửi: …"."""
        paragraph = self._centered(f"Kính gửi: {recipients}", size=self._sizes["body_pt"])
        paragraph.paragraph_format.space_after = Pt(6)
        return paragraph

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], *, numbers_from: int | None = None):
        """A bordered table; the columns from ``numbers_from`` on are figures, aligned right."""
        table = self._document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.text = str(text)
                if numbers_from is not None and index >= numbers_from:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._document.add_paragraph()
        return table

    # --- The end -------------------------------------------------------------------------------------------

    def end(self, *, recipients: Sequence[str], signature: Signature) -> None:
        """ "Nơi nhận:" bottom left and the signature beside it, kept together with what precedes them."""
        sizes = self._sizes
        table = self._grid(2)
        left, right = table.rows[0].cells
        received = self._line(left, "Nơi nhận:", size=sizes["body_pt"], first=True)
        received.alignment = WD_ALIGN_PARAGRAPH.LEFT
        received.runs[0].underline = True
        for recipient in recipients:
            self._line(left, f"- {recipient}", size=sizes["recipients_pt"]).alignment = WD_ALIGN_PARAGRAPH.LEFT
        first = True
        if signature.authority:
            self._line(right, signature.authority.upper(), size=sizes["body_pt"], bold=True, first=True)
            first = False
        self._line(right, signature.position.upper(), size=sizes["body_pt"], bold=True, first=first)
        for _ in range(4):  # room for the signature and the seal
            self._line(right, "")
        self._line(right, signature.name, size=sizes["body_pt"], bold=True)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self._document.save(buffer)
        return buffer.getvalue()

    # --- Helpers -------------------------------------------------------------------------------------------

    def _grid(self, columns: int):
        """A table without borders that places blocks side by side (the head, the end)."""
        table = self._document.add_table(rows=1, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = True
        return table

    @staticmethod
    def _line(cell, text: str, *, size: float | None = None, bold=False, italic=False, first=False):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return paragraph

    def _centered(self, text: str, *, size: float, bold=False):
        paragraph = self._document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        return paragraph


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A Word file to download, never shown in the browser."""
    response = HttpResponse(content, content_type=WORD)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def blank_number(kind_symbol: str, issuer_symbol: str) -> str:
    """The number line left for the clerk to fill in at signing: "Số      -CV/BTGĐUK"."""
    return f"Số{' ' * 6}-{kind_symbol}/{issuer_symbol}"


PICTURE_CM = 3.5  # an honoree's photo, beside whom the book names


class Book:
    """A book or booklet the department publishes (the anthology of exemplary organisations and members): a title
    page, a table of contents that Word fills in when the file is opened, parts and entries as headings."""

    def __init__(self, *, title: str, publisher: str, place_year: str, author: str):
        self._sizes = layout()
        self._document = new_document(self._sizes, author=author, title=title)
        for name, size in (("Heading 1", self._sizes["kind_pt"]), ("Heading 2", self._sizes["body_pt"])):
            heading = self._document.styles[name]
            heading.font.name, heading.font.size, heading.font.color.rgb = FONT, Pt(size), RGBColor(0, 0, 0)
            heading.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        for text, size, bold in ((publisher.upper(), self._sizes["superior_pt"], False), ("", 14, False),
                                 (title.upper(), self._sizes["kind_pt"] + 4, True), ("", 14, False),
                                 (place_year, self._sizes["body_pt"], False)):  # fmt: skip
            paragraph = self._document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold, run.font.size = bold, Pt(size)
        self._document.add_page_break()
        self._document.add_heading("MỤC LỤC", level=1)
        contents = OxmlElement("w:fldSimple")
        contents.set(qn("w:instr"), 'TOC \\o "1-2" \\h \\z \\u')  # Word fills the contents in from the headings
        self._document.add_paragraph()._p.append(contents)

    def part(self, title: str) -> None:
        self._document.add_page_break()
        self._document.add_heading(title, level=1)

    def entry(self, name: str, *lines: str, picture: bytes | None = None) -> None:
        self._document.add_heading(name, level=2)
        if picture:
            self._document.add_picture(BytesIO(picture), width=Cm(PICTURE_CM))
        for line in lines:
            paragraph = self._document.add_paragraph(line)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.space_after = Pt(6)

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self._document.save(buffer)
        return buffer.getvalue()
