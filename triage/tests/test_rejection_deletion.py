"""Rejection follows the published procedure: tell the melder, record the contact, then delete.

The mandated test (issue 4): after rejection and deletion, no personal value of the case can
be found in any text column of any table, nor in any file under MEDIA_ROOT.
"""

import datetime
import json
import os
import uuid

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from encrypted_fields.fields import EncryptedFieldMixin

from intake.constants import CasusStatus, FeedbackKind, InformedStatus, Urgency
from intake.models import Attachment, Betrokkene, Casus, PreCheck, StatusChange, bsn_digest
from intake.services.erasure import casus_erase_personal_data, erasure_relations
from intake.services.melder import information_request_answer
from intake.tests.factories import CasusFactory
from participants.constants import OrganisationKind
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from triage.constants import RejectionCategory, ScreeningOutcome
from triage.models import ScreeningDecision
from triage.services.screening import (
    DELETED_REASON,
    screening_record_melder_contacted,
    screening_reject,
    screening_request_information,
)
from triage.tasks import delete_contacted_rejections, delete_rejected_casus
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail

from .screening_helpers import registration

pytestmark = pytest.mark.django_db

S = CasusStatus
BSN = "111222333"  # passes the elfproef
# Unique per run: files of earlier runs (a rolled-back test keeps its files) must not match.
FILE_CONTENT = f"%PDF-1.4 INHOUD-Outgrabe-{uuid.uuid4().hex}".encode()
# Every personal value of the case, each distinctive (ASCII, so JSON columns hold it verbatim).
PERSONAL = {
    "first_names": "Qwertijn Zebulon",
    "surname_prefix": "vdZyx",
    "surname": "Xylofoonberg",
    "relation": "Hoofdbetrokkene-Kwakzalf",
    "street_address": "Jabberwockstraat 12",
    "postal_code": "9876QX",
    "city": "Snarkdorp",
    "bsn": BSN,
    "aanleiding": "AANLEIDING-Vorpal",
    "concerns": "ZORG-Bandersnatch",
    "life_domain": "WONEN-Tumtum",
    "safety_risks": "VEILIG-Jubjub",
    "tried_before": "GEPROBEERD-Borogove",
    "criteria_motivation": "MOTIVERING-Mimsy",
    "urgency_reason": "URGENT-Frabjous",
    "informed_explanation": "INFORM-Callooh",
    "organisation_name": "Wijkteam Tulgey",
    "contact_name": "Contactpersoon Slithy",
    "contact_details": "slithy@wijkteam.example",
    "involvement": "BETROKKEN-Gyre",
    "attachment_name": "verslag-Xylofoonberg.pdf",
    "question": "VRAAG-Manxome",
    "answer": "ANTWOORD-Uffish",
    "chair_reason": "MOTIVERING-Whiffling",
    "advice": "ADVIES-Beamish",
    "contact_note": "CONTACT-Burbled",
    "history_reason": "REDEN-Galumph",
}


@pytest.fixture
def org():
    return OrganisationFactory(name="Politie Eenheid A", kind=OrganisationKind.POLITIE)


@pytest.fixture
def melder(org):
    return UserFactory(melder=True, organisation=org, email="melder@politie.example", phone="030-1234567")


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True, organisation=OrganisationFactory(name="ZVH", kind=OrganisationKind.ZVH))


@pytest.fixture
def casus(melder, criteria_set):
    return registration(melder=melder, criteria_set=criteria_set)


def contact_url(casus) -> str:
    return reverse("triage:screening_contact", kwargs={"casus_id": casus.pk})


def detail_url(casus) -> str:
    return reverse("intake:casus_detail", kwargs={"casus_id": casus.pk})


def reject(casus, chair, **kwargs) -> ScreeningDecision:
    data = {
        "category": RejectionCategory.ANDERE_REGIO,
        "reason": "Woont elders.",
        "advice": "Meld elders aan.",
        **kwargs,
    }
    return screening_reject(casus=casus, by=chair, **data)


# --- the scan ----------------------------------------------------------------------------------------


def _text_columns(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        # Encrypted columns hold ciphertext: a plain search cannot match them. Their rows are
        # checked directly (no Betrokkene left), and the BSN's keyed hash is searched below.
        and not isinstance(field, EncryptedFieldMixin)
    ]


