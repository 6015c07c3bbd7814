from resolutions.models.documents import (
    DocumentFile,
    DocumentKind,
    DocumentRelation,
    Organ,
    PartyDocument,
    RelationKind,
)

__all__ = ["DocumentFile", "DocumentKind", "DocumentRelation", "Organ", "PartyDocument", "RelationKind"]
