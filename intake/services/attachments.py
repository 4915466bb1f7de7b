"""Attachments to a registration: adding and removing them, with a size limit and a type check.

Why the type is judged by the file's content and not by its name or the browser's claim: both
are chosen by whoever uploads. A web page renamed to "verslag.pdf" would otherwise be stored
as a PDF and could run in a chair's browser. So every kind below has a signature (magic bytes,
or the inner structure of a zip), the extension must belong to the same kind, and the content
type we store (and later send on download) comes from our list, never from the upload.

Plain text is deliberately not accepted: no signature tells text from HTML or script, and
anything a melder would put in a .txt fits in the form's own text fields.

Which of the known kinds are allowed is a setting (ZVH_ATTACHMENT_TYPES), as is the maximum
size (ZVH_ATTACHMENT_MAX_BYTES). Files are stored under a random name in private storage
(see intake.models.registration); the original name stays in the row, because it may hold
personal data, and it never appears in the audit log.
"""

import os
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from ..constants import CasusStatus
from ..models import Attachment, Casus

# The melder may change attachments while writing the concept and while answering a question.
EDITABLE_STATUSES = frozenset({CasusStatus.CONCEPT, CasusStatus.AANVULLING_GEVRAAGD})

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # pre-2007 Word, Excel and PowerPoint
ZIP_SIGNATURE = b"PK\x03\x04"
HEAD_BYTES = 16


def _starts_with(signature: bytes) -> Callable[[bytes, IO[bytes]], bool]:
    return lambda head, file: head.startswith(signature)


def _zip_names(file: IO[bytes]) -> list[str]:
    """The member names of a zip, read from its directory (nothing is decompressed)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def _office_open_xml(part_folder: str) -> Callable[[bytes, IO[bytes]], bool]:
    """docx/xlsx/pptx: a zip with [Content_Types].xml and the application's own folder."""

    def matches(head: bytes, file: IO[bytes]) -> bool:
        if not head.startswith(ZIP_SIGNATURE):
            return False
        names = _zip_names(file)
        return "[Content_Types].xml" in names and any(name.startswith(part_folder) for name in names)

    return matches


def _open_document(mimetype: str) -> Callable[[bytes, IO[bytes]], bool]:
    """odt/ods: a zip whose first member "mimetype" holds the document's type, uncompressed."""

    def matches(head: bytes, file: IO[bytes]) -> bool:
        if not head.startswith(ZIP_SIGNATURE):
            return False
        file.seek(0)
        start = file.read(30 + len("mimetype") + len(mimetype))
        return start[30:].startswith(b"mimetype" + mimetype.encode("ascii"))

    return matches


@dataclass(frozen=True)
class FileKind:
    key: str  # as in settings.ZVH_ATTACHMENT_TYPES
    label: str  # how a melder knows it
    extensions: tuple[str, ...]
    content_type: str
    matches: Callable[[bytes, IO[bytes]], bool]


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("pdf", "PDF", (".pdf",), "application/pdf", _starts_with(b"%PDF-")),
    FileKind("png", "PNG", (".png",), "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    FileKind("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    FileKind(
        "docx",
        "Word",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _office_open_xml("word/"),
    ),
    FileKind("doc", "Word", (".doc",), "application/msword", _starts_with(OLE2_SIGNATURE)),
    FileKind(
        "xlsx",
        "Excel",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _office_open_xml("xl/"),
    ),
    FileKind("xls", "Excel", (".xls",), "application/vnd.ms-excel", _starts_with(OLE2_SIGNATURE)),
    FileKind(
        "pptx",
        "PowerPoint",
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _office_open_xml("ppt/"),
    ),
    FileKind("ppt", "PowerPoint", (".ppt",), "application/vnd.ms-powerpoint", _starts_with(OLE2_SIGNATURE)),
    FileKind(
        "odt",
        "OpenDocument",
        (".odt",),
        "application/vnd.oasis.opendocument.text",
        _open_document("application/vnd.oasis.opendocument.text"),
    ),
    FileKind(
        "ods",
        "OpenDocument",
        (".ods",),
        "application/vnd.oasis.opendocument.spreadsheet",
        _open_document("application/vnd.oasis.opendocument.spreadsheet"),
    ),
)

# What a download may be sent as; anything else (an old row, a changed setting) goes out as bytes.
KNOWN_CONTENT_TYPES = frozenset(kind.content_type for kind in FILE_KINDS)
FALLBACK_CONTENT_TYPE = "application/octet-stream"


def allowed_kinds() -> list[FileKind]:
    wanted = set(settings.ZVH_ATTACHMENT_TYPES)
    return [kind for kind in FILE_KINDS if kind.key in wanted]


