"""Names in Vietnamese alphabetical order, the same on PostgreSQL and SQLite.

The databases compare text by code point (or by a locale the server happens to have): "Đặng" then comes after
"Vũ", and "Ánh" after "Anh Tuấn". So each model whose lists are sorted by name keeps a sort key of its name in a
``sort_name`` column, built here and indexed like any column, and lists are ordered by that column.

The key orders names the way a Vietnamese dictionary does:

1. letter by letter in the Vietnamese alphabet, a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w
   and z where the Latin alphabet has them), tones and case ignored; word by word ("An Bình" before "Anh"); numbers
   by their value ("Chi bộ 2" before "Chi bộ 10");
2. then the tones, letter by letter: none, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ);
3. then the case: lower case first.

It is made of digits only, two per letter, so every collation orders it the same way, byte by byte: no locale ever
reorders digits, ignores them or reads two of them as one letter (as "ch" is in some locales). ``search_text``
cannot serve as this key: it keeps several fields, and it folds đ into d and drops the tones, which search needs
and Vietnamese order does not allow (Đ comes after D, à after a).
"""

import unicodedata

from django.db import models

# Primary weights: the letters of the Vietnamese alphabet in order, with the Latin letters it lacks in their places.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
LETTER = {letter: f"{20 + i:02d}" for i, letter in enumerate(ALPHABET)}
END = "00"  # after the letters, before the tones: a name that is the start of another comes first
SEPARATOR = "01"  # between words (spaces and punctuation, however many)
NUMBER = "1"  # then the count of digits (two) and the digits: numbers by value, before letters
OTHER = "9"  # then the code point (seven digits): letters of other scripts, after the Vietnamese ones

# The marks that make a letter of the alphabet, and the tones (ngang, huyền, hỏi, ngã, sắc, nặng).
LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
MARKED = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}
TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _clusters(text: str):
    """Each base character of ``text`` with the combining marks that follow it."""
    base, marks = None, []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn" and base is not None:
            marks.append(ch)
            continue
        if base is not None:
            yield base, marks
        base, marks = ch, []
    if base is not None:
        yield base, marks


def sort_key(text: str) -> str:
    """The Vietnamese sort key of a name: 'Đặng Thu Hà' sorts after 'Dương Văn An' and before 'Em'."""
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    digits = ""

    def end_number():
        nonlocal digits
        if digits:
            value = digits.lstrip("0")[:99] or "0"
            primary.append(f"{NUMBER}{len(value):02d}{value}")
            digits = ""

    for base, marks in _clusters(text or ""):
        if base.isdigit() and base.isascii():
            digits += base
            continue
        end_number()
        lower = base.lower()
        if lower == "đ" or (lower.isascii() and lower.isalpha()):
            modifier = next((LETTER_MARKS[m] for m in marks if m in LETTER_MARKS), None)
            letter = MARKED.get((lower, modifier), lower)
            primary.append(LETTER[letter])
            tones.append(next((TONES[m] for m in marks if m in TONES), "0"))
            cases.append("1" if base != lower else "0")
        elif base.isalnum():
            primary.append(f"{OTHER}{ord(lower):07d}")
        elif primary and primary[-1] != SEPARATOR:
            primary.append(SEPARATOR)
    end_number()
    while primary and primary[-1] == SEPARATOR:
        primary.pop()
    return "".join(primary) + END + "".join(tones) + "".join(cases)


class NameSortedModel(models.Model):
    """A model whose lists are sorted by name: ``sort_name`` keeps the Vietnamese sort key of its ``sort_fields``."""

    sort_fields: tuple[str, ...] = ()

    sort_name = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A derived column, recomputed whenever the fields it derives from are saved.
        self.sort_name = self.build_sort_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.sort_fields):
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def build_sort_name(self) -> str:
        return sort_key(" ".join(str(getattr(self, f) or "") for f in self.sort_fields))