def find_everywhere(value: str) -> list[str]:
    """Every 'app.Model.column' in the database whose text contains `value` (case-insensitive)."""
    hits = []
    for model in apps.get_models():
        for field in _text_columns(model):
            queryset = model._default_manager.all()
            if isinstance(field, models.JSONField):
                queryset = queryset.annotate(_as_text=Cast(field.attname, models.TextField()))
                column = "_as_text"
            else:
                column = field.attname
            if queryset.filter(**{f"{column}__icontains": value}).exists():
                hits.append(f"{model._meta.label}.{field.name}")
    return hits


def files_containing(content: bytes) -> list[str]:
    hits = []
    for folder, _dirs, files in os.walk(settings.MEDIA_ROOT):
        for name in files:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    if content in handle.read():
                        hits.append(path)
            except FileNotFoundError:  # removed meanwhile by another test process
                continue
    return hits


def test_the_scan_finds_what_it_looks_for(casus):
    """The scan itself can fail: a value that is there is found, in a text and in a JSON column."""
    Casus.objects.filter(pk=casus.pk).update(aanleiding="Speurwaarde-Tekst", life_domains={"wonen": "Speurwaarde-Json"})
    assert "intake.Casus.aanleiding" in find_everywhere("speurwaarde-tekst")
    assert "intake.Casus.life_domains" in find_everywhere("Speurwaarde-Json")


@pytest.fixture
def full_case(melder, chair, criteria_set, client, django_capture_on_commit_callbacks):
    """A registration with a distinctive value in every personal field, screened once already."""
    p = PERSONAL
    municipality = MunicipalityFactory(name="Gemeente Nergenshuizen")
    criterion = criteria_set.criteria.get(number=1)
    casus = CasusFactory(
        melder=melder,
        submitted=True,
        criteria_set=criteria_set,
        aanleiding=p["aanleiding"],
        concerns=p["concerns"],
        life_domains={"wonen": p["life_domain"]},
        safety_risks=p["safety_risks"],
        tried_before=p["tried_before"],
        criteria_motivation={str(criterion.pk): p["criteria_motivation"]},
        urgency=Urgency.HOOG,
        urgency_reason=p["urgency_reason"],
        informed=InformedStatus.NEE_VEILIGHEID,
        informed_explanation=p["informed_explanation"],
        wgs_declared_at=timezone.now(),
    )
    Betrokkene.objects.create(
        casus=casus,
        **{key: p[key] for key in ("first_names", "surname_prefix", "surname", "relation", "street_address")},
        postal_code=p["postal_code"],
        city=p["city"],
        bsn=p["bsn"],
        municipality=municipality,
    )
    casus.involved_organisations.create(
        **{key: p[key] for key in ("organisation_name", "contact_name", "contact_details", "involvement")}
    )
    PreCheck.objects.create(
        casus=casus,
        melder=melder,
        criteria_set=criteria_set,
        answers={str(criterion.pk): True},
        municipality=municipality,
        organisation_may_register=True,
        advice_positive=True,
    )
    attachment = Attachment.objects.create(
        casus=casus,
        file=SimpleUploadedFile(p["attachment_name"], FILE_CONTENT),
        original_name=p["attachment_name"],
        content_type="application/pdf",
        size=len(FILE_CONTENT),
        uploaded_by=melder,
    )
    # A typed reason in the history, as a withdrawal or a manual correction would leave one.
    StatusChange.objects.create(casus=casus, from_status=S.AANGEMELD, to_status=S.AANGEMELD, reason=p["history_reason"])
    # The chair asks, the melder answers (the case returns to the queue).
    screening_request_information(casus=casus, by=chair, question=p["question"])
    information_request_answer(request=casus.information_requests.get(), by=melder, answer=p["answer"])
    yield casus
    # The test database rolls back, the disk does not: leave no file of this test behind.
    attachment.file.storage.delete(attachment.file.name)


