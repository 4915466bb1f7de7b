"""Who reads a casusoverleg: the dossier's readers (procesregisseur, chairs) and the invited partners.

A ketenpartner reads a meeting while their organisation takes part in it and the dossier runs;
anyone else gets DoesNotExist (the view answers 404) and an attempt on an existing meeting is
audited as DENIED. Every read is audited.
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch

from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..answer_links import CHANGED, INVALID, AnswerLink, AnswerLinkRefused
from ..constants import OverlegStatus
from ..models import (
    Action,
    Casusoverleg,
    OverlegContact,
    OverlegMinute,
    OverlegMinutesVersion,
    OverlegParticipant,
    PgaDossier,
)
from .dossiers import _readable_q


@dataclass
class OverlegPage:
    overleg: Casusoverleg
    participants: list
    full: bool  # the procesregisseur's or chair's view (all answers); else the partner's own contacts
    own_contacts: list
    # The minutes and the agreements: for the dossier's readers, and for a partner whose organisation attended.
    minutes: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    shows_minutes: bool = False
    minutes_versions: list = field(default_factory=list)  # earlier texts, newest first, with reason and who


def _participants(overleg: Casusoverleg) -> list:
    return list(
        OverlegParticipant.objects.filter(overleg=overleg)
        .select_related("organisation")
        .prefetch_related(Prefetch("contacts", queryset=OverlegContact.objects.select_related("user")))
    )


def overleg_for_reading(*, user: User, casus_id: uuid.UUID, number: int) -> OverlegPage:
    base = Casusoverleg.objects.select_related("dossier__casus", "dossier__procesregisseur")
    found, full = None, False
    if user.is_authenticated and user.is_active:
        readable = _readable_q(user)
        if readable is not None:
            dossiers = PgaDossier.objects.filter(readable, casus_id=casus_id)
            found = base.filter(dossier__in=dossiers, number=number).first()
            full = found is not None
        if found is None and user.has_role(Role.KETENPARTNER) and user.organisation_id:
            found = base.filter(
                dossier__casus_id=casus_id,
                dossier__closed_at__isnull=True,
                number=number,
                participants__organisation_id=user.organisation_id,
            ).first()
    if found is None:
        existing = Casusoverleg.objects.filter(dossier__casus_id=casus_id, number=number).first()
        if existing is not None:
            audit_record(actor=user, action=AuditAction.DENIED, detail={"object": f"pga.casusoverleg:{existing.pk}"})
        raise Casusoverleg.DoesNotExist
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=found,
        case_reference=found.dossier.casus.reference or "",
        detail={"pagina": "casusoverleg"},
    )
    participants = _participants(found)
    own = [
        contact
        for participant in participants
        if participant.organisation_id == user.organisation_id
        for contact in participant.contacts.all()
        if contact.user_id == user.pk
    ]
    attended = full or any(
        contact.attended
        for participant in participants
        if participant.organisation_id == user.organisation_id
        for contact in participant.contacts.all()
    )
    if not full:
        participants = [p for p in participants if p.organisation_id == user.organisation_id]
    page = OverlegPage(overleg=found, participants=participants, full=full, own_contacts=own)
    if attended and found.status == OverlegStatus.GEHOUDEN:
        page.shows_minutes = True
        page.minutes = list(OverlegMinute.objects.filter(overleg=found))
        page.minutes_versions = list(OverlegMinutesVersion.objects.filter(overleg=found).select_related("corrected_by"))
        page.agreements = list(
            Action.objects.filter(overleg=found).select_related("owner_organisation").order_by("due_date", "id")
        )
    return page


def contact_for_answer_link(link: AnswerLink) -> OverlegContact:
    """The contact without an account a genuine link names, while the link names the meeting as it is now.

    ``AnswerLinkRefused`` (a Dutch message) otherwise. The page shows the meeting's date, time and place
    and the contact's own answer: no personal data, so nothing is audited until an answer is recorded.
    """
    contact = (
        OverlegContact.objects.select_related("participant__overleg__dossier__casus", "participant__organisation")
        .filter(pk=link.contact_id, user__isnull=True)
        .first()
    )
    if contact is None:
        raise AnswerLinkRefused(INVALID)
    if contact.participant.overleg.calendar_sequence != link.sequence:
        raise AnswerLinkRefused(CHANGED)
    return contact
