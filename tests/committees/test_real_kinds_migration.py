"""The move from three kinds (bloc, committee, cell) to the party's six reads each committee's kind off the tree's
shape once, and its history follows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("committees", "0007_plausible_values")]
AFTER = [("committees", "0008_real_kinds")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_old_kinds_become_the_party_kinds_by_the_shape_of_the_tree():
    apps = migrate(BEFORE)
    Committee = apps.get_model("committees", "Committee")
    History = apps.get_model("committees", "HistoricalCommittee")
    shape = {  # path: (code, old kind)
        "0001": ("ROOT", "bloc"),
        "00010001": ("UPPER", "committee"),  # has a committee under it
        "000100010001": ("GRASS", "committee"),  # cells only under it
        "0001000100010001": ("PART", "committee"),  # under a grassroots committee
        "00010001000100010001": ("PARTCELL", "cell"),
        "0001000100010002": ("ATT", "cell"),  # under a grassroots committee
        "000100010002": ("UPCELL", "cell"),  # under an upper-grassroots committee
        "00010002": ("ROOTCELL", "cell"),  # right under the bloc
        "00010003": ("LONE", "committee"),  # nothing under it
    }
    for path, (code, kind) in shape.items():
        committee = Committee.objects.create(path=path, depth=len(path) // 4, code=code, name=code, kind=kind)
        History.objects.create(
            id=committee.pk, path=path, depth=len(path) // 4, code=code, name=code, kind=kind,
            history_date="2026-01-01T00:00:00Z", history_type="+",
        )  # fmt: skip
    try:
        apps = migrate(AFTER)
        Committee = apps.get_model("committees", "Committee")
        History = apps.get_model("committees", "HistoricalCommittee")
        expected = {
            "ROOT": "bloc",
            "UPPER": "upper_grassroots",
            "GRASS": "grassroots",
            "PART": "partial",
            "PARTCELL": "attached_cell",
            "ATT": "attached_cell",
            "UPCELL": "grassroots_cell",
            "ROOTCELL": "grassroots_cell",
            "LONE": "grassroots",
        }
        assert dict(Committee.objects.values_list("code", "kind")) == expected
        assert dict(History.objects.values_list("code", "kind")) == expected
    finally:
        Committee.objects.all().delete()
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