def test_after_rejection_and_deletion_no_personal_value_is_left_anywhere(
    full_case, melder, chair, criteria_set, client, django_capture_on_commit_callbacks
):
    p = PERSONAL
    attachment = full_case.attachments.get()
    storage, file_name = attachment.file.storage, attachment.file.name
    assert storage.exists(file_name)
    # Before: every value is findable, so the scan below is not vacuous (the chair's texts
    # are checked once they exist; the BSN is stored encrypted, its hash is searched).
    chair_texts = ("chair_reason", "advice", "contact_note")
    for key in PERSONAL.keys() - {"bsn", *chair_texts}:
        assert find_everywhere(p[key]), key
    assert find_everywhere(bsn_digest(BSN))
    assert files_containing(FILE_CONTENT)

    # The chair looks at the case and rejects it on the screening page.
    client.force_login(chair)
    client.get(reverse("triage:screening"))
    page = client.get(reverse("triage:screening_casus", kwargs={"casus_id": full_case.pk}))
    criterion_pks = list(criteria_set.criteria.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("triage:screening_casus", kwargs={"casus_id": full_case.pk}),
            {
                **{f"oordeel_{pk}": "nee" for pk in criterion_pks},
                "besluit": "afgewezen",
                "categorie": "andere_regio",
                "motivering": p["chair_reason"],
                "advies": p["advice"],
                "versie": page.context["form"].initial["versie"],
            },
        )
    assert response.status_code == 302
    assert find_everywhere(p["chair_reason"]) and find_everywhere(p["advice"])
    # The melder reads the rejection in the app.
    client.force_login(melder)
    assert p["advice"] in client.get(detail_url(full_case)).content.decode()
    client.get(reverse("intake:my_cases"))

    # The chair records the contact; the deletion runs after commit (eagerly in tests).
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(full_case), {"kanaal": "telefonisch", "notitie": p["contact_note"]})
    assert response.status_code == 302
    assert ScreeningDecision.objects.get(outcome=ScreeningOutcome.REJECTED).melder_contacted_by == chair

    for key in PERSONAL:
        assert find_everywhere(p[key]) == [], key
    assert find_everywhere(bsn_digest(BSN)) == []
    assert not Betrokkene.objects.filter(casus=full_case).exists()
    assert not storage.exists(file_name)
    assert files_containing(FILE_CONTENT) == []
    assert ScreeningDecision.objects.filter(casus=full_case).exclude(criteria_judgement={}).count() == 0

    # What stays: the anonymous record, visible to nobody as a case.
    shell = Casus.objects.get(pk=full_case.pk)
    assert shell.status == S.VERWIJDERD
    assert shell.reference and shell.submitted_at and shell.organisation == melder.organisation
    rejection = ScreeningDecision.objects.get(casus=shell, outcome=ScreeningOutcome.REJECTED)
    assert rejection.rejection_category == RejectionCategory.ANDERE_REGIO
    assert rejection.melder_contacted_at is not None
    history = list(shell.status_changes.values_list("to_status", "reason"))
    assert history[-2:] == [(S.AFGEWEZEN, ""), (S.VERWIJDERD, DELETED_REASON)]  # every earlier reason blanked
    assert shell.status_changes.last().by is None  # the system deleted it
    gone = client.get(detail_url(shell))  # the chair: no case any more, only its number
    assert gone.status_code == 410 and "Deze aanmelding is verwijderd" in gone.content.decode()


def test_the_deletion_is_logged_by_the_system_with_counts_only(full_case, chair, django_capture_on_commit_callbacks):
    decision = reject(full_case, chair, reason=PERSONAL["chair_reason"], advice=PERSONAL["advice"])
    with django_capture_on_commit_callbacks(execute=True):
        screening_record_melder_contacted(decision=decision, by=chair, note=PERSONAL["contact_note"])
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(full_case.pk))
    assert event.username == "systeem" and event.user is None
    assert event.case_reference == full_case.reference
    assert event.detail == {
        "verwijderd": {
            "betrokkenen": 1,
            "bijlagen": 1,
            "betrokken_organisaties": 1,
            "voortoetsen": 1,
            "vragen_om_aanvulling": 1,
            "terugkoppelingen": 1,
            "redenen_statusgeschiedenis": 4,  # submitted, typed, asked, answered
            "screeningsbesluiten_geanonimiseerd": 2,
        }
    }


# --- the mail ------------------------------------------------------------------------------------


