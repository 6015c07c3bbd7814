"""How the publications' URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from datetime import date

from resolutions.models import Publication


def sibling_publication(tree) -> Publication:
    return Publication.objects.create(
        committee=tree.b, title="Tuyển tập Bí mật Sibling", publisher="Đảng ủy", published_on=date(2026, 6, 1)
    )


def sibling_publication_exists(tree):
    sibling_publication(tree)


SAMPLES = {
    "resolutions:publication_list": sibling_publication_exists,
    "resolutions:publication_create": sibling_publication_exists,
    "resolutions:publication_detail": lambda t: {"pk": sibling_publication(t).pk},
    "resolutions:publication_anthology": lambda t: {"pk": sibling_publication(t).pk},
}
