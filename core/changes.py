"""Saving a change to a record, one way for every service: who made it goes to the record's history, and a partial
update writes only the fields that changed."""

from collections.abc import Iterable, Mapping


def check_editable(fields: Mapping, editable: Iterable[str], what: str = "") -> None:
    """Refuse fields a service does not edit (a programming error, not a user's: the forms offer only these)."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"Not editable{f' on {what}' if what else ''}: {sorted(unknown)}")


def save(record, by=None, **kwargs):
    """``record.save(**kwargs)`` with ``by`` kept as the author of this change in its history (simple-history)."""
    if by is not None and getattr(by, "is_authenticated", False):
        record._history_user = by
    record.save(**kwargs)
    return record


def update_fields(record, fields: Mapping, *, editable: Iterable[str], by=None, check=None) -> list[str]:
    """Set ``fields`` on ``record`` and save those whose value changed (nothing at all when none did), with ``by``
    as the author; returns the names saved. ``editable`` are the fields the calling service edits; ``check``, if
    given, is called with the record and the changed names before saving (it raises to refuse the change)."""
    check_editable(fields, editable, type(record).__name__)
    changed = [name for name, value in fields.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, fields[name])
    if changed:
        if check is not None:
            check(record, changed)
        save(record, by, update_fields=changed)
    return changed
