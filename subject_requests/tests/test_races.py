"""Two privacycontactpunt tabs at once, on PostgreSQL with two connections.

Linking the same found rows twice at the same moment (a double click, two tabs) must link each row
once and refuse nothing: the request row is locked, so the second sees the first's links.
"""

import pytest

from subject_requests.models import RequestMatch
from subject_requests.services import request_link, request_register, request_start
from zvh.core.testing import results_together

from .people import BIRTH, BSN, contact_point, petra_in_two_organisations


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_linking_the_same_rows_twice_at_once_links_each_row_once(postgres_only, attempt):
    person = petra_in_two_organisations()
    handler = contact_point()
    subject_request = request_register(
        kind="inzage", requester="betrokkene", identity_check="balie", identity_note="Paspoort",
        received_on=BIRTH.replace(year=2026), surname="Visser", date_of_birth=BIRTH, bsn=BSN, by=handler,
    )
    request_start(subject_request=subject_request, by=handler)
    ids = [row.pk for row in person.rows]

    def link() -> int:
        return request_link(subject_request=subject_request, betrokkene_ids=ids, by=handler)

    linked, errors = results_together(link, link)

    assert errors == []
    assert sorted(linked) == [0, 3]
    assert RequestMatch.objects.filter(request=subject_request).count() == 3
