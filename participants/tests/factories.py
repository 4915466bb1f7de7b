import factory
from django.contrib.auth.models import Group

from participants.constants import OrganisationKind, Role
from participants.models import Municipality, Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.POLITIE
    may_register = True

    class Params:
        not_registering = factory.Trait(may_register=False)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    code = factory.Sequence(lambda n: f"GM{n:04d}")
    in_region = True


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass `roles=[Role.MELDER, ...]` to put them in the role groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        # `roles=[...]` arrives as `extracted`; the traits below pass theirs as `roles__trait`
        # (a trait that overrode `roles` itself would silently replace this hook: no groups).
        names = [*(extracted or ()), *(kwargs.get("trait") or ())]
        if not create or not names:
            return
        for role in names:
            group, _ = Group.objects.get_or_create(name=str(role))
            self.groups.add(group)
        self.__dict__.pop("roles", None)  # drop the cached_property if it was read

    class Params:
        melder = factory.Trait(roles__trait=[Role.MELDER])
        voorzitter = factory.Trait(roles__trait=[Role.TRIAGEVOORZITTER])
        ketenpartner = factory.Trait(roles__trait=[Role.KETENPARTNER])
        regisseur = factory.Trait(roles__trait=[Role.PROCESREGISSEUR])
        beheerder = factory.Trait(roles__trait=[Role.FUNCTIONEEL_BEHEERDER], is_staff=True)
        logbeheerder = factory.Trait(roles__trait=[Role.LOGBEHEERDER])
        privacycontactpunt = factory.Trait(roles__trait=[Role.PRIVACYCONTACTPUNT])
        rapportage = factory.Trait(roles__trait=[Role.RAPPORTAGE])
