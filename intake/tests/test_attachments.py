"""Attachments: what may be uploaded (judged by content), by whom, where it is kept, who downloads.

Every file is generated here, a few hundred bytes at most; the size limit is tested with the
setting lowered to 1 MB.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake.constants import CasusStatus
from intake.models import Attachment
from intake.services.attachments import attachment_add, attachment_delete, max_size_text
from intake.tests.factories import CasusFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
STORAGE = Attachment._meta.get_field("file").storage


def png_1x1() -> bytes:
    """A real, valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


def zipped(members: dict[str, bytes], *, first_stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members.items()):
            stored = first_stored and index == 0
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", "word/document.xml": b"<w/>"})
ODT = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document-content/>"},
    first_stored=True,
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def remove_stored_files():
    """Leave the private storage as it was: delete whatever a test stored."""
    root = Path(STORAGE.location)
    before = set(root.rglob("*"))
    yield
    for path in sorted(set(root.rglob("*")) - before, reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.fixture
def concept():
    return CasusFactory()


@pytest.fixture
def submitted_with_attachment(django_capture_on_commit_callbacks):
    """A submitted case of organisation A with one PDF, added while it was a concept."""
    casus = CasusFactory(melder=UserFactory(melder=True, organisation=OrganisationFactory(name="Politie A")))
    attachment = attachment_add(casus=casus, by=casus.melder, uploaded_file=upload("verslag wijkagent.pdf", PDF))
    casus.status = CasusStatus.AANGEMELD
    casus.reference = "ZVH-2026-00042"
    casus.save()
    return attachment


def add_url(casus) -> str:
    return reverse("intake:attachment_add", kwargs={"casus_id": casus.pk})


def download_url(attachment) -> str:
    return reverse("intake:attachment_download", kwargs={"casus_id": attachment.casus_id, "pk": attachment.pk})


def delete_url(attachment) -> str:
    return reverse("intake:attachment_delete", kwargs={"casus_id": attachment.casus_id, "pk": attachment.pk})


def post_file(client, casus, name, content, *, htmx=True, next_url=""):
    client.force_login(casus.melder)
    data = {"bijlage-bestand": upload(name, content), "bijlage-volgende": next_url}
    return client.post(add_url(casus), data, **(HTMX if htmx else {}))


# --- what may be uploaded ----------------------------------------------------------------------


def test_melder_uploads_a_pdf_which_is_stored_privately_under_a_random_name(client, concept):
    response = post_file(client, concept, "verslag wijkagent.pdf", PDF)

    assert response.status_code == 200
    assert "De bijlage is toegevoegd." in response.content.decode()
    assert "verslag wijkagent.pdf" in response.content.decode()
    attachment = Attachment.objects.get(casus=concept)
    assert attachment.original_name == "verslag wijkagent.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    # On disk: under MEDIA_ROOT/private, named at random, with exactly the uploaded bytes.
    path = Path(attachment.file.path)
    assert path.read_bytes() == PDF
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    assert "verslag" not in path.name
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert not any(path.is_relative_to(Path(folder)) for folder in settings.STATICFILES_DIRS)
    # And no URL serves it directly, not even to its own melder.
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    assert client.get(settings.MEDIA_URL + "private/" + attachment.file.name).status_code == 404
    assert client.get("/static/" + attachment.file.name).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.png", png_1x1(), "image/png"),
        ("Foto.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "image/jpeg"),
        ("plan.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notitie.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "application/msword"),
        ("plan.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_images_and_office_documents_are_accepted_by_their_content(concept, name, content, content_type):
    attachment = attachment_add(casus=concept, by=concept.melder, uploaded_file=upload(name, content))
    assert attachment.content_type == content_type
    assert Path(attachment.file.path).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("programma.exe", EXE, "Dit soort bestand kan niet als bijlage worden toegevoegd."),
        ("verslag.pdf", HTML, "De inhoud van dit bestand is geen PDF-bestand"),
        ("verslag.pdf", EXE, "De inhoud van dit bestand is geen PDF-bestand"),
        ("pagina.html", HTML, "Dit soort bestand kan niet als bijlage worden toegevoegd."),
        ("notities.txt", b"gewone tekst", "Dit soort bestand kan niet als bijlage worden toegevoegd."),
        ("verslag.pdf.exe", PDF, "Dit soort bestand kan niet als bijlage worden toegevoegd."),
        ("plan.docx", zipped({"evil.html": HTML}), "De inhoud van dit bestand is geen Word-bestand"),
        ("foto.png", b"\x89PN", "De inhoud van dit bestand is geen PNG-bestand"),
    ],
)
def test_other_files_are_refused_next_to_the_field_with_the_allowed_types(client, concept, name, content, error):
    response = post_file(client, concept, name, content)

    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert "Toegestaan zijn: PDF (.pdf), PNG (.png), JPEG (.jpg, .jpeg), Word (.docx, .doc)" in page
    assert 'id="id_bijlage-bestand_error"' in page  # linked to the field (aria-describedby)
    assert "aria-invalid" in page
    assert not Attachment.objects.exists()
    assert not list(Path(STORAGE.location).rglob(f"attachments/{concept.pk}/*"))


def test_a_file_over_the_limit_is_refused(client, concept, settings):
    settings.ZVH_ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = post_file(client, concept, "groot.pdf", PDF + b"\x00" * (1024 * 1024))
    assert "Het bestand is groter dan 1 MB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_default_limit_is_10_mb_and_the_form_says_so(client, concept):
    assert settings.ZVH_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024
    assert max_size_text() == "10 MB"
    client.force_login(concept.melder)
    page = client.get(reverse("intake:casus_detail", kwargs={"casus_id": concept.pk})).content.decode()
    assert "Maximaal 10 MB per bestand." in page
    assert 'accept=".pdf,.png,.jpg,.jpeg,.docx,.doc,' in page


def test_an_empty_file_is_refused(client, concept):
    response = post_file(client, concept, "leeg.pdf", b"")
    assert "Het bestand is leeg." in response.content.decode()
    assert not Attachment.objects.exists()


def test_choosing_no_file_gives_a_dutch_error(client, concept):
    client.force_login(concept.melder)
    response = client.post(add_url(concept), {"bijlage-volgende": ""}, **HTMX)
    assert "Kies een bestand om toe te voegen." in response.content.decode()


def test_a_hostile_file_name_is_stripped_of_folders_and_shown_escaped(client, concept):
    post_file(client, concept, "../../<script>alert(1)</script>.pdf", PDF)
    attachment = Attachment.objects.get()
    assert attachment.original_name == "script>.pdf"  # everything up to the last "/" is a folder
    post_file(client, concept, "<img src=x onerror=alert(1)>.pdf", PDF)
    page = client.get(reverse("intake:casus_detail", kwargs={"casus_id": concept.pk})).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page


# --- who may change them ---------------------------------------------------------------------


def test_only_the_melder_of_the_concept_may_upload(client, concept):
    colleague = UserFactory(melder=True, organisation=concept.organisation)
    client.force_login(colleague)
    response = client.post(add_url(concept), {"bijlage-bestand": upload("a.pdf", PDF)}, **HTMX)
    assert response.status_code == 404  # a colleague's concept is not visible at all
    with pytest.raises(ServiceError):
        attachment_add(casus=concept, by=colleague, uploaded_file=upload("a.pdf", PDF))
    client.force_login(UserFactory(voorzitter=True))
    assert client.post(add_url(concept), {"bijlage-bestand": upload("a.pdf", PDF)}).status_code == 403
    assert not Attachment.objects.exists()


def test_after_submission_the_melder_can_no_longer_upload_but_can_when_asked_for_more(client):
    casus = CasusFactory(submitted=True)
    response = post_file(client, casus, "a.pdf", PDF)
    assert "zolang de aanmelding een concept is" in response.content.decode()
    assert not Attachment.objects.exists()

    casus.status = CasusStatus.AANVULLING_GEVRAAGD
    casus.save()
    post_file(client, casus, "aanvulling.pdf", PDF)
    assert Attachment.objects.filter(casus=casus).count() == 1


def test_upload_without_javascript_returns_to_the_page_it_came_from(client, concept):
    detail = reverse("intake:casus_detail", kwargs={"casus_id": concept.pk})
    response = post_file(client, concept, "a.pdf", PDF, htmx=False, next_url=detail)
    assert response.status_code == 302
    assert response["Location"] == f"{detail}#bijlagen"
    response = post_file(client, concept, "a.exe", EXE, htmx=False, next_url="https://elders.example/")
    assert response["Location"] == f"{detail}#bijlagen"  # never to another site
    page = client.get(detail).content.decode()
    assert "Dit soort bestand kan niet als bijlage worden toegevoegd." in page


def test_adding_is_audited_without_the_file_name(client, concept):
    post_file(client, concept, "Verslag over Jansen.pdf", PDF)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="intake.attachment")
    assert event.user == concept.melder
    assert "Jansen" not in str(event.detail)
    assert event.detail["soort"] == "pdf"


def test_the_section_shown_again_after_an_upload_is_logged_as_a_read(client, concept):
    response = post_file(client, concept, "Verslag.pdf", PDF)
    assert "Verslag.pdf" in response.content.decode()  # the section lists the case's attachments
    read = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(concept.pk))
    assert read.user == concept.melder


