"""Settings of the Celery workers the worker tests start: the project's, with retries and leases short enough for a
test to watch them, a queue and a key prefix of the test's own, and only the briefing reminders (the tests' moments
are real time)."""

import os
from datetime import timedelta

from config.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ.get("TEST_QUEUE", "celery")
# Every key the worker writes carries the run's prefix, so two runs on one Redis never meet.
_PREFIX = os.environ.get("TEST_KEY_PREFIX", "")
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": _PREFIX}  # noqa: F405
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": _PREFIX}}  # noqa: F405
NOTIFICATIONS_RETRY_SECONDS = 1
NOTIFICATIONS_CLAIM_LEASE = timedelta(seconds=3)
NOTIFICATION_KINDS = ["opinion.reminders.BriefingReminder", "opinion.reminders.BriefingChange"]
