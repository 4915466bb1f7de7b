"""Reminders: for the procesregisseur an informing review date, an overdue action, a monitoring date;
for the owner organisation of an overdue action, that action.

Each event is mailed once: its outbox key names the event and its date (a moved date is a new
event). Everything due up to today is looked at, not only today, so a day the task did not run is
caught up the next time; a second run the same day finds the keys and sends nothing.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from participants.constants import Role
from zvh.mail.models import OutgoingMail
from zvh.mail.services import absolute_url, mail_queue, mail_render

from ..constants import ACTION_PENDING, DossierPhase, InformingStatus
from ..models import Action, PgaDossier
from ..selectors.dossiers import running_q


def _remind(dossier: PgaDossier, *, key: str, what: str, day: datetime.date) -> bool:
    address = dossier.procesregisseur.email
    if not address or OutgoingMail.objects.filter(key=key).exists():
        return False
    reference = dossier.casus.reference or ""
    link = absolute_url(reverse("pga:dossier", kwargs={"casus_id": dossier.casus_id}))
    mail_queue(
        key=key,
        to=[address],
        subject=f"Herinnering PGA-dossier {reference}",
        body=mail_render("pga/mail/herinnering.txt", {"reference": reference, "link": link, "what": what, "day": day}),
        case_reference=reference,
        topic="pga",
    )
    return True


def _remind_owner(action: Action) -> bool:
    """An overdue action reminds its owner organisation once per due date: the organisation's address,
    or else its active ketenpartners; a link to the partner's page, no content."""
    key = f"pga:herinnering:actie-eigenaar:{action.pk}:{action.due_date.isoformat()}"
    organisation = action.owner_organisation
    if organisation.email:
        to = [organisation.email]
    else:
        to = sorted(
            set(
                organisation.users.filter(is_active=True, groups__name=Role.KETENPARTNER)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
    if not to or OutgoingMail.objects.filter(key=key).exists():
        return False
    dossier = action.dossier
    reference = dossier.casus.reference or ""
    mail_queue(
        key=key,
        to=to,
        subject=f"Actie over datum: PGA-dossier {reference}",
        body=mail_render(
            "pga/mail/actie_over_datum.txt",
            {
                "reference": reference,
                "day": action.due_date,
                "link": absolute_url(reverse("pga:partner_dossier", kwargs={"casus_id": dossier.casus_id})),
            },
        ),
        case_reference=reference,
        topic="pga",
    )
    return True


def pga_send_reminders(*, today: datetime.date | None = None) -> int:
    """Queue every reminder that is due and not sent yet; returns how many were queued."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        reviews = PgaDossier.objects.filter(
            running_q(),
            informing_status=InformingStatus.UITGESTELD,
            informing_review_date__lte=today,
        ).select_related("casus", "procesregisseur")
        for dossier in reviews:
            sent += _remind(
                dossier,
                key=f"pga:herinnering:informeren:{dossier.pk}:{dossier.informing_review_date.isoformat()}",
                what="Vandaag (of eerder) moet het uitstel van het informeren van de betrokkene worden heroverwogen.",
                day=dossier.informing_review_date,
            )
        overdue = Action.objects.filter(
            running_q("dossier__"), status__in=ACTION_PENDING, due_date__lt=today
        ).select_related("dossier__casus", "dossier__procesregisseur")
        for action in overdue:
            sent += _remind(
                action.dossier,
                key=f"pga:herinnering:actie:{action.pk}:{action.due_date.isoformat()}",
                what="Een actie in het plan van aanpak is over de datum en nog niet gedaan.",
                day=action.due_date,
            )
        for action in overdue.select_related("owner_organisation"):
            sent += _remind_owner(action)
        monitoring = PgaDossier.objects.filter(phase=DossierPhase.MONITOREN, monitoring_date__lte=today).select_related(
            "casus", "procesregisseur"
        )
        for dossier in monitoring:
            sent += _remind(
                dossier,
                key=f"pga:herinnering:monitoring:{dossier.pk}:{dossier.monitoring_date.isoformat()}",
                what="Het afgesloten dossier heeft vandaag (of eerder) zijn monitoringsmoment: "
                "ga na hoe het gaat en sluit de monitoring af of heropen het dossier.",
                day=dossier.monitoring_date,
            )
    return sent
