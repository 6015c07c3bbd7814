"""What every roll-up of records over the committee tree shares: a count kept on a record's committee and on each of
its ancestors (whose rows hold their whole subtree), moved by the services in the transaction of the change that
moves it and rebuilt in bulk from the records, one grouped ``INSERT … SELECT`` per tree level.

Each app registers its roll-ups (``register``) so that ``manage.py check_rollups`` and the tests compare every one of
them with its rebuild (``differences``)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import F, Max, QuerySet

from committees.models import Committee, Totals

UPDATE_BATCH = 500


def lineages(committee_ids: Iterable[int]) -> dict[int, list[int]]:
    """{committee id: [its id and its ancestors' ids]}, in two queries whatever the number of committees."""
    paths = dict(Committee.objects.filter(pk__in=set(committee_ids)).values_list("pk", "path"))
    chains = {pk: Committee.path_lineage(path) for pk, path in paths.items()}
    ids = dict(Committee.objects.filter(path__in={p for chain in chains.values() for p in chain}).values_list(
        "path", "pk"
    ))  # fmt: skip
    return {pk: [ids[path] for path in chain if path in ids] for pk, chain in chains.items()}


def shift(model, keys: tuple[str, ...], deltas: dict[tuple, dict[str, int]]) -> None:
    """Add ``deltas`` ({key values: {field: delta}}) to the rows of ``model`` named by ``keys``, creating the
    missing rows at zero first. Three statements (and one more per ``UPDATE_BATCH`` rows), whatever the keys."""
    deltas = {key: changes for key, changes in deltas.items() if any(changes.values())}
    if not deltas:
        return
    # A row is created only to add to it: a count taken away from a row that is gone went with what it counted
    # (a deleted collaborator's rows are deleted with them).
    missing = [key for key, changes in deltas.items() if any(value > 0 for value in changes.values())]
    model.objects.bulk_create([model(**dict(zip(keys, key, strict=True))) for key in missing], ignore_conflicts=True)
    candidates = model.objects.filter(**{f"{name}__in": {key[i] for key in deltas} for i, name in enumerate(keys)})
    fields = sorted({name for changes in deltas.values() for name in changes})
    rows = []
    for pk, *key in candidates.values_list("pk", *keys):
        changes = deltas.get(tuple(key))
        if changes is None:
            continue
        row = model(pk=pk)
        for name in fields:
            setattr(row, name, F(name) + changes.get(name, 0))
        rows.append(row)
    model.objects.bulk_update(rows, fields, batch_size=UPDATE_BATCH)


def insert_select(
    model, columns: list[str], select: str, queryset: QuerySet, *, by_branch=False, params=(), join="", join_params=()
):  # fmt: skip
    """``INSERT INTO model (columns) SELECT select FROM (queryset) g``: one statement, nothing read back into
    Python. ``by_branch`` joins the committee whose path is the queryset's ``branch`` as ``c``; ``join`` is any
    further join, with its ``join_params``. ``params`` are those of ``select``, which comes before the queryset's."""
    connection, sql, query_params = _compiled(model, queryset)
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) SELECT {select} FROM ({sql}) g "
            f"{_branch_join(connection) if by_branch else ''} {join}",
            [*params, *query_params, *join_params],
        )


def update_from(model, queryset: QuerySet, *, assignments: dict[str, str], match: str) -> None:
    """``UPDATE model SET field = expression, … FROM (queryset) g`` joined, like ``insert_select``'s ``by_branch``,
    to the committee ``c`` of the queryset's ``branch``, on the rows where ``match`` holds (the model's table is
    named ``t``'s way: by its columns alone). One statement whatever the rows."""
    connection, sql, query_params = _compiled(model, queryset)
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(model._meta.get_field(name).column)} = {value}" for name, value in assignments.items())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {sets} FROM ({sql}) g {_branch_join(connection)} WHERE {match}",
            query_params,
        )


def _compiled(model, queryset: QuerySet):
    using = router.db_for_write(model)
    sql, params = queryset.query.get_compiler(using).as_sql()
    return connections[using], sql, params


def _branch_join(connection) -> str:
    return f"INNER JOIN {connection.ops.quote_name(Committee._meta.db_table)} c ON c.path = g.branch"


def carry_subtree(model, keys: tuple[str, ...], figures: tuple[str, ...], *, committee: Committee,
                  old_ancestor_ids: list[int]) -> None:  # fmt: skip
    """``committee`` (and its subtree) now hangs elsewhere: what its own rows of ``model`` count (its whole subtree,
    by ``keys``) leaves the ancestors it has left and joins the ones it has gained. Its own rows, and its
    subtree's, do not change."""
    new_ancestor_ids = [pk for pk in lineages([committee.pk]).get(committee.pk, []) if pk != committee.pk]
    moves = [(pk, -1) for pk in set(old_ancestor_ids) - set(new_ancestor_ids)]
    moves += [(pk, 1) for pk in set(new_ancestor_ids) - set(old_ancestor_ids)]
    if not moves:
        return
    deltas = {}
    for row in model.objects.filter(committee_id=committee.pk).values_list(*keys, *figures):
        key, values = row[: len(keys)], row[len(keys) :]
        for ancestor, sign in moves:
            deltas[(ancestor, *key)] = {name: sign * v for name, v in zip(figures, values, strict=True)}
    shift(model, ("committee_id", *keys), deltas)


def tree_depths() -> range:
    return range(1, (Committee.objects.aggregate(m=Max("depth"))["m"] or 0) + 1)


@dataclass(frozen=True)
class Rollups:
    """Some roll-ups of one app: their rows by name (every row that counts something, comparable across a rebuild)
    and what rebuilds them all from the records."""

    rows: Callable[[], dict[str, set]]
    rebuild: Callable[[], None]


REGISTERED: list[Rollups] = []


def register(*, rows: Callable[[], dict[str, set]], rebuild: Callable[[], None]) -> None:
    """Called by each app's ``ready``."""
    rollups = Rollups(rows, rebuild)
    if rollups not in REGISTERED:
        REGISTERED.append(rollups)


def kept_rows() -> dict[str, set]:
    return {name: rows for rollups in REGISTERED for name, rows in rollups.rows().items()}


def rebuild_every_rollup() -> None:
    for rollups in REGISTERED:
        rollups.rebuild()


def differences() -> dict[str, int]:
    """For each roll-up, how many of its rows differ from a rebuild (kept but not rebuilt, or rebuilt but not kept).
    The rebuild happens in a transaction that is rolled back: nothing is changed."""
    with transaction.atomic():
        kept = kept_rows()
        rebuild_every_rollup()
        rebuilt = kept_rows()
        transaction.set_rollback(True)
    return {name: len(kept[name] ^ rebuilt[name]) for name in kept}


def subtree_totals_rows() -> dict[str, set]:
    names = (f"subtree_{name}" for name in Totals._fields)
    return {"committees' subtree totals": set(Committee.objects.values_list("pk", *names))}