def test_the_melder_gets_one_mail_without_personal_data(full_case, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = reject(full_case, chair, reason=PERSONAL["chair_reason"], advice=PERSONAL["advice"])
    with django_capture_on_commit_callbacks(execute=True):
        screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld")
    delete_rejected_casus.delay(str(full_case.pk))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["melder@politie.example"]
    assert full_case.reference in message.subject and full_case.reference in message.body
    assert f"http://testserver{detail_url(full_case)}" in message.body or detail_url(full_case) in message.body
    assert "Bekijk de reden en ons advies in het systeem" in message.body
    text = message.subject + message.body
    for value in PERSONAL.values():
        assert value.lower() not in text.lower()
    assert "Andere regio" not in text  # even the reason waits behind the login
    assert OutgoingMail.objects.filter(key__startswith="afwijzing:").get().key == f"afwijzing:{full_case.pk}"
    # No mail about this case ever carried its personal data (the earlier question mail neither).
    for queued in OutgoingMail.objects.all():
        for value in PERSONAL.values():
            assert value.lower() not in (queued.subject + queued.body).lower()


def test_no_mail_when_the_melder_has_no_address(casus, chair, melder):
    type(melder).objects.filter(pk=melder.pk).update(email="")
    reject(casus, chair)
    assert not OutgoingMail.objects.exists()
    assert Casus.objects.get(pk=casus.pk).status == S.AFGEWEZEN


# --- the order of the procedure ------------------------------------------------------------------


def test_no_deletion_before_the_contact_is_recorded(full_case, chair):
    reject(full_case, chair)
    assert delete_rejected_casus.delay(str(full_case.pk)).get() == "wacht_op_contact"
    assert delete_contacted_rejections.delay().get() == 0
    full_case.refresh_from_db()
    assert full_case.status == S.AFGEWEZEN
    assert full_case.betrokkenen.count() == 1 and full_case.aanleiding == PERSONAL["aanleiding"]


def test_the_task_run_twice_is_harmless(full_case, chair, django_capture_on_commit_callbacks):
    decision = reject(full_case, chair)
    with django_capture_on_commit_callbacks(execute=True):
        screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld")
    events, history = AuditEvent.objects.count(), StatusChange.objects.filter(casus=full_case).count()

    assert delete_rejected_casus.delay(str(full_case.pk)).get() == "niet_afgewezen"
    assert delete_rejected_casus.delay(str(full_case.pk)).get() == "niet_afgewezen"
    assert delete_contacted_rejections.delay().get() == 0

    assert AuditEvent.objects.count() == events
    assert StatusChange.objects.filter(casus=full_case).count() == history
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(full_case.pk)).count() == 1


@pytest.mark.parametrize("status", [S.AANGEMELD, S.IN_VERRIJKING, S.PGA, S.VERWIJDERD])
def test_the_task_leaves_a_case_that_is_not_rejected_alone(melder, criteria_set, status):
    casus = registration(melder=melder, criteria_set=criteria_set, status=status)
    assert delete_rejected_casus.delay(str(casus.pk)).get() == "niet_afgewezen"
    assert Casus.objects.get(pk=casus.pk).status == status
    assert casus.betrokkenen.count() == 1


def test_the_task_for_an_unknown_case_does_nothing():
    assert delete_rejected_casus.delay("00000000-0000-0000-0000-000000000000").get() == "onbekend"


def test_the_sweep_deletes_a_rejection_whose_task_was_lost(full_case, chair):
    decision = reject(full_case, chair)
    # No on_commit execution: the task scheduled at commit is "lost".
    screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld")
    assert Casus.objects.get(pk=full_case.pk).status == S.AFGEWEZEN
    assert delete_contacted_rejections.delay().get() == 1
    assert Casus.objects.get(pk=full_case.pk).status == S.VERWIJDERD
    assert delete_contacted_rejections.delay().get() == 0


def test_after_days_down_the_first_sweep_deletes_what_was_contacted_meanwhile(full_case, chair):
    """Beat skips the hourly runs it missed; the first run after the outage deletes everything that is due."""
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=TIMEZONE), tick=False):
        decision = reject(full_case, chair)
        screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld")  # its own task is lost
    with time_machine.travel(datetime.datetime(2026, 12, 5, 14, 30, tzinfo=TIMEZONE), tick=False):
        assert delete_contacted_rejections.delay().get() == 1
    assert Casus.objects.get(pk=full_case.pk).status == S.VERWIJDERD


def test_contact_is_recorded_once_and_needs_a_note(casus, chair, melder):
    decision = reject(casus, chair)
    with pytest.raises(ServiceError, match="Beschrijf kort"):
        screening_record_melder_contacted(decision=decision, by=chair, note="  ")
    with pytest.raises(ServiceError, match="triagevoorzitter"):
        screening_record_melder_contacted(decision=decision, by=melder, note="Gebeld")
    decision.refresh_from_db()
    assert decision.melder_contacted_at is None
    screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld")
    with pytest.raises(ServiceError):
        screening_record_melder_contacted(decision=decision, by=chair, note="Nog eens")


def test_contact_only_after_a_rejection(casus, chair):
    decision = screening_request_information(casus=casus, by=chair, question="Vraag?")
    with pytest.raises(ServiceError, match="alleen bij een afgewezen aanmelding"):
        screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld")


