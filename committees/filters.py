import django_filters

from committees.fields import CommitteeField


class CommitteeSubtreeFilter(django_filters.Filter):
    """A list filter: the records of the committee typed in the picker and of every committee under it.

    The filter set gives the field the user's scope (``CommitteeField.for_user``) when it is built: a committee
    outside it is "not found", and the list is then empty, exactly as for a committee that does not exist.
    """

    field_class = CommitteeField

    def __init__(self, *args, path_field="committee__path", **kwargs):
        kwargs.setdefault("inactive", True)
        super().__init__(*args, **kwargs)
        self.path_field = path_field

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.path_field}__startswith": value.path})
