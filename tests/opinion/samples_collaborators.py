from tests.opinion.factories_collaborators import make_collaborator


def sibling_collaborator(tree):
    return make_collaborator(tree.b1, full_name="Người Bí mật Sibling", unit="Vụ Bí mật Sibling")


def sibling_collaborator_exists(tree):
    sibling_collaborator(tree)


SAMPLES = {
    "opinion:collaborator_list": sibling_collaborator_exists,
    "opinion:collaborator_export": sibling_collaborator_exists,
    "opinion:collaborator_import": sibling_collaborator_exists,
    "opinion:collaborator_create": sibling_collaborator_exists,
    "opinion:collaborator_detail": lambda t: {"pk": sibling_collaborator(t).pk},
    "opinion:collaborator_update": lambda t: {"pk": sibling_collaborator(t).pk},
    "opinion:collaborator_status": lambda t: {"pk": sibling_collaborator(t).pk},
}