# --- the contact page ----------------------------------------------------------------------------


def test_contact_page_shows_the_rejection_and_how_to_reach_the_melder(client, casus, chair):
    reject(casus, chair, advice="Meld aan bij het ZVH Gelderland-Zuid.")
    client.force_login(chair)
    text = client.get(contact_url(casus)).content.decode()
    assert "Andere regio" in text and "Meld aan bij het ZVH Gelderland-Zuid." in text
    assert "030-1234567" in text and "melder@politie.example" in text
    assert "Hoe heeft u de melder geïnformeerd?" in text and "<legend" in text
    assert 'for="id_notitie"' in text


def test_contact_page_without_a_note_gives_a_dutch_error_and_deletes_nothing(client, casus, chair):
    reject(casus, chair)
    client.force_login(chair)
    response = client.post(contact_url(casus), {"kanaal": "telefonisch", "notitie": " "})
    assert response.status_code == 200
    assert "Beschrijf kort hoe en wanneer u de melder heeft geïnformeerd." in response.content.decode()
    response = client.post(contact_url(casus), {"notitie": "Gebeld met de melder."})
    text = response.content.decode()
    assert "Kies hoe u de melder heeft geïnformeerd." in text and "Gebeld met de melder." in text
    casus.refresh_from_db()
    assert casus.status == S.AFGEWEZEN and casus.betrokkenen.exists()


def test_contact_through_the_page_deletes_and_the_case_leaves_the_queue(
    client, casus, chair, django_capture_on_commit_callbacks
):
    reject(casus, chair)
    client.force_login(chair)
    detail = client.get(detail_url(casus)).content.decode()
    assert f'href="{contact_url(casus)}"' in detail  # the casus page offers the next step
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            contact_url(casus), {"kanaal": "e-mail", "notitie": "Gemaild op 3 december."}, follow=True
        )
        # Back on the case before the deletion task ran (it runs after the commit): under way.
        assert response.redirect_chain == [(detail_url(casus), 302)]
        assert "Het contact met de melder is vastgelegd." in response.content.decode()
        assert "Verwijderen loopt." in response.content.decode()
    done = client.get(detail_url(casus))
    assert done.status_code == 410
    assert f"Aanmelding {casus.reference} is op " in done.content.decode()
    queue = client.get(reverse("triage:screening"))
    assert casus.pk not in {c.pk for c in queue.context["cases"]}
    counts = {row.category: row.count for row in queue.context["rejections"]}
    assert counts[RejectionCategory.ANDERE_REGIO] == 1  # the anonymous record counts
    assert Casus.objects.get(pk=casus.pk).status == S.VERWIJDERD
    assert client.get(contact_url(casus)).status_code == 410


def test_the_chair_and_the_melder_see_the_deletion_pending_until_the_task_ran(client, casus, chair, melder):
    """The task runs after the commit, in a worker: until then both pages say the deletion is under way."""
    decision = reject(casus, chair)
    screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld.")  # task not run: no commit here
    client.force_login(chair)
    chair_page = client.get(detail_url(casus)).content.decode()
    assert "Verwijderen loopt." in chair_page
    client.force_login(melder)
    melder_page = client.get(detail_url(casus)).content.decode()
    assert "Een triagevoorzitter heeft contact met u gehad; de gegevens van deze aanmelding worden nu verwijderd." in (
        melder_page
    )

    delete_rejected_casus(str(casus.pk))

    for user in (chair, melder):
        client.force_login(user)
        page = client.get(detail_url(casus))
        assert page.status_code == 410
        assert "Deze aanmelding is verwijderd" in page.content.decode()


def test_a_melder_of_the_organisation_gets_the_deleted_page_with_only_number_and_date(
    client, casus, chair, melder, django_capture_on_commit_callbacks
):
    decision = reject(casus, chair, reason="Woont in Zwolle.", advice="Bel het wijkteam Zwolle.")
    with django_capture_on_commit_callbacks(execute=True):
        screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld.")
    colleague = UserFactory(melder=True, organisation=melder.organisation)
    client.force_login(colleague)

    response = client.get(detail_url(casus))

    text = response.content.decode()
    assert response.status_code == 410
    assert f"Aanmelding {casus.reference} is op {timezone.localdate():%-d} " in text
    for personal in ("Zwolle", "Andere regio", melder.display_name):
        assert personal not in text
    shown = AuditEvent.objects.filter(user=colleague, action=AuditAction.VIEW, object_id=str(casus.pk)).get()
    assert shown.detail == {"pagina": "casus_verwijderd"}
    assert not AuditEvent.objects.filter(user=colleague, action=AuditAction.DENIED).exists()