def test_deleting_removes_the_row_and_the_file_from_disk(client, concept, django_capture_on_commit_callbacks):
    attachment = attachment_add(casus=concept, by=concept.melder, uploaded_file=upload("a.pdf", PDF))
    path = Path(attachment.file.path)
    assert path.exists()
    client.force_login(concept.melder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment), {"bijlage-volgende": ""}, **HTMX)
    assert response.status_code == 200
    assert "De bijlage is verwijderd." in response.content.decode()
    assert not Attachment.objects.exists()
    assert not path.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_type="intake.attachment").count() == 1


def test_the_file_stays_when_the_deletion_rolls_back(concept, django_capture_on_commit_callbacks):
    from django.db import transaction

    attachment = attachment_add(casus=concept, by=concept.melder, uploaded_file=upload("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                attachment_delete(attachment=attachment, by=concept.melder)
                raise RuntimeError
    assert Path(attachment.file.path).exists()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_others_cannot_delete(client, submitted_with_attachment):
    attachment = submitted_with_attachment
    client.force_login(UserFactory(melder=True))  # another organisation
    assert client.post(delete_url(attachment)).status_code == 404
    client.force_login(attachment.casus.melder)  # the case has been submitted
    response = client.post(delete_url(attachment), {"bijlage-volgende": ""}, **HTMX)
    assert "zolang de aanmelding een concept is" in response.content.decode()
    assert Path(attachment.file.path).exists()


# --- who may download them -------------------------------------------------------------------


def test_the_chair_downloads_a_submitted_cases_attachment_and_it_is_audited(client, submitted_with_attachment):
    attachment = submitted_with_attachment
    chair = UserFactory(voorzitter=True)
    client.force_login(chair)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "verslag" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert event.user == chair
    assert event.case_reference == "ZVH-2026-00042"
    assert event.object_id == str(attachment.pk)
    assert "verslag" not in str(event.detail)


def test_a_melder_of_another_organisation_gets_404_and_the_attempt_is_logged(client, submitted_with_attachment):
    client.force_login(UserFactory(melder=True, organisation=OrganisationFactory(name="Gemeente B")))
    assert client.get(download_url(submitted_with_attachment)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_an_attachment_under_another_cases_url_is_404(client, submitted_with_attachment):
    other = CasusFactory(melder=submitted_with_attachment.casus.melder, submitted=True)
    client.force_login(other.melder)
    url = reverse("intake:attachment_download", kwargs={"casus_id": other.pk, "pk": submitted_with_attachment.pk})
    assert client.get(url).status_code == 404


def test_a_colleague_downloads_a_submitted_case_of_their_organisation(client, submitted_with_attachment):
    colleague = UserFactory(melder=True, organisation=submitted_with_attachment.casus.organisation)
    client.force_login(colleague)
    assert client.get(download_url(submitted_with_attachment)).status_code == 200


def test_unauthenticated_download_redirects_to_login(client, submitted_with_attachment):
    response = client.get(download_url(submitted_with_attachment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_role_without_case_access_gets_403(client, submitted_with_attachment):
    client.force_login(UserFactory(ketenpartner=True))
    assert client.get(download_url(submitted_with_attachment)).status_code == 403


def test_a_stored_type_outside_the_list_is_never_sent_as_a_page(client, submitted_with_attachment):
    Attachment.objects.filter(pk=submitted_with_attachment.pk).update(content_type="text/html")
    client.force_login(UserFactory(voorzitter=True))
    response = client.get(download_url(submitted_with_attachment))
    assert response["Content-Type"] == "application/octet-stream"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_missing_file_is_404_not_500(client, submitted_with_attachment):
    Path(submitted_with_attachment.file.path).unlink()
    client.force_login(UserFactory(voorzitter=True))
    assert client.get(download_url(submitted_with_attachment)).status_code == 404


# --- the case page ---------------------------------------------------------------------------


def test_the_case_page_lists_attachments_with_download_links_and_no_edit_controls_for_the_chair(
    client, submitted_with_attachment
):
    client.force_login(UserFactory(voorzitter=True))
    page = client.get(reverse("intake:casus_detail", kwargs={"casus_id": submitted_with_attachment.casus_id}))
    html = page.content.decode()
    assert download_url(submitted_with_attachment) in html
    assert "verslag wijkagent.pdf" in html
    assert "Bijlage toevoegen" not in html
    assert "Verwijderen" not in html


def test_the_melder_sees_upload_and_delete_on_the_concept(client, concept):
    attachment = attachment_add(casus=concept, by=concept.melder, uploaded_file=upload("a.pdf", PDF))
    client.force_login(concept.melder)
    html = client.get(reverse("intake:casus_detail", kwargs={"casus_id": concept.pk})).content.decode()
    assert 'for="id_bijlage-bestand"' in html  # the label
    assert delete_url(attachment) in html
    assert 'Verwijderen<span class="visually-hidden"> a.pdf</span>' in html


# --- embedded in the registration form ------------------------------------------------------


def registration_form_html(html: str) -> str:
    start = html.index('<form method="post" id="registratieformulier"')
    return html[start : html.index("</form>", start)]


def test_the_registration_form_embeds_the_section_without_a_form_inside_its_form(client, concept, criteria_set):
    attachment = attachment_add(casus=concept, by=concept.melder, uploaded_file=upload("a.pdf", PDF))
    client.force_login(concept.melder)
    html = client.get(reverse("intake:registration_edit", kwargs={"casus_id": concept.pk})).content.decode()

    inner = registration_form_html(html)
    assert 'id="bijlagen"' in inner
    assert "<form" not in inner[1:]  # HTML has no forms in forms: browsers would drop them
    # The file input belongs to no form, so saving or autosaving the registration never sends it.
    assert 'name="bijlage-bestand"' in inner
    assert 'form="bijlage-los"' in inner
    assert f'hx-post="{delete_url(attachment)}"' in inner
    assert "a.pdf" in inner


def test_an_embedded_upload_is_answered_embedded(client, concept):
    client.force_login(concept.melder)
    response = client.post(
        add_url(concept), {"bijlage-bestand": upload("plan.docx", DOCX), "bijlage-ingebed": "1"}, **HTMX
    )
    html = response.content.decode()
    assert "De bijlage is toegevoegd." in html
    assert "plan.docx" in html
    assert "<form" not in html
    assert 'form="bijlage-los"' in html
    response = client.post(add_url(concept), {"bijlage-bestand": upload("x.exe", EXE), "bijlage-ingebed": "1"}, **HTMX)
    assert "Dit soort bestand kan niet" in response.content.decode()
    assert "<form" not in response.content.decode()


def test_the_optional_attachment_field_is_not_marked_as_required(client, concept, criteria_set):
    """Attachments are optional: no asterisk and no `required` on the file field (issue 17),
    neither in the registration form nor on the case page; choosing no file is still refused."""
    client.force_login(concept.melder)
    for page in ("intake:registration_edit", "intake:casus_detail"):
        html = client.get(reverse(page, kwargs={"casus_id": concept.pk})).content.decode()
        label_start = html.index('for="id_bijlage-bestand"')
        label = html[label_start : html.index("</label>", label_start)]
        assert "Nieuwe bijlage" in label
        assert "*" not in label
        field = html[html.index('name="bijlage-bestand"') :]
        assert " required" not in field[: field.index(">")]
    response = client.post(add_url(concept), {"bijlage-volgende": ""}, **HTMX)
    assert "Kies een bestand om toe te voegen." in response.content.decode()
    assert not Attachment.objects.exists()
