"""Organisations, the region's municipalities and users (who belong to one organisation)."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from zvh.core.exceptions import ServiceError

from .constants import FIXED_PARTNER_KINDS, OrganisationKind, Role

# Marks what the login backend did not load with a user object (role names, device ids):
# such a user, made elsewhere, reads them itself.
NOT_LOADED = object()


class Organisation(models.Model):
    """A partner organisation. Only those marked `may_register` may register cases (WGS)."""

    name = models.CharField("naam", max_length=200, unique=True)
    kind = models.CharField("soort", max_length=32, choices=OrganisationKind.choices)
    may_register = models.BooleanField(
        "mag aanmelden (WGS)",
        default=False,
        help_text="Alleen organisaties die onder de WGS mogen aanmelden, kunnen een casus indienen.",
    )
    email = models.EmailField(
        "functioneel e-mailadres",
        blank=True,
        help_text="Voor agenda's en uitnodigingen; geen persoonsgegevens van betrokkenen.",
    )
    is_active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_fixed_partner(self) -> bool:
        """Fixed partners take part in every triage and get every bekendheidscheck."""
        return self.kind in FIXED_PARTNER_KINDS


class Municipality(models.Model):
    """A municipality; those in the region are served here, others by another ZVH."""

    name = models.CharField("naam", max_length=100, unique=True)
    code = models.CharField("CBS-code", max_length=6, unique=True, help_text="Bijvoorbeeld GM0344.")
    in_region = models.BooleanField("in onze regio", default=True)
    zvh_name = models.CharField(
        "Zorg- en Veiligheidshuis",
        max_length=200,
        blank=True,
        help_text="Voor gemeenten buiten de regio: het ZVH waar de melder terecht kan.",
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A natural person working for one organisation, with one or more roles (groups)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    phone = models.CharField("telefoon", max_length=32, blank=True)

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's roles; read once per request, then cached on the instance.

        An inactive user, or a user of an organisation that was set inactive, has none: inactive
        means no access, to cases, requests or agendas alike (docs/decisions.md). Users without
        an organisation (administrators) keep theirs. The login backend loads the group names
        with the user (``loaded_group_names``, no query here); any other user object asks.
        """
        if not self.is_active:
            return frozenset()
        loaded = getattr(self, "loaded_group_names", NOT_LOADED)  # None: loaded, and no groups
        if loaded is NOT_LOADED:
            names = self.groups.filter(
                models.Q(user__pk=self.pk)
                & (models.Q(user__organisation__isnull=True) | models.Q(user__organisation__is_active=True))
            ).values_list("name", flat=True)
        elif self.organisation_id is not None and not self.organisation.is_active:
            return frozenset()
        else:
            names = (loaded or "").split(",")
        return frozenset(name for name in names if name in Role.values)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def require_role(self, role: str, *, to: str) -> None:
        """Refuse unless the user has ``role``: a ServiceError "Alleen een <rol> kan <to>." for the page to show.

        Every service checks its actor this way, whatever the view already checked.
        """
        if not self.has_role(role):
            raise ServiceError(f"Alleen een {Role(role).label.lower()} kan {to}.")

    @property
    def is_functional_admin(self) -> bool:
        """Beheer: the functioneel beheerder, or a superuser (who may do what the role does there)."""
        return self.is_active and (self.is_superuser or self.has_role(Role.FUNCTIONEEL_BEHEERDER))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
