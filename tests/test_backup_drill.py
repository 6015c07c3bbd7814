"""The backup and the restore drill (ops/backup, ops/restore-drill) on the test database: a backup restores into a
fresh database with every table's rows, every uploaded file and roll-ups equal to a rebuild; a roll-up changed
behind the application's back before the backup, or a damaged backup, fails the drill."""

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from opinion.models import Briefing, ReportMonth
from opinion.models.trainings import Attendance
from tests.conftest import database_url, need
from tests.opinion.factories_briefings import invite_one, make_briefing, make_collaborator
from tests.opinion.factories_reports import make_report

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def records(tree, officer_a, tmp_path):
    hoa = make_collaborator(tree.a1, "Nguyễn Thị Hoa")
    make_report(hoa)
    briefing = make_briefing(tree.a, date(2026, 3, 5), status=Briefing.Status.HELD)
    invite_one(briefing, hoa, attendance=Attendance.PRESENT)
    media = tmp_path / "media"
    (media / "trainings" / "2026" / "03").mkdir(parents=True)
    (media / "trainings" / "2026" / "03" / "Tai-lieu.pdf").write_bytes(b"%PDF-1.4 tai lieu")


def run(script: str, *args, media: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media),
        "PY": str(Path(os.sys.executable)),
    }
    return subprocess.run(
        [str(BASE_DIR / "ops" / script), *map(str, args)], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


@pytest.fixture
def drill(records, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL dumps")
    need(shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None, "pg_dump is not installed")

    def backup_and_restore(damage=None):
        backup = tmp_path / "backup"
        made = run("backup", backup, media=tmp_path / "media")
        assert made.returncode == 0, made.stderr
        if damage:
            damage(backup)
        return run("restore-drill", backup, media=tmp_path / "media")

    return backup_and_restore


def test_a_backup_restores_with_every_row_file_and_roll_up(drill):
    restored = drill()
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "ok    the backup's files are intact" in restored.stdout
    assert "1 uploaded files restored, of 1" in restored.stdout
    assert "ok    every roll-up equals a rebuild from the restored records" in restored.stdout
    assert "The restore drill passed." in restored.stdout


def test_a_roll_up_changed_behind_the_applications_back_fails_the_drill(drill):
    ReportMonth.objects.filter(reports__gt=0).update(reports=99)
    restored = drill()
    assert restored.returncode == 1
    assert re.search(r"^monthly report counts: \d+ rows differ$", restored.stdout, re.MULTILINE)
    assert "The restore drill FAILED." in restored.stdout


def test_a_damaged_backup_fails_the_drill(drill):
    restored = drill(damage=lambda backup: (backup / "media.tar.gz").write_bytes(b"not the files"))
    assert restored.returncode == 1
    assert "FAIL  the backup's files are intact" in restored.stdout
