"""The signed link with which a contact person without an account answers a casusoverleg invitation.

A contact known by name and e-mail address only cannot log in, so the invitation carries a link of
its own (docs/decisions.md, "Answering without an account"). The token is made with
``django.core.signing`` (HMAC with the project's secret key, a timestamp, a salt of its own so it is
good for this one purpose only) and holds two numbers: the contact row and the invitation's calendar
sequence. No name, address or reference is in it. It expires after ``ZVH_OVERLEG_LINK_DAYS`` days, and
a change of the meeting (a new sequence, a new mail with a new link) makes the older links useless.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from zvh.core.exceptions import ServiceError

SALT = "pga.casusoverleg.antwoord"

INVALID = (
    "Deze link is niet (meer) geldig. Gebruik de link uit de laatste e-mail over dit casusoverleg, "
    "of laat de procesregisseur weten of u deelneemt."
)
EXPIRED = "Deze link is verlopen. Laat de procesregisseur weten of u deelneemt."
CHANGED = (
    "Het casusoverleg is gewijzigd sinds deze e-mail. Gebruik de link uit de laatste e-mail over dit casusoverleg."
)


class AnswerLinkRefused(ServiceError):
    """A link that is forged, expired, or from before the meeting changed (the message says which)."""


@dataclass(frozen=True)
class AnswerLink:
    contact_id: int
    sequence: int


def make_token(*, contact_id: int, sequence: int) -> str:
    return signing.dumps({"c": contact_id, "s": sequence}, salt=SALT)


def read_token(token: str) -> AnswerLink:
    """What a genuine, unexpired token says; ``AnswerLinkRefused`` with a Dutch message otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.ZVH_OVERLEG_LINK_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        raise AnswerLinkRefused(EXPIRED) from None
    except signing.BadSignature:
        raise AnswerLinkRefused(INVALID) from None
    try:
        return AnswerLink(contact_id=int(payload["c"]), sequence=int(payload["s"]))
    except (KeyError, TypeError, ValueError):
        raise AnswerLinkRefused(INVALID) from None