@pytest.mark.parametrize("who", ["other_organisation", "ketenpartner"])
def test_anyone_else_still_gets_404_and_a_denied_entry_for_a_deleted_case(
    client, casus, chair, who, django_capture_on_commit_callbacks
):
    decision = reject(casus, chair)
    with django_capture_on_commit_callbacks(execute=True):
        screening_record_melder_contacted(decision=decision, by=chair, note="Gebeld.")
    stranger = UserFactory(melder=True) if who == "other_organisation" else UserFactory(ketenpartner=True)
    client.force_login(stranger)

    response = client.get(detail_url(casus))

    assert response.status_code in (403, 404)  # a ketenpartner has no case pages at all (403)
    assert "verwijderd" not in response.content.decode()
    if response.status_code == 404:
        assert AuditEvent.objects.filter(user=stranger, action=AuditAction.DENIED).count() == 1


def test_a_discarded_concept_is_told_to_its_author_only(client, melder):
    from intake.services.melder import casus_discard_concept

    concept = CasusFactory(melder=melder)
    casus_discard_concept(casus=concept, by=melder)
    client.force_login(melder)
    own = client.get(reverse("intake:registration_edit", kwargs={"casus_id": concept.pk}))
    assert own.status_code == 410 and "Dit concept is op " in own.content.decode()
    colleague = UserFactory(melder=True, organisation=melder.organisation)
    client.force_login(colleague)
    assert client.get(detail_url(concept)).status_code == 404
    assert AuditEvent.objects.filter(user=colleague, action=AuditAction.DENIED).count() == 1


def test_contact_page_is_for_chairs_and_rejected_cases_only(client, casus, chair, melder):
    client.force_login(chair)
    response = client.get(contact_url(casus), follow=True)  # not rejected
    assert response.redirect_chain == [(detail_url(casus), 302)]
    assert "niet afgewezen" in response.content.decode()
    reject(casus, chair)
    client.force_login(melder)
    assert client.get(contact_url(casus)).status_code == 403
    assert client.post(contact_url(casus), {"kanaal": "telefonisch", "notitie": "x"}).status_code == 403
    assert Casus.objects.get(pk=casus.pk).status == S.AFGEWEZEN


def test_the_melder_sees_the_rejection_until_the_deletion(client, casus, chair, melder):
    reject(casus, chair, advice="Bel het wijkteam.")
    client.force_login(melder)
    text = client.get(detail_url(casus)).content.decode()
    assert "Niet geaccepteerd: Andere regio." in text and "Bel het wijkteam." in text
    assert casus.feedback.get().kind == FeedbackKind.AFWIJZING


# --- the erasure itself ---------------------------------------------------------------------------


def test_every_model_that_refers_to_a_casus_is_deleted_or_kept_on_purpose():
    """A new model pointing at a casus must be added to the erasure's lists, or this fails."""
    relations = {
        relation.get_accessor_name()
        for relation in Casus._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    }
    plan = erasure_relations()  # intake's own and what triage and pga registered
    assert relations == set(plan.deleted) | plan.kept
    assert not set(plan.deleted) & plan.kept


def test_the_status_history_allows_only_the_erasure_of_reasons(casus):
    StatusChange.objects.create(casus=casus, from_status=S.AANGEMELD, to_status=S.AANGEMELD, reason="Getypte reden")
    with pytest.raises(TypeError):
        StatusChange.objects.filter(casus=casus).update(to_status=S.PGA)
    assert StatusChange.objects.filter(casus=casus).erase_reasons() == 1
    assert set(StatusChange.objects.filter(casus=casus).values_list("reason", flat=True)) == {""}


def test_erasure_keeps_the_files_when_the_transaction_rolls_back(full_case, chair):
    reject(full_case, chair)
    attachment = full_case.attachments.get()
    storage, name = attachment.file.storage, attachment.file.name

    class Abort(Exception):
        pass

    from django.db import transaction

    with pytest.raises(Abort), transaction.atomic():
        casus_erase_personal_data(casus=full_case, by=None, reason=DELETED_REASON)
        raise Abort
    assert storage.exists(name)
    assert full_case.attachments.exists()
    assert Casus.objects.get(pk=full_case.pk).status == S.AFGEWEZEN
    assert json.dumps(Casus.objects.get(pk=full_case.pk).life_domains).find(PERSONAL["life_domain"]) > 0
