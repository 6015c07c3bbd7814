"""Accent-insensitive search, the same on PostgreSQL and SQLite.

Each searchable model keeps a normalised copy of its searchable text (lower case, diacritics stripped, đ→d) in a
``search_text`` column; a query is normalised the same way and matched with a plain ``LIKE``, which a trigram index
serves on PostgreSQL.
"""

import unicodedata

from django.db import models


def normalize(text: str) -> str:
    """'Đảng ủy Khối' -> 'dang uy khoi'."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


class SearchableModel(models.Model):
    """A model whose ``search_fields`` are kept, normalised, in ``search_text``."""

    search_fields: tuple[str, ...] = ()
    # The fields whose change alters the search text, when ``search_fields`` name properties derived from them.
    search_sources: tuple[str, ...] = ()

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A derived column, recomputed whenever the fields it derives from are saved.
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.search_sources or self.search_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return normalize(" ".join(str(getattr(self, f) or "") for f in self.search_fields))


class SearchQuerySet(models.QuerySet):
    def search(self, query: str):
        """Rows whose searchable text contains the query, accents and case ignored.

        The whole phrase is matched, not each word: a long pattern is what lets the trigram index narrow 60,000
        rows down to a few (a two-letter word such as "bo" gives it nothing to work with).
        """
        phrase = normalize(query)
        return self.filter(search_text__contains=phrase) if phrase else self
