"""A person typed once is stored once, however often the page sends it.

Seen before: the registration submitted from two tabs, or an autosave still in flight while
the melder pressed "Opslaan", stored the same betrokkene twice (a new row has no id until the
page learns it). Every new row now carries a key of its own, made when the page is drawn.
"""

import re
import uuid
from functools import partial

import pytest

from intake.models import Betrokkene, InvolvedOrganisation
from intake.services.registration import RowInput, registration_save
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from zvh.core.testing import run_together

from .test_registration import autosave_url, edit_url, management, person


@pytest.fixture
def concept(db):
    return CasusFactory(melder=UserFactory(melder=True))


def page_row_keys(client, casus) -> list[str]:
    html = client.get(edit_url(casus)).content.decode()
    return re.findall(r'name="(?:betrokkenen|organisaties)-\d+-row_key" value="([0-9a-f-]{36})"', html)


def new_person_post(row_key: str, **values) -> dict[str, str]:
    data = {**management("betrokkenen", 1), **management("organisaties", 0), **person(0, **values)}
    data["betrokkenen-0-row_key"] = row_key
    return data


def test_every_new_row_on_the_page_has_a_key_of_its_own(client, concept):
    client.force_login(concept.melder)
    keys = page_row_keys(client, concept)
    assert len(keys) == 2  # one empty person and one empty organisation to fill in
    assert len(set(keys)) == 2


def test_the_same_new_person_saved_twice_is_stored_once_and_updated(client, concept):
    client.force_login(concept.melder)
    row_key = page_row_keys(client, concept)[0]

    client.post(edit_url(concept), {**new_person_post(row_key), "actie": "opslaan"})
    client.post(edit_url(concept), {**new_person_post(row_key, surname="Dijkstra"), "actie": "opslaan"})

    assert list(Betrokkene.objects.filter(casus=concept).values_list("surname", flat=True)) == ["Dijkstra"]


def test_an_autosave_then_the_save_button_with_the_same_row_store_one_person(client, concept):
    client.force_login(concept.melder)
    row_key = page_row_keys(client, concept)[0]

    client.post(autosave_url(concept), new_person_post(row_key), headers={"HX-Request": "true"})
    client.post(edit_url(concept), {**new_person_post(row_key), "actie": "opslaan"})

    assert Betrokkene.objects.filter(casus=concept).count() == 1


def test_two_people_typed_in_two_new_rows_stay_two(client, concept):
    client.force_login(concept.melder)
    data = {**management("betrokkenen", 2), **management("organisaties", 0)}
    data.update(person(0, surname="Dijk"))
    data.update(person(1, surname="Dam"))
    data.update({"betrokkenen-0-row_key": str(uuid.uuid4()), "betrokkenen-1-row_key": str(uuid.uuid4())})
    client.post(edit_url(concept), {**data, "actie": "opslaan"})
    assert sorted(Betrokkene.objects.filter(casus=concept).values_list("surname", flat=True)) == ["Dam", "Dijk"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(4))
def test_two_saves_of_the_same_new_rows_at_the_same_moment_store_each_once(postgres_only, attempt):
    """Two tabs (or an autosave and the button) send the same new rows at once: two connections."""
    concept = CasusFactory(melder=UserFactory(melder=True))
    person_key, organisation_key = uuid.uuid4(), uuid.uuid4()

    def save(tab: str) -> None:
        registration_save(
            casus=concept,
            by=concept.melder,
            betrokkenen=[RowInput(f"{tab}-p", None, {"surname": "Dijk"}, row_key=person_key)],
            organisations=[RowInput(f"{tab}-o", None, {"organisation_name": "Wijkteam"}, row_key=organisation_key)],
        )

    errors = run_together(partial(save, "tab-a"), partial(save, "tab-b"))

    assert errors == []
    assert Betrokkene.objects.filter(casus=concept).count() == 1
    assert InvolvedOrganisation.objects.filter(casus=concept).count() == 1
