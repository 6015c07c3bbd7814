"""Trainings for the tests: collaborators, trainings, invitations, and real file contents for the uploads."""

import io
import struct
import zlib
from datetime import date

from committees.models import Committee
from opinion.models import Collaborator, Training, TrainingAttendance, TrainingMaterial
from opinion.models.trainings import Attendance


def make_collaborator(committee, full_name="Nguyễn Thị Hoa", **fields) -> Collaborator:
    collaborator = Collaborator(committee=committee, full_name=full_name, **fields)
    collaborator.save()
    return collaborator


def make_training(committee, title="Hội nghị tập huấn nghiệp vụ công tác dư luận xã hội", **fields) -> Training:
    fields.setdefault("starts_on", date(2026, 3, 10))
    fields.setdefault("ends_on", fields["starts_on"])
    fields.setdefault("place", "Hội trường Đảng ủy Khối")
    training = Training(committee=committee, title=title, **fields)
    training.save()
    return training


def invite(training, *collaborators, status=Attendance.INVITED) -> list[TrainingAttendance]:
    return [TrainingAttendance.objects.create(training=training, collaborator=c, status=status) for c in collaborators]


def make_material(training, uploaded_by, *, title="Tài liệu tập huấn", content=None) -> TrainingMaterial:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opinion.services import trainings as services

    upload = SimpleUploadedFile("tai-lieu.pdf", content or pdf_bytes())
    # Through the service, as a user who may change the training (a superuser when the caller has none at hand).
    return services.training_material_add(training=training, by=uploaded_by, title=title, file=upload)


# --- real file contents -----------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Tai lieu tap huan") -> bytes:
    """A small valid PDF with one page of text."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes() -> bytes:
    """A valid 1×1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Tài liệu tập huấn nghiệp vụ")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Danh sách cộng tác viên"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HTML_BYTES = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _admin_training():
    committee = Committee.objects.order_by("path").first()
    training = make_training(committee, title="Tập huấn quản trị")
    invite(training, make_collaborator(committee, full_name="Lê Văn Quản Trị"))
    return training


ADMIN_MAKERS = {"opinion.Training": _admin_training}
