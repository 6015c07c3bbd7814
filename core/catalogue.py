"""Words that Django and django-simple-history put on the pages, listed so that the project's catalogue (which comes
before theirs) gives them in Vietnamese and in one style.

- The days of the week: Django writes "Thứ 2" … "Thứ 7", the briefing rules "Thứ Hai" … (a calendar head mixed
  both); the project's catalogue gives all seven as "Thứ Hai" … "Chủ Nhật".
- The kind of each change in a history ("Created", "Changed", "Deleted"): django-simple-history has no Vietnamese.
- The admin's import and export screens: django-import-export has no Vietnamese.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WEEKDAYS = (
    gettext_noop("Monday"), gettext_noop("Tuesday"), gettext_noop("Wednesday"), gettext_noop("Thursday"),
    gettext_noop("Friday"), gettext_noop("Saturday"), gettext_noop("Sunday"),
)  # fmt: skip
HISTORY_TYPES = (gettext_noop("Created"), gettext_noop("Changed"), gettext_noop("Deleted"))
IMPORT_EXPORT = (
    gettext_noop("Import"), gettext_noop("Export"), gettext_noop("Confirm import"), gettext_noop("Delete"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, click 'Confirm import'"
    ),
    gettext_noop("Errors"), gettext_noop("Line number"), gettext_noop("New"), gettext_noop("Non field specific"),
    gettext_noop("Please correct these errors in your data where possible, then reupload it using the form above."),
    gettext_noop("Preview"), gettext_noop("Row"), gettext_noop("Select all"), gettext_noop("Skipped"),
    gettext_noop("Some rows failed to validate"), gettext_noop("Submit"), gettext_noop("Update"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("%s through import_export"), gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("File to import"), gettext_noop("Format"), gettext_noop("Resource"),
    gettext_noop("Value could not be parsed."),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data for import."),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for the file."
    ),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
)  # fmt: skip
