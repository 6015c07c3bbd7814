import factory
from django.contrib.auth import get_user_model

from committees import services
from committees.models import Committee

User = get_user_model()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "An"
    last_name = "Nguyễn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@tuyengiao.example")
    password = factory.django.Password("correct-horse-battery")


def make_committee(parent=None, **fields) -> Committee:
    """A committee added to the tree the way the application adds them."""
    n = Committee.objects.count() + 1
    fields.setdefault("code", f"C{n:05d}")
    fields.setdefault("name", f"Chi bộ số {n}")
    fields.setdefault("kind", Committee.Kind.GRASSROOTS_CELL if parent is not None else Committee.Kind.BLOC)
    return services.committee_create(parent=parent, **fields)


def make_staff(username: str, committee: Committee, role: str, **user_fields):
    user = UserFactory(username=username, **user_fields)
    services.staff_profile_set(user=user, committee=committee, role=role)
    return User.objects.get(pk=user.pk)


def make_collaborator(committee, full_name="Trần Thị Bình", user=None, **fields):
    """A collaborator as the application appoints one (kept minimal: the collaborators area has richer factories)."""
    from opinion.models import Collaborator

    collaborator = Collaborator(committee=committee, full_name=full_name, user=user, **fields)
    collaborator.save()
    return collaborator