def allowed_types_text() -> str:
    """'PDF (.pdf), ... en OpenDocument (.odt, .ods)': for the hint and the error message."""
    extensions_by_label: dict[str, list[str]] = {}
    for kind in allowed_kinds():
        extensions_by_label.setdefault(kind.label, []).extend(kind.extensions)
    parts = [f"{label} ({', '.join(extensions)})" for label, extensions in extensions_by_label.items()]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"


def allowed_extensions() -> list[str]:
    """For the file input's `accept`: the browser's picker shows these first (no guarantee)."""
    return [extension for kind in allowed_kinds() for extension in kind.extensions]


def max_size_text() -> str:
    return f"{settings.ZVH_ATTACHMENT_MAX_BYTES / (1024 * 1024):g} MB"


def download_content_type(attachment: Attachment) -> str:
    """The stored type if it is one of ours; never something a browser would render as a page."""
    return attachment.content_type if attachment.content_type in KNOWN_CONTENT_TYPES else FALLBACK_CONTENT_TYPE


def clean_file_name(name: str) -> str:
    """The name as shown and offered on download: no folders, no control characters, not too long."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    stem, extension = os.path.splitext(base)
    return (stem[: 255 - len(extension)] + extension) if base else ""


def detect_kind(uploaded_file: UploadedFile) -> FileKind:
    """The allowed kind this file is, by extension and content; ServiceError when none."""
    extension = os.path.splitext(clean_file_name(uploaded_file.name))[1].lower()
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    for kind in allowed_kinds():
        if extension in kind.extensions:
            if kind.matches(head, uploaded_file):
                uploaded_file.seek(0)
                return kind
            raise ServiceError(
                f"De inhoud van dit bestand is geen {kind.label}-bestand, al eindigt de naam op {extension}. "
                f"Toegestaan zijn: {allowed_types_text()}."
            )
    raise ServiceError(
        f"Dit soort bestand kan niet als bijlage worden toegevoegd. Toegestaan zijn: {allowed_types_text()}."
    )


def attachments_editable(casus: Casus, user: User) -> bool:
    """Whether `user` may add and remove attachments of `casus` now (also decides what the page shows)."""
    return casus.melder_id == user.pk and user.has_role(Role.MELDER) and casus.status in EDITABLE_STATUSES


def _lock_for_change(*, casus: Casus, by: User) -> Casus:
    locked = Casus.objects.select_for_update().get(pk=casus.pk)
    if locked.melder_id != by.pk or not by.has_role(Role.MELDER):
        raise ServiceError("Alleen de melder van deze aanmelding kan bijlagen toevoegen of verwijderen.")
    if not attachments_editable(locked, by):
        raise ServiceError(
            "Bijlagen kunnen alleen worden toegevoegd of verwijderd zolang de aanmelding een concept is "
            "of het ZVH om aanvulling heeft gevraagd."
        )
    return locked


def attachment_add(*, casus: Casus, by: User, uploaded_file: UploadedFile) -> Attachment:
    """Store an uploaded file with the casus, after the size and type checks.

    The file is written before the row; if the row cannot be saved the file is removed again,
    so no unreferenced personal data stays on disk.
    """
    with transaction.atomic():
        locked = _lock_for_change(casus=casus, by=by)
        if not uploaded_file.size:
            raise ServiceError("Het bestand is leeg.")
        if uploaded_file.size > settings.ZVH_ATTACHMENT_MAX_BYTES:
            raise ServiceError(f"Het bestand is groter dan {max_size_text()}.")
        kind = detect_kind(uploaded_file)
        name = clean_file_name(uploaded_file.name) or f"bijlage{kind.extensions[0]}"
        attachment = Attachment(
            casus=locked,
            original_name=name,
            content_type=kind.content_type,
            size=uploaded_file.size,
            uploaded_by=by,
        )
        attachment.file.save(name, uploaded_file, save=False)  # upload_to picks a random name
        try:
            attachment.save()
            audit_record(
                actor=by,
                action=AuditAction.CREATE,
                obj=attachment,
                case_reference=locked.reference or "",
                detail={"casus": str(locked.pk), "soort": kind.key, "grootte": attachment.size},
            )
        except BaseException:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def attachment_delete(*, attachment: Attachment, by: User) -> None:
    """Remove an attachment: the row now, the file from disk once that is committed."""
    with transaction.atomic():
        locked = _lock_for_change(casus=attachment.casus, by=by)
        row = Attachment.objects.filter(pk=attachment.pk, casus=locked).first()
        if row is None:
            raise ServiceError("Deze bijlage is al verwijderd.")
        audit_record(
            actor=by,
            action=AuditAction.DELETE,
            obj=row,
            case_reference=locked.reference or "",
            detail={"casus": str(locked.pk)},
        )
        storage, name = row.file.storage, row.file.name
        row.delete()
        # After commit: a rolled-back deletion must not lose the file.
        transaction.on_commit(lambda: storage.delete(name), robust=True)
