"""URL samples of the email pages (see test_url_access): everyone's own settings page shows nothing of anyone else.

The unsubscribe link is public by design: a mail client posts it without signing in (RFC 8058); its signed token
says whose mail it turns off, and a wrong token is a 404 (tests/notifications/test_preferences.py).
"""

SAMPLES = {
    "notifications:preferences": None,
}

PUBLIC = {
    "notifications:unsubscribe": "the one-click unsubscribe link of optional mail, opened from a mail client",
}
