"""The casusoverleg part of the demo: a held first meeting and a planned follow-up, through pga's services.

Why replayed in the past: a meeting is planned for today or later, answered before its date and
recorded on its day or later (the services refuse anything else), so the first casusoverleg is
played at the moments it would have happened, a week after the triage opened the dossier
(``demo.history.at``). Its participants are the triage's invitees plus Slachtofferhulp as an
incidental organisation with its ground. Every organisation needs a contact person before the
invitations go out, and one with ketenpartners in the application must pick one of them: so the
police and GGZ have the demo ketenpartner accounts, the others a contact without an account, who
answers through the signed link of the invitation. The minutes hold two agreements, which became
actions; the police's is reported done by ``partner-politie`` in the portal, the GGZ's is still
open. The follow-up is planned today, two weeks ahead, with its invitations sent: the
procesregisseur's dossier and the partners' portal show it as the next meeting.
"""

import datetime

from django.utils import timezone

from participants.models import Organisation, User
from pga.answer_links import AnswerLink
from pga.constants import OverlegResponse
from pga.models import Casusoverleg, OverlegContact, PgaDossier
from pga.services import (
    action_report,
    overleg_add_contact,
    overleg_add_organisation,
    overleg_answer,
    overleg_answer_by_link,
    overleg_plan,
    overleg_plan_followup,
    overleg_record_meeting,
    overleg_send_invitations,
)
from pga.services.overleg import Agreement
from triage.constants import IncidentalGround
from zvh.calendar.scheduling import TIMEZONE

from .history import at

AGENDA = "Kennismaking en rolverdeling\nStand van zaken per leefgebied\nAfspraken"
FOLLOWUP_AGENDA = "Terugkoppeling van de afspraken\nStand van zaken wonen en financiën\nNieuwe afspraken"
MINUTES = (
    ("Kennismaking en rolverdeling", "Iedere partner lichtte toe wat zij doet; de procesregisseur houdt de regie."),
    ("Stand van zaken per leefgebied", "Zorgen over wonen (huurachterstand) en psychische gezondheid."),
    ("Afspraken", "Twee afspraken gemaakt, zie de acties in het plan van aanpak."),
)
POLICE_AGREEMENT = "Wijkagent sluit aan bij het eerstvolgende huisbezoek van het wijkteam"
GGZ_AGREEMENT = "Betrokkene uitnodigen voor een intakegesprek"
# Contact persons without an account: organisation -> (name, address). Fictional, like all demo data.
WITHOUT_ACCOUNT = {
    "Gemeente Utrecht": ("Wijkteam Noordwest", "wijkteam-noordwest@utrecht.example"),
    "Woningcorporatie Mitros": ("Team incasso", "incasso@mitros.example"),
    "Slachtofferhulp Nederland": ("Regiokantoor Utrecht", "utrecht@slachtofferhulp.example"),
}
_DAY = datetime.timedelta(days=1)


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TIMEZONE)


def _times(day: datetime.date) -> dict:
    return {"date": day, "starts_at": datetime.time(10), "ends_at": datetime.time(11, 30)}


def _contacts(overleg: Casusoverleg, users: dict[str, User], by: User) -> None:
    """A contact person per organisation: the ketenpartner account where there is one, a name and address else."""
    accounts = {users[name].organisation_id: users[name] for name in ("partner-politie", "partner-ggz")}
    for participant in overleg.participants.select_related("organisation"):
        user = accounts.get(participant.organisation_id)
        if user is not None:
            overleg_add_contact(participant=participant, user=user, by=by)
        else:
            name, email = WITHOUT_ACCOUNT[participant.organisation.name]
            overleg_add_contact(participant=participant, name=name, email=email, by=by)


def _answers(overleg: Casusoverleg, users: dict[str, User], by: User) -> None:
    """The partners answer themselves, the municipality by phone (the regisseur records it), the others by link."""
    contacts = {
        c.participant.organisation.name: c
        for c in OverlegContact.objects.filter(participant__overleg=overleg).select_related("participant__organisation")
    }
    overleg_answer(
        contact=contacts["Politie Midden-Nederland"], response=OverlegResponse.FYSIEK, by=users["partner-politie"]
    )
    overleg_answer(contact=contacts["GGZ Centraal"], response=OverlegResponse.ONLINE, by=users["partner-ggz"])
    overleg_answer(contact=contacts["Gemeente Utrecht"], response=OverlegResponse.FYSIEK, by=by)
    link = AnswerLink(contact_id=contacts["Woningcorporatie Mitros"].pk, sequence=overleg.calendar_sequence)
    overleg_answer_by_link(link=link, response=OverlegResponse.FYSIEK)
    link = AnswerLink(contact_id=contacts["Slachtofferhulp Nederland"].pk, sequence=overleg.calendar_sequence)
    overleg_answer_by_link(
        link=link, response=OverlegResponse.AFWEZIG, reason="Andere afspraak; onze informatie sturen wij vooraf."
    )


def load_overleg(*, dossier: PgaDossier, users: dict[str, User]) -> None:
    """The first casusoverleg, held a week after the triage, and its follow-up in two weeks."""
    by = dossier.procesregisseur
    start = timezone.localtime(dossier.started_at).date()
    held_on = start + 7 * _DAY
    with at(_local(start + _DAY, 9)):
        overleg = overleg_plan(
            dossier=dossier, agenda=AGENDA, place="Zorg- en Veiligheidshuis, zaal 2", by=by, **_times(held_on)
        )
        overleg_add_organisation(
            overleg=overleg,
            organisation=Organisation.objects.get(name="Slachtofferhulp Nederland"),
            is_incidental=True,
            ground=IncidentalGround.EXPERTISE,
            ground_explanation="Ondersteuning van het kind na het huiselijk conflict.",
            by=by,
        )
        _contacts(overleg, users, by)
        overleg_send_invitations(overleg=overleg, by=by)
    with at(_local(start + 2 * _DAY, 11)):
        _answers(overleg, users, by)
    with at(_local(held_on, 14)):
        present = OverlegContact.objects.filter(participant__overleg=overleg).exclude(response=OverlegResponse.AFWEZIG)
        organisations = {
            org.name: org for org in Organisation.objects.filter(name__in=["Politie Midden-Nederland", "GGZ Centraal"])
        }
        overleg_record_meeting(
            overleg=overleg,
            attended=list(present.values_list("pk", flat=True)),
            minutes=list(MINUTES),
            agreements=[
                Agreement(POLICE_AGREEMENT, organisations["Politie Midden-Nederland"], held_on + 14 * _DAY),
                Agreement(GGZ_AGREEMENT, organisations["GGZ Centraal"], timezone.localdate() + 10 * _DAY),
            ],
            by=by,
        )
    with at(_local(held_on + 6 * _DAY, 16)):
        police = users["partner-politie"]
        action_report(
            action=dossier.actions.get(overleg=overleg, owner_organisation_id=police.organisation_id),
            status="gedaan",
            note="Huisbezoek samen met het wijkteam afgelegd.",
            by=police,
        )
    followup = overleg_plan_followup(
        previous=overleg, agenda=FOLLOWUP_AGENDA, by=by, **_times(timezone.localdate() + 14 * _DAY)
    )
    overleg_send_invitations(overleg=followup, by=by)
