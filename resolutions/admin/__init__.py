from resolutions.admin import documents  # noqa: F401
