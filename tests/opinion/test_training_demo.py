import pytest
from django.core.management import call_command
from django.utils import timezone

from committees.demo import SCALES, DemoContext
from committees.models import Committee
from opinion.demo import trainings as demo
from opinion.models import Collaborator, Training, TrainingAttendance
from opinion.models.trainings import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(settings):
    settings.DEMO_SEEDERS = []  # the tree and the accounts only: this test seeds what it needs itself
    call_command("seed_demo", "--scale", "small")
    people = []
    for committee in Committee.objects.filter(depth__in=(2, 3)).order_by("path"):
        for i in range(3):
            person = Collaborator(committee=committee, full_name=f"Cộng tác viên {committee.code} {i}")
            person.search_text = person.build_search_text()
            people.append(person)
    people[0].status = Collaborator.Status.ENDED
    Collaborator.objects.bulk_create(people)
    return DemoContext("small", SCALES["small"], timezone.localdate(), 20180705)


def snapshot():
    trainings = list(Training.objects.order_by("pk").values_list("committee__code", "title", "starts_on", "place"))
    rows = list(TrainingAttendance.objects.order_by("pk").values_list("collaborator__full_name", "status"))
    return trainings, rows


def test_the_bloc_holds_two_trainings_a_year_and_each_subordinate_committee_one(context):
    demo.seed(context)
    years = {context.today.year - 1, context.today.year}
    bloc = Training.objects.filter(committee__depth=1)
    assert bloc.count() == 4
    assert {t.starts_on.year for t in bloc} == years
    assert all(t.title.startswith("Hội nghị tập huấn nghiệp vụ công tác dư luận xã hội năm") for t in bloc)
    for committee in Committee.objects.filter(depth=2):
        assert sorted(t.starts_on.year for t in committee.trainings.all()) == sorted(years)
    assert all(t.history.exists() and t.search_text for t in Training.objects.all())


def test_invitations_follow_the_organiser_and_attendance_is_mostly_present_once_held(context):
    demo.seed(context)
    active = Collaborator.objects.filter(status=Collaborator.Status.ACTIVE)
    for training in Training.objects.filter(committee__depth=2):
        invited = set(training.attendances.values_list("collaborator", flat=True))
        assert invited == set(
            active.filter(committee__path__startswith=training.committee.path).values_list("pk", flat=True)
        )
    bloc_training = Training.objects.filter(committee__depth=1).first()
    assert bloc_training.attendances.count() == active.count()  # small scale: fewer than 120 collaborators, all invited
    held = TrainingAttendance.objects.filter(training__starts_on__lte=context.today)
    present = held.filter(status=Attendance.PRESENT).count()
    assert present > 0.7 * held.count()
    assert not held.filter(status=Attendance.INVITED).exists()
    assert (
        not TrainingAttendance.objects.filter(training__starts_on__gt=context.today)
        .exclude(status=Attendance.INVITED)
        .exists()
    )


def test_the_demo_trainings_are_the_same_every_time(context):
    demo.seed(context)
    first = snapshot()
    Training.objects.all().delete()
    demo.seed(context)
    assert [t[:3] for t in snapshot()[0]] == [t[:3] for t in first[0]]
    assert snapshot()[1] == first[1]
