"""Personas and the small tree they live in.

Đảng bộ Khối (root)            bloc_staff, leader_root
├── Đảng bộ A                  officer_a, leader_a, collaborator_a
│   └── Chi bộ A1
└── Đảng bộ B (sibling of A)   officer_b_sibling
    └── Chi bộ B1
"""

import os
import shutil
import uuid
from types import SimpleNamespace

import pytest

from committees.models import Committee, Role
from tests.broker import fresh_broker_pools
from tests.factories import UserFactory, make_committee, make_staff

# The study campaign the board, its roll-up, the letters and the reminders are tested on.
pytest_plugins = ["tests.resolutions.campaign_fixture"]

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def _cache_of_its_own():
    """Each test reads and writes a cache of its own (a key prefix of its own in the one Redis database the
    workers share, which the broker also uses, so not flushed): what one test cached is never another's."""
    from django.core.cache import cache

    before = cache.key_prefix
    cache.key_prefix = uuid.uuid4().hex
    yield
    cache.key_prefix = before


def need(condition: bool, reason: str) -> None:
    """Skip a test whose server or browser is missing, unless the run requires them all."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Mutation testing (``make mutants``) runs mutants side by side, each in a process of its own: each gets a test
    database of its own, as xdist's workers do."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from pytest_django.fixtures import _set_suffix_to_test_databases

        _set_suffix_to_test_databases(suffix=f"mutant{os.getpid()}")


if os.environ.get("MUTANTS_TEMPLATE_DATABASE"):

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker, django_db_modify_db_settings):
        """Each mutant's run copies a database ``make mutants`` migrated once (CREATE DATABASE … TEMPLATE, a fraction of
        a second) instead of migrating one of its own (five seconds, most of a mutant's time)."""
        from django.conf import settings
        from django.db import connection

        template = os.environ["MUTANTS_TEMPLATE_DATABASE"]
        with django_db_blocker.unblock():
            name = connection.creation._get_test_db_name()
            quote = connection.ops.quote_name
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
                cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
            connection.close()
            settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = name
        yield
        with django_db_blocker.unblock():
            connection.close()
            # FORCE: a session a test's thread left open must not fail the last test's teardown, which would count
            # as a kill of whatever mutant the run was for.
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_in_the_test():
    """A task a change starts (after its commit) runs here, eagerly; the worker tests start real workers."""
    from config.celery_app import app

    # Fresh broker pools for each session: make mutants runs the suite several times in one process (and forks
    # from it), and a session must not inherit the pools an earlier one closed ("Acquire on closed pool") or
    # left without a free producer (a later session waited forever for one).
    fresh_broker_pools()
    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files are stored in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree(db):
    root = make_committee(
        None,
        code="ROOT",
        name="Đảng bộ Khối các cơ quan Trung ương",
        kind=Committee.Kind.BLOC,
        party_members=3,
        place_name="Hà Nội",
    )
    a = make_committee(
        root, code="A", name="Đảng ủy Bộ Tài chính", kind=Committee.Kind.UPPER_GRASSROOTS, party_members=10
    )
    a1 = make_committee(a, code="A1", name="Chi bộ Vụ Tổng hợp", party_members=25, cadres=40, employees=50)
    b = make_committee(
        root, code="B", name="Đảng ủy Ngân hàng Nhà nước", kind=Committee.Kind.UPPER_GRASSROOTS, party_members=7
    )
    b1 = make_committee(b, code="B1", name="Chi bộ Vụ Bí mật Sibling", party_members=30)
    return SimpleNamespace(root=root, a=a, a1=a1, b=b, b1=b1)


@pytest.fixture
def bloc_staff(tree):
    return make_staff("bloc_staff", tree.root, Role.BLOC_STAFF)


@pytest.fixture
def officer_a(tree):
    return make_staff("officer_a", tree.a, Role.OFFICER)


@pytest.fixture
def officer_b_sibling(tree):
    return make_staff("officer_b", tree.b, Role.OFFICER)


@pytest.fixture
def leader_a(tree):
    return make_staff("leader_a", tree.a, Role.LEADER)


@pytest.fixture
def collaborator_a(tree):
    return make_staff("collaborator_a", tree.a1, Role.COLLABORATOR)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def database_url() -> str:
    """The URL of the PostgreSQL test database, for the servers and workers a test starts in processes of its own."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def verified(client, user):
    """``client`` signed in as ``user`` with a second factor, as the admin requires (committees/two_factor.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="default", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    return verified(client, admin_user)


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    need(path is not None, "chromium is not installed")
    return path


@pytest.fixture
def redis_url(settings):
    url = os.environ.get("REDIS_URL", "")
    need(bool(url), "REDIS_URL is not set")
    return url


def pytest_terminal_summary(terminalreporter):
    """How many hostile requests the input fuzz tests sent (tests/test_hostile_*.py), all workers added up."""
    tried = sum(
        value
        for report in terminalreporter.stats.get("passed", [])
        for name, value in getattr(report, "user_properties", [])
        if name == "hostile_requests"
    )
    if tried:
        terminalreporter.write_line(f"hostile input: {tried:,} requests sent, none answered with a server error")
