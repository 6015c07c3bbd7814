"""Uploaded tables (CSV or XLSX) read with their limits applied while reading, and the rows that repeat another.

A file is refused as soon as it shows more rows than its import takes, before the rest is read: a 32 kB workbook can
hold 100,000 rows and a 5 MB one millions, and reading them all only to refuse them would tie up the server. A
workbook is a zip: one that would unpack to more than ``MAX_UNPACKED`` is refused before it is opened.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Hashable, Iterable, Iterator

import openpyxl
import tablib
from django.utils.translation import gettext as _

from core.formatting import number
from core.spreadsheets import unescape_formula, write_xlsx

MAX_UNPACKED = 100 * 1024 * 1024  # far more than a workbook of the largest import holds
# A run of blank rows this long ends the table: spreadsheets keep formatted empty rows far below the data.
BLANK_RUN_ENDS_TABLE = 200


def read_table(data: bytes | str, file_format: str, *, max_rows: int) -> tablib.Dataset:
    """The header and the rows of the file's first sheet, at most ``max_rows`` of them (blank rows kept, so that a
    row's position is its line in the file). Raises ValueError with a message for the user."""
    rows = _xlsx_rows(data) if file_format == "xlsx" else _csv_rows(data)
    headers = next(rows, None)
    if headers is None:
        raise ValueError(_("The file is empty."))
    headers = [("" if h is None else str(h)) for h in headers]
    while headers and not headers[-1].strip():
        headers.pop()
    dataset = tablib.Dataset(headers=headers)
    blank_run = 0
    for row in rows:
        cells = _fit(list(row), len(headers))
        blank_run = blank_run + 1 if _is_blank(cells) else 0
        if blank_run >= BLANK_RUN_ENDS_TABLE:
            break
        dataset.append(cells)
        if len(dataset) - blank_run > max_rows:
            raise ValueError(_("The file has more than %(max)s rows: split it.") % {"max": number(max_rows)})
    while len(dataset) and _is_blank(dataset[-1]):
        dataset.pop()
    return dataset


def _is_blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _fit(cells: list, width: int) -> list:
    """A row as wide as the header: missing cells empty, cells beyond the header dropped when empty."""
    if len(cells) > width and any(c not in (None, "") for c in cells[width:]):
        raise ValueError(_("A row has values beyond the last column of the header: give each column a header."))
    return (cells + [None] * width)[:width]


def _xlsx_rows(data: bytes) -> Iterator[tuple]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as e:
        raise ValueError(_("The workbook could not be read.")) from e
    if unpacked > MAX_UNPACKED:
        raise ValueError(_("The workbook is too large once unpacked: split it."))
    try:
        # data_only: a formula's last computed value, never the formula
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as e:  # a corrupt or password-protected workbook: openpyxl raises many kinds
        raise ValueError(_("The workbook could not be read.")) from e
    try:
        yield from sheet.iter_rows(values_only=True)
    except Exception as e:
        raise ValueError(_("The workbook could not be read.")) from e
    finally:
        workbook.close()


def _csv_rows(data: bytes | str) -> Iterator[list]:
    """CSV: UTF-8 (with or without BOM), else Windows-1258 as older Excel saves it; comma, semicolon or tab."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                data = data.decode("cp1258")
            except UnicodeDecodeError as e:
                raise ValueError(_("The file's text encoding is not recognised: save it as “CSV UTF-8”.")) from e
    text = unicodedata.normalize("NFC", data.removeprefix("\ufeff"))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as e:
        raise ValueError(_("The CSV file could not be read.")) from e


def repeated(keys: Iterable[Hashable | None]) -> dict[int, int]:
    """For each position (from 0) whose key an earlier position had, that earlier position; ``None`` keys never
    repeat."""
    first: dict[Hashable, int] = {}
    repeats = {}
    for position, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            repeats[position] = first[key]
        else:
            first[key] = position
    return repeats


def limited(format_class: type, max_rows: int) -> type:
    """A format of django-import-export (``CSV``, ``XLSX``) that reads through ``read_table`` and, for XLSX, writes
    as every export of the application does (``write_xlsx``)."""
    file_format = "xlsx" if format_class.__name__ == "XLSX" else "csv"

    def create_dataset(self, in_stream, **kwargs):
        return read_table(in_stream, file_format, max_rows=max_rows)

    attributes = {"create_dataset": create_dataset}
    if file_format == "xlsx":
        attributes["export_data"] = _export_xlsx
    return type(format_class.__name__, (format_class,), attributes)


def _export_xlsx(self, dataset, **kwargs) -> bytes:
    """Text cells as text: the apostrophe the widgets put before what a spreadsheet would run is the CSV's defence;
    in a workbook written cell by cell as strings it would only show (and the import takes either back)."""
    rows = ([unescape_formula(v) if isinstance(v, str) else v for v in row] for row in dataset)
    return write_xlsx(dataset.headers, rows, title=dataset.title or "Sheet1")


class LimitedImportAdminMixin:
    """The admin's import page says why a file was refused, in the user's language, instead of naming an
    exception, and shows each refused row's errors beside it."""

    import_template_name = "admin/import_export_csp/import.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValueError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
