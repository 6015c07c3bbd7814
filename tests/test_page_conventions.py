"""The UI conventions a reader can check in the templates (docs/ui.md): every page's title sits in its header."""

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Pages with a frame of their own: printed documents, emails, the sign-in cards, error pages, the admin's.
OWN_FRAME = ("print_", "email/", "registration/", "admin/", "_error.html", "500.html", "503.html")
PAGES = sorted(
    path
    for path in TEMPLATES.rglob("*.html")
    if "<h1" in path.read_text() and not any(part in str(path.relative_to(TEMPLATES)) for part in OWN_FRAME)
)


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_every_page_title_sits_in_the_page_header(path):
    lines = path.read_text().splitlines()
    for number, line in enumerate(lines):
        if "<h1" in line:
            before = lines[max(0, number - 2) : number + 1]
            assert any('class="page-header"' in candidate for candidate in before), f"line {number + 1}: {line}"


def test_the_pages_are_found():
    assert len(PAGES) > 40
