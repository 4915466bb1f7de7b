"""Versioned configuration data: criteria sets, de-escalatiemodellen and whatever follows.

Some configuration is data that records refer to by version: a pre-check applied criteria set
version 1, a weighing used de-escalatiemodel version 2. Changing such a version after it was
used would silently rewrite what those records meant, so the rules are the same for every kind:

- a used version (anything outside the version itself points at it) is frozen: read-only in
  "Beheer", refused by the service, never deleted;
- a change is published as a new version: a copy with all its parts (criteria; dimensions with
  their levels), inactive, editable;
- exactly one version is active, switched atomically ("Activeren"); a version with missing
  parts (no criteria, a dimension without levels) cannot be activated.

`Versioned` holds these rules once; each app describes its kind with one instance (which model,
which parts belong to a version, how to name it in Dutch) and calls it from its services module.
`VersionedAdminMixin` and `VersionedPartMixin` give the admin its read-only pages, the actions
"Nieuwe versie maken" and "Activeren", and the Dutch messages, asking only those functions.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError


@dataclass(frozen=True)
class Part:
    """Rows that belong to a version and are copied with it, reached by `related_name`.

    `missing` is the Dutch reason a version cannot be activated while a row has none of these;
    it may use {version} and {owner} (the row that lacks them, for nested parts).
    """

    related_name: str
    missing: str
    parts: tuple["Part", ...] = ()


@dataclass(frozen=True)
class Versioned:
    """The versioning rules for one kind of versioned data (see the module docstring).

    `model` has a unique `version` number and an `is_active` flag (with a database constraint
    allowing one active row); `copy_fields` are its own fields a new version takes over.
    """

    model: type[models.Model]
    parts: tuple[Part, ...]
    copy_fields: tuple[str, ...]
    noun: str  # "criteriaset"
    article: str  # "de" or "het", for "De actieve criteriaset", "Het actieve de-escalatiemodel"
    audit_key: str  # the audit detail key holding the version number
    used_where: str  # "in een voortoets of aanmelding": where a used version was used
    parts_words: str  # "de criteria": what an administrator adjusts in a new draft

    @cached_property
    def _part_models(self) -> tuple[type[models.Model], ...]:
        # Reverse relations exist once the app registry is ready, hence lazily.
        return tuple(self.model._meta.get_field(part.related_name).related_model for part in self.parts)

    # --- usage ------------------------------------------------------------------------------------

    def _references(self) -> list[tuple[type[models.Model], str]]:
        """Every (model, field name) outside the version's own parts that points at a version.

        Found from the model graph rather than listed by hand, so a later model that records a
        version (a screening, a triage decision) freezes it without a change here. Hidden
        relations (related_name="+") are included on purpose.
        """
        return [
            (relation.related_model, relation.field.name)
            for relation in self.model._meta.get_fields(include_hidden=True)
            if relation.auto_created
            and not relation.concrete
            and (relation.one_to_many or relation.one_to_one)
            and relation.related_model not in self._part_models
        ]

    def with_usage(self) -> QuerySet:
        """All versions, annotated with `is_used`, in one query however many there are."""
        used = Q(pk__in=[])
        for model, field_name in self._references():
            used |= Q(Exists(model._base_manager.filter(**{field_name: OuterRef("pk")})))
        return self.model.objects.annotate(
            is_used=models.ExpressionWrapper(used, output_field=models.BooleanField())
        )

    def is_used(self, version: models.Model, *, fresh: bool = False) -> bool:
        """Whether any record refers to this version.

        Uses the `is_used` annotation of `with_usage` when present, unless `fresh` asks for the
        database's answer now (inside a lock, before changing anything).
        """
        if version.pk is None:
            return False
        annotated = getattr(version, "is_used", None)
        if annotated is not None and not fresh:
            return bool(annotated)
        return self.with_usage().filter(pk=version.pk, is_used=True).exists()

    def is_editable(self, version: models.Model | None) -> bool:
        """A new or unused version may be edited; a used one is history and stays as it was."""
        return version is None or not self.is_used(version)

    def may_delete(self, version: models.Model) -> bool:
        """Only an unused, inactive draft may go: the active version is what is in use now."""
        return not version.is_active and not self.is_used(version)

    def next_version(self) -> int:
        highest = self.model.objects.aggregate(highest=models.Max("version"))["highest"]
        return (highest or 0) + 1

    def incomplete_reason(self, version: models.Model) -> str | None:
        """Why this version cannot be activated (a part missing), or None when it is complete."""
        return _missing_part(version, self.parts, version.version)

    # --- changes ---------------------------------------------------------------------------------

    def _lock_all(self) -> None:
        # Locking every version serialises copying and activating: two administrators at once
        # cannot pick the same next number, nor leave two versions active.
        list(self.model.objects.select_for_update().values_list("pk", flat=True))

    def new_version(self, *, version: models.Model, by) -> models.Model:
        """Copy a version with all its parts to the next version number, inactive, ready for editing."""
        with transaction.atomic():
            self._lock_all()
            source = self.model.objects.get(pk=version.pk)
            copy = self.model.objects.create(
                version=self.next_version(),
                is_active=False,
                **{name: getattr(source, name) for name in self.copy_fields},
            )
            _copy_parts(source, copy, self.parts)
            audit_record(
                actor=by,
                action=AuditAction.CREATE,
                obj=copy,
                detail={self.audit_key: copy.version, "kopie_van_versie": source.version},
            )
        return copy

    def activate(self, *, version: models.Model, by) -> models.Model:
        """Make this version the one in use and deactivate the others, atomically.

        The database allows one active version at a time, so the others are switched off first,
        in the same transaction: no moment exists with two active versions, nor (for other
        readers) with none.
        """
        with transaction.atomic():
            self._lock_all()
            target = self.model.objects.get(pk=version.pk)
            reason = self.incomplete_reason(target)
            if reason:
                raise ServiceError(reason)
            others = self.model.objects.filter(is_active=True).exclude(pk=target.pk)
            previous = list(others.values_list("version", flat=True))
            others.update(is_active=False)
            if not target.is_active:
                target.is_active = True
                target.save(update_fields=["is_active"])
            audit_record(
                actor=by,
                action=AuditAction.UPDATE,
                obj=target,
                detail={self.audit_key: target.version, "actief": True, "gedeactiveerd": previous},
            )
        version.is_active = True
        return target

    def ensure_editable(self, version: models.Model) -> None:
        """Lock the version and refuse when it is used; call inside the caller's transaction."""
        self.model.objects.select_for_update().get(pk=version.pk)
        if self.is_used(version, fresh=True):
            raise ServiceError(
                f"Versie {version.version} is al gebruikt en kan niet meer worden gewijzigd. Maak een nieuwe versie."
            )

    def save(self, *, version: models.Model, by) -> models.Model:
        """Store a new version or changes to an unused one; a used one is refused."""
        return self._save_row(row=version, version=version, by=by)

    def save_part(self, *, row: models.Model, version: models.Model, by) -> models.Model:
        """Store a part of an unused version (a dimension edited on its own page)."""
        return self._save_row(row=row, version=version, by=by)

    def _save_row(self, *, row: models.Model, version: models.Model, by) -> models.Model:
        with transaction.atomic():
            adding = row.pk is None
            if version.pk is not None:
                self.ensure_editable(version)
            row.save()
            audit_record(
                actor=by,
                action=AuditAction.CREATE if adding else AuditAction.UPDATE,
                obj=row,
                detail={self.audit_key: version.version},
            )
        return row

    def delete(self, *, version: models.Model, by) -> None:
        """Delete an unused, inactive draft; anything else is refused with the reason."""
        with transaction.atomic():
            locked = self.model.objects.select_for_update().get(pk=version.pk)
            if locked.is_active:
                raise ServiceError(f"{self.article.capitalize()} actieve {self.noun} kan niet worden verwijderd.")
            if self.is_used(locked, fresh=True):
                raise ServiceError(f"Versie {locked.version} is gebruikt en blijft daarom bewaard.")
            audit_record(actor=by, action=AuditAction.DELETE, obj=locked, detail={self.audit_key: locked.version})
            locked.delete()


