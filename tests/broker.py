"""The broker's connection and producer pools, which kombu keeps globally, by connection: whatever a test does to
them, the tests after it share."""


def fresh_broker_pools() -> None:
    """Drop every pool and let the app make new, full ones on its next task. Closing a pool's connections instead
    (``force_close_all(close_pool=False)``) leaves it empty for good: two threads that then each need a producer at
    once wait for ever."""
    from kombu import pools

    from config.celery_app import app

    pools.reset()
    app._after_fork()
