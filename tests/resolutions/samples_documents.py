"""How the documents' URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from resolutions.models import DocumentFile
from tests.factories import UserFactory
from tests.resolutions.factories_documents import make_document


def sibling_document(tree):
    return make_document(
        tree.b, number="07-KH/ĐU", title="kế hoạch Bí mật Sibling", issuer="Ban Thường vụ Bí mật Sibling"
    )


def sibling_document_exists(tree):
    sibling_document(tree)


def sibling_file(tree):
    # A row is enough: the file is never reached when the document is outside the reader's scope.
    return DocumentFile.objects.create(
        document=sibling_document(tree),
        title="Tệp Bí mật Sibling",
        file="documents/2026/03/bi-mat.pdf",
        content_type="application/pdf",
        size=1000,
        uploaded_by=UserFactory(username="uploader_b"),
    )


SAMPLES = {
    "resolutions:document_list": sibling_document_exists,
    "resolutions:document_create": sibling_document_exists,
    "resolutions:document_detail": lambda t: {"pk": sibling_document(t).pk},
    "resolutions:document_update": lambda t: {"pk": sibling_document(t).pk},
    "resolutions:document_relate": lambda t: {"pk": sibling_document(t).pk},
    "resolutions:document_file_upload": lambda t: {"pk": sibling_document(t).pk},
    "resolutions:document_file_download": lambda t: {"pk": sibling_file(t).pk},
}
