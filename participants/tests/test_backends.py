"""The login backend loads the user with the organisation and the role names in one query (issue 16)."""

import pytest

from participants.backends import UserWithOrganisationBackend
from participants.constants import Role
from participants.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_user_of_a_request_comes_with_organisation_and_roles_in_one_query(django_assert_num_queries):
    zvh = OrganisationFactory(name="ZVH Midden")
    chair = UserFactory(roles=[Role.TRIAGEVOORZITTER, Role.PROCESREGISSEUR], organisation=zvh)

    with django_assert_num_queries(1):
        user = UserWithOrganisationBackend().get_user(chair.pk)
        assert user.roles == {Role.TRIAGEVOORZITTER, Role.PROCESREGISSEUR}
        assert user.organisation.name == "ZVH Midden"


def test_a_user_without_roles_has_none():
    user = UserWithOrganisationBackend().get_user(UserFactory().pk)

    assert user.roles == frozenset()


def test_a_user_of_an_organisation_set_inactive_has_no_roles(django_assert_num_queries):
    ggz = OrganisationFactory(name="Oude GGZ", is_active=False)
    partner = UserFactory(ketenpartner=True, organisation=ggz)

    with django_assert_num_queries(1):
        assert UserWithOrganisationBackend().get_user(partner.pk).roles == frozenset()