def _own_fields(model: type[models.Model], parent_field: str) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != parent_field]


def _copy_parts(source: models.Model, copy: models.Model, parts: tuple[Part, ...]) -> None:
    """Copy the rows of each part from `source` to `copy`, and their own parts, recursively."""
    for part in parts:
        relation = source._meta.get_field(part.related_name)
        model, parent_field = relation.related_model, relation.field.name
        fields = _own_fields(model, parent_field)
        rows = list(getattr(source, part.related_name).all())
        if not part.parts:
            model.objects.bulk_create(
                model(**{parent_field: copy}, **{name: getattr(row, name) for name in fields}) for row in rows
            )
            continue
        for row in rows:
            new_row = model.objects.create(**{parent_field: copy}, **{name: getattr(row, name) for name in fields})
            _copy_parts(row, new_row, part.parts)


def _missing_part(owner: models.Model, parts: tuple[Part, ...], version_number: int) -> str | None:
    for part in parts:
        rows = list(getattr(owner, part.related_name).all())
        if not rows:
            return part.missing.format(version=version_number, owner=owner)
        for row in rows:
            reason = _missing_part(row, part.parts, version_number)
            if reason:
                return reason
    return None


# --- the admin ---------------------------------------------------------------------------------------


class VersionedPartMixin:
    """An inline of a version's parts, or a part's own admin page: as editable as its version.

    `obj` is the page's object; `version_of` maps it to its version (the object itself for an
    inline on the version's page, its owner on a part's own page).
    """

    versioning: Versioned

    def version_of(self, obj):
        return obj

    def _editable(self, obj) -> bool:
        return self.versioning.is_editable(self.version_of(obj) if obj is not None else None)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class VersionedAdminMixin:
    """The admin of a versioned kind: read-only once used, "Nieuwe versie maken", "Activeren".

    Activation changes other versions too, so it is an action, never a checkbox; deleting goes
    through the change page one version at a time, so the service can refuse it.
    """

    versioning: Versioned
    actions = ("make_new_version", "activate")

    def get_queryset(self, request):
        return self.versioning.with_usage()

    @admin.display(description="In gebruik", boolean=True)
    def in_use(self, obj):
        return self.versioning.is_used(obj)

    def get_readonly_fields(self, request, obj=None):
        # The active flag changes only through "Activeren".
        return ("is_active", "created_at", *super().get_readonly_fields(request, obj))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"version": self.versioning.next_version(), **initial}

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # A used version is shown read-only, and a POST to its change page is refused (403).
    def has_change_permission(self, request, obj=None):
        return self.versioning.is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = obj is None or self.versioning.may_delete(obj)
        return allowed and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        self.versioning.save(version=obj, by=request.user)

    def delete_model(self, request, obj):
        self.versioning.delete(version=obj, by=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not self.versioning.is_editable(obj):
            self.message_user(request, frozen_message(self.versioning, obj), messages.INFO)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.action(description="Nieuwe versie maken", permissions=["add"])
    def make_new_version(self, request, queryset):
        for version in queryset.order_by("version"):
            copy = self.versioning.new_version(version=version, by=request.user)
            self.message_user(
                request,
                f"Versie {copy.version} is gemaakt als kopie van versie {version.version}. Zij is nog niet "
                f"actief: pas {self.versioning.parts_words} aan en kies daarna \u2018Activeren\u2019.",
                messages.SUCCESS,
            )

    @admin.action(description="Activeren", permissions=["change"])
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, f"Kies precies één {self.versioning.noun} om te activeren.", messages.ERROR)
            return
        version = queryset.get()
        try:
            self.versioning.activate(version=version, by=request.user)
        except ServiceError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            f"Versie {version.version} is nu actief; de andere versies zijn niet meer actief.",
            messages.SUCCESS,
        )


def frozen_message(versioning: Versioned, version) -> str:
    """What an administrator reads on the page of a used (read-only) version."""
    return (
        f"Versie {version.version} is al gebruikt {versioning.used_where} en kan daarom niet meer worden "
        "gewijzigd. Wilt u iets aanpassen? Kies in het overzicht de actie \u2018Nieuwe versie maken\u2019."
    )
