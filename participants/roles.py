"""Roles are Django groups; this keeps one group per role, with the admin permissions it needs.

Runs after every migrate (post_migrate), because permissions only exist once all apps have
migrated; a data migration would run too early on a fresh database.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from zvh.core.exceptions import ServiceError

from .constants import Role

# Django model permissions (app_label.codename) that each role needs in the admin ("Beheer").
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.FUNCTIONEEL_BEHEERDER: (
        "participants.add_organisation",
        "participants.change_organisation",
        "participants.view_organisation",
        "participants.add_municipality",
        "participants.change_municipality",
        "participants.view_municipality",
        "participants.add_user",
        "participants.change_user",
        "participants.view_user",
        # Versioned criteria sets; intake.services.criteria refuses changes to a used set.
        "intake.add_criteriaset",
        "intake.change_criteriaset",
        "intake.view_criteriaset",
        "intake.delete_criteriaset",
        "intake.add_criterion",
        "intake.change_criterion",
        "intake.view_criterion",
        "intake.delete_criterion",
        # The meeting calendar: change room, link, capacity; add extra meetings; cancel (an
        # action under "change"). Never delete: a cancelled meeting is kept. Cutoff runs: read.
        "triage.add_triagemeeting",
        "triage.change_triagemeeting",
        "triage.view_triagemeeting",
        "triage.view_cutoffrun",
        # The versioned de-escalatiemodel; triage.services.weighing refuses changes to a used version.
        "triage.add_weighingmodel",
        "triage.change_weighingmodel",
        "triage.view_weighingmodel",
        "triage.delete_weighingmodel",
        "triage.add_dimension",
        "triage.change_dimension",
        "triage.view_dimension",
        "triage.delete_dimension",
        "triage.add_dimensionlevel",
        "triage.change_dimensionlevel",
        "triage.view_dimensionlevel",
        "triage.delete_dimensionlevel",
        # The versioned self-reliance instrument of the PGA; pga.services.progress refuses changes to a used one.
        "pga.add_selfrelianceinstrument",
        "pga.change_selfrelianceinstrument",
        "pga.view_selfrelianceinstrument",
        "pga.delete_selfrelianceinstrument",
        "pga.add_selfreliancelevel",
        "pga.change_selfreliancelevel",
        "pga.view_selfreliancelevel",
        "pga.delete_selfreliancelevel",
        # Operations: the recurring jobs and the outbox, read-only (no personal data in either).
        "jobs.view_jobrecord",
        "mail.view_outgoingmail",
    ),
    Role.LOGBEHEERDER: ("audit.read_auditlog",),
}


def sync_role_groups(using: str = "default", **kwargs) -> None:
    # Make sure the permissions of apps migrated after this one exist too.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role in Role:
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS.get(role, ())
        perms = [
            perm
            for perm in Permission.objects.using(using)
            .filter(content_type__app_label__in={w.split(".")[0] for w in wanted})
            .select_related("content_type")
            if f"{perm.content_type.app_label}.{perm.codename}" in wanted
        ]
        group.permissions.add(*perms)


def ensure_procesregisseur(user) -> None:
    """Only an active user with the role may run a PGA dossier: the assignment grants access to the case.

    Here, with the roles, because the triage checks it when it decides PGA and the PGA dossier
    checks it when it starts, and triage may not import pga.
    """
    if user is None or not user.is_active or not user.has_role(Role.PROCESREGISSEUR):
        raise ServiceError("Kies een actieve gebruiker met de rol procesregisseur.")
