"""Models of the aanmelding: the casus and what belongs to it, and the versioned criteria."""

from .casus import Betrokkene, Casus, ReferenceCounter, StatusChange, bsn_digest
from .criteria import CriteriaSet, Criterion
from .feedback import Feedback, InformationRequest
from .precheck import PreCheck
from .registration import Attachment, InvolvedOrganisation

__all__ = [
    "Attachment",
    "Betrokkene",
    "Casus",
    "CriteriaSet",
    "Criterion",
    "Feedback",
    "InformationRequest",
    "InvolvedOrganisation",
    "PreCheck",
    "ReferenceCounter",
    "StatusChange",
    "bsn_digest",
]
