"""Database helpers that are not about any domain."""

from django.db import DEFAULT_DB_ALIAS, connections, router


def analyze(*models) -> None:
    """Fresh planner statistics for the tables of ``models`` (every table without any) after a bulk load, on
    PostgreSQL (SQLite plans without them).

    A query planned on a table just filled, before autovacuum has looked at it, is planned as if the table were
    empty: a rebuild or a page can then take minutes where it takes a second. ANALYZE runs inside a transaction."""
    connection = connections[router.db_for_write(models[0]) if models else DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not models:
            cursor.execute("ANALYZE")
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
