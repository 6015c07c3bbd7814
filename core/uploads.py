"""Uploaded documents: what they are is read from their content, never trusted from their name or the browser.

An upload is accepted only when its bytes are one of the document or image types below (``filetype`` reads the
signature); anything else (HTML, SVG, scripts, archives, executables, even when named ``.pdf``) is refused. The
stored name is rebuilt from a sanitised stem and the *detected* extension. Files are never served from MEDIA_URL
(there is no such route): a view checks the reader's scope and answers with ``attachment_response``, which always
sends the file as an attachment, with the detected type and ``nosniff``, so a browser never renders it as a page.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # 20 MB

# Detected MIME type -> extension of the stored file.
ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "image/jpeg": "jpg",
    "image/png": "png",
}

# Office Open XML: a zip whose parts say which application it belongs to.
_OOXML_MAIN_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Office 97-2003 (OLE compound files): the name of the main stream, as stored (UTF-16LE) in the directory. The
# first found wins: a presentation or a text may embed a workbook, whose stream is then in the directory too.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_MAIN_STREAMS = (
    ("PowerPoint Document", "application/vnd.ms-powerpoint"),
    ("WordDocument", "application/msword"),
    ("Workbook", "application/vnd.ms-excel"),
    ("Book", "application/vnd.ms-excel"),
)
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class Detected:
    content_type: str
    extension: str
    size: int


def allowed_types_label() -> str:
    return "PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, JPEG, PNG"


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _ooxml_type(upload) -> str | None:
    """A zip that filetype could not place: an Office document if it has the parts of one (names only, nothing is
    decompressed)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    found = [mime for part, mime in _OOXML_MAIN_PARTS.items() if part in names]
    return found[0] if len(found) == 1 else None


def _ole_type(upload) -> str | None:
    data = _read_all(upload)
    if not data.startswith(_OLE_SIGNATURE):
        return None
    for stream, mime in _OLE_MAIN_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in data:
            return mime
    return None


def detect_type(upload) -> str | None:
    """The MIME type of the upload's content, or None when it is not one we accept."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    mime = kind.mime if kind is not None else None
    if mime in ALLOWED_TYPES:
        return mime
    if mime == "application/zip":
        return _ooxml_type(upload)
    if head.startswith(_OLE_SIGNATURE):
        return _ole_type(upload)
    return None


def validate_upload(upload) -> Detected:
    """Check an uploaded file; raise ValidationError with a message for the person who chose it."""
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_SIZE)},
            code="too_large",
        )
    mime = detect_type(upload)
    if mime is None:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(types)s.") % {"types": allowed_types_label()},
            code="type",
        )
    return Detected(content_type=mime, extension=ALLOWED_TYPES[mime], size=size)


IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


def validate_image(upload) -> Detected:
    """Check an uploaded photo: one of the accepted files, and a JPEG or PNG picture."""
    detected = validate_upload(upload)
    if detected.content_type not in IMAGE_TYPES:
        raise ValidationError(_("Choose a photo: a JPEG or PNG picture."), code="not_image")
    return detected


def safe_stem(name: str, max_length: int = 80) -> str:
    """A file name stem of plain ASCII letters, digits, dashes and underscores: 'Tài liệu số 1' -> 'Tai-lieu-so-1'."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    text = stem.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_")
    return text[:max_length].strip("-_") or "file"


def stored_name(original_name: str, detected: Detected) -> str:
    """The name a file is stored under: sanitised stem, extension from its detected type."""
    return f"{safe_stem(original_name)}.{detected.extension}"


def store(record, upload):
    """Save ``record`` (a model with ``title``, ``file``, ``content_type`` and ``size``) holding ``upload``, after
    checking what the upload really is; untitled, it takes the file's name. No row without its file, no file
    without its row."""
    detected = validate_upload(upload)
    record.title = record.title.strip() or safe_stem(upload.name)
    record.content_type, record.size = detected.content_type, detected.size
    upload.seek(0)
    record.file.save(stored_name(upload.name, detected), upload, save=False)
    try:
        record.save()
    except Exception:
        record.file.delete(save=False)
        raise
    return record


def stored_response(record) -> FileResponse:
    """The download of a file ``store`` saved, named after its title and its checked type."""
    extension = ALLOWED_TYPES.get(record.content_type, "bin")
    return attachment_response(
        record.file,
        content_type=record.content_type or "application/octet-stream",
        filename=f"{safe_stem(record.title)}.{extension}",
    )


def image_response(fieldfile, content_type: str) -> FileResponse:
    """A stored photo shown in a page: only a picture whose type was read from its bytes (JPEG, PNG: never SVG) is
    sent inline, still with ``nosniff`` and a policy that lets it run nothing."""
    if content_type not in IMAGE_TYPES:
        raise Http404
    response = attachment_response(fieldfile, content_type=content_type, filename="photo")
    response["Content-Disposition"] = "inline"
    return response


def attachment_response(fieldfile, *, content_type: str, filename: str) -> FileResponse:
    """Send a stored file as a download, never as something a browser would render or sniff."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.storage.open(fieldfile.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
