from opinion.models import TrainingMaterial
from opinion.models.trainings import Attendance
from tests.factories import UserFactory
from tests.opinion.factories_trainings import invite, make_collaborator, make_training


def sibling_training(tree):
    training = make_training(tree.b, title="Tập huấn Bí mật Sibling", place="Hội trường Bí mật Sibling")
    invite(training, make_collaborator(tree.b1, full_name="Người Bí mật Sibling"), status=Attendance.PRESENT)
    return training


def sibling_training_exists(tree):
    sibling_training(tree)


def sibling_material(tree):
    training = sibling_training(tree)
    # A row is enough: the file is never reached when the material is outside the reader's scope.
    return TrainingMaterial.objects.create(
        training=training,
        title="Tài liệu Bí mật Sibling",
        file="trainings/2026/03/bi-mat.pdf",
        content_type="application/pdf",
        size=1000,
        uploaded_by=UserFactory(username="uploader_b"),
    )


def sibling_collaborator(tree):
    collaborator = make_collaborator(tree.b1, full_name="Người Bí mật Sibling")
    invite(make_training(tree.b, title="Tập huấn Bí mật Sibling"), collaborator)
    return collaborator


SAMPLES = {
    "opinion:training_list": sibling_training_exists,
    "opinion:training_create": sibling_training_exists,
    "opinion:training_detail": lambda t: {"pk": sibling_training(t).pk},
    "opinion:training_update": lambda t: {"pk": sibling_training(t).pk},
    "opinion:training_invite": lambda t: {"pk": sibling_training(t).pk},
    "opinion:training_attendance": lambda t: {"pk": sibling_training(t).pk},
    "opinion:training_material_upload": lambda t: {"pk": sibling_training(t).pk},
    "opinion:training_material_download": lambda t: {"pk": sibling_material(t).pk},
    "opinion:training_record": lambda t: {"pk": sibling_collaborator(t).pk},
}
