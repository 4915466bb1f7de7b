"""The pages every user meets: start pages per role, home, login, headers, lockout, admin, logs.

In the project's own ``tests/`` (outside the layers of docs/architecture.md): the start pages of
every app, registered by each app, are tested together here.
"""

import io
import logging

import pytest
from django.urls import reverse

from participants.constants import Role
from participants.tests.factories import UserFactory
from zvh.core.logging import ScrubPersonalDataFilter
from zvh.core.navigation import nav_items, nav_items_for

PASSWORD = "correct horse battery staple"  # the factories' password

ROLE_TRAIT = {
    Role.MELDER: "melder",
    Role.TRIAGEVOORZITTER: "voorzitter",
    Role.KETENPARTNER: "ketenpartner",
    Role.PROCESREGISSEUR: "regisseur",
    Role.FUNCTIONEEL_BEHEERDER: "beheerder",
    Role.LOGBEHEERDER: "logbeheerder",
    Role.PRIVACYCONTACTPUNT: "privacycontactpunt",
    Role.RAPPORTAGE: "rapportage",
}

ADMIN_INDEX = "admin:index"
NAV_ITEMS = nav_items()  # registered by the apps when Django started


def user_with(role: str | None, **extra):
    if role is None:
        return UserFactory(**extra)
    return UserFactory(**{ROLE_TRAIT[role]: True}, **extra)


def test_every_role_has_a_start_page():
    assert {item.role for item in NAV_ITEMS} == set(Role)


# --- start pages --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("item", NAV_ITEMS, ids=lambda i: f"{i.role}:{i.url_name}")
def test_start_page_opens_for_its_role(client, item):
    client.force_login(user_with(item.role))
    response = client.get(reverse(item.url_name))
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()


def _roles_without_page(url_name: str) -> list[str]:
    allowed = {i.role for i in NAV_ITEMS if i.url_name == url_name}
    return [r for r in Role if r not in allowed]


DENIED_CASES = [
    (item.url_name, role)
    for item in NAV_ITEMS
    for role in [*_roles_without_page(item.url_name), None]
]
DENIED_CASES = list(dict.fromkeys(DENIED_CASES))  # Triage appears for two roles


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "role"), DENIED_CASES, ids=[f"{u}-as-{r or 'geen-rol'}" for u, r in DENIED_CASES])
def test_start_page_is_closed_to_other_roles(client, url_name, role):
    client.force_login(user_with(role))
    response = client.get(reverse(url_name))
    if url_name == ADMIN_INDEX:
        # Django's admin answers a logged-in user without admin rights with its own login
        # page (a redirect), not with a 403; what matters is that the index is not shown.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        return
    assert response.status_code == 403
    body = response.content.decode()
    assert "Geen toegang" in body
    assert 'lang="nl"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("item", NAV_ITEMS, ids=lambda i: f"{i.role}:{i.url_name}")
def test_start_page_redirects_anonymous_to_login(client, item):
    response = client.get(reverse(item.url_name))
    assert response.status_code == 302
    login = reverse("admin:login") if item.url_name == ADMIN_INDEX else reverse("login")
    assert response["Location"].startswith(login)


# --- home --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_home_shows_a_tile_per_start_page_of_the_role(client, role):
    user = user_with(role)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    expected = [i for i in NAV_ITEMS if i.role == role]
    assert [t.url_name for t in response.context["tiles"]] == [i.url_name for i in expected]
    body = response.content.decode()
    for item in expected:
        assert f'href="{reverse(item.url_name)}"' in body
        assert item.description in body
    others = {i.url_name for i in NAV_ITEMS} - {i.url_name for i in expected}
    for url_name in others:
        assert f'class="card-body" href="{reverse(url_name)}"' not in body


@pytest.mark.django_db
def test_home_shows_each_page_once_for_a_user_with_several_roles(client):
    user = UserFactory(roles=[Role.TRIAGEVOORZITTER, Role.KETENPARTNER, Role.MELDER])
    client.force_login(user)
    response = client.get(reverse("home"))
    urls = [t.url_name for t in response.context["tiles"]]
    assert urls == [
        "intake:my_cases",
        "triage:screening",
        "triage:verrijking_list",
        "triage:overview",
        "pga:all_dossiers",
        "retention:due",
        "reports:report",
        "triage:bekendheidschecks",
        "pga:partner_dossiers",
    ]
    assert [i.url_name for i in nav_items_for(user)] == urls


@pytest.mark.django_db
def test_home_without_role_says_so_in_dutch(client):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["tiles"] == []
    assert "U heeft nog geen rol in dit systeem" in response.content.decode()


@pytest.mark.django_db
def test_home_redirects_anonymous_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- login page and headers ------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_dutch(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "<h1" in body and "Inloggen" in body
    assert "Gebruikersnaam" in body
    assert "Wachtwoord" in body
    assert "Username" not in body and "Password" not in body
    # No demo accounts outside development.
    assert "Demo-accounts" not in body


@pytest.mark.django_db
def test_wrong_password_message_is_dutch(client):
    user = UserFactory(melder=True)
    response = client.post(reverse("login"), {"username": user.username, "password": "fout-wachtwoord"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "gebruikersnaam" in body.lower() and "wachtwoord" in body.lower()
    assert "Please enter a correct" not in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "intake:my_cases"])
def test_pages_for_logged_in_users_are_not_stored(client, url_name):
    client.force_login(UserFactory(melder=True))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_error_pages_for_logged_in_users_are_not_stored_either(client):
    client.force_login(UserFactory(melder=True))
    response = client.get(reverse("triage:screening"))
    assert response.status_code == 403
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_login_page_has_csp_and_frame_protection(client):
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" in response
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- lockout -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(client):
    user = UserFactory(melder=True)
    url = reverse("login")
    statuses = []
    for _ in range(5):
        response = client.post(url, {"username": user.username, "password": "fout-wachtwoord"})
        statuses.append(response.status_code)
        assert "_auth_user_id" not in client.session
    # AXES_FAILURE_LIMIT = 5: the 5th failure already answers with the lockout page.
    assert statuses == [200, 200, 200, 200, 429]
    # The 6th attempt, now with the right password, is refused.
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    # And stays refused.
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_four_failed_logins_do_not_lock(client):
    user = UserFactory(melder=True)
    url = reverse("login")
    for _ in range(4):
        client.post(url, {"username": user.username, "password": "fout-wachtwoord"})
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


# --- admin ("Beheer") --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_is_open_to_the_functioneel_beheerder(client):
    client.force_login(UserFactory(beheerder=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Functioneel beheer" in body
    assert reverse("admin:participants_organisation_changelist") in body
    assert client.get(reverse("admin:participants_organisation_changelist")).status_code == 200


@pytest.mark.django_db
def test_an_administrator_cannot_give_themselves_a_role(client):
    from django.contrib.auth.models import Group

    beheerder = UserFactory(beheerder=True)
    client.force_login(beheerder)
    url = reverse("admin:participants_user_change", args=[beheerder.pk])
    chair_group = Group.objects.get(name="triagevoorzitter")
    data = {
        "username": beheerder.username, "first_name": "B", "last_name": "Beheer", "email": "",
        "phone": "", "groups": [chair_group.pk], "is_active": "on", "is_staff": "on", "password": beheerder.password,
    }

    response = client.post(url, data)

    assert response.status_code == 302
    beheerder.refresh_from_db()
    assert not beheerder.groups.filter(name="triagevoorzitter").exists()
    other = UserFactory()
    other_data = {**data, "username": other.username, "password": other.password}
    assert client.post(reverse("admin:participants_user_change", args=[other.pk]), other_data).status_code == 302
    assert other.groups.filter(name="triagevoorzitter").exists()  # another account: allowed


@pytest.mark.django_db
def test_admin_is_closed_to_a_staff_melder(client):
    client.force_login(UserFactory(melder=True, is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    changelist = client.get(reverse("admin:participants_user_changelist"))
    assert changelist.status_code == 302
    followed = client.get(reverse("admin:index"), follow=True)
    assert "Functioneel beheer" not in followed.content.decode()


# --- logging ------------------------------------------------------------------------------------------


def _server_record(message_format: str, *args) -> logging.LogRecord:
    return logging.getLogger("django.server").makeRecord(
        "django.server", logging.INFO, __file__, 1, message_format, args, None, extra={"request": object()}
    )


def test_scrub_filter_removes_query_strings_from_server_log_lines():
    record = _server_record('"%s" %s %s', "GET /aanmeldingen/?zoek=Jansen&bsn=123456782 HTTP/1.1", "200", "5120")
    assert ScrubPersonalDataFilter().filter(record) is True
    message = record.getMessage()
    assert "Jansen" not in message
    assert "123456782" not in message
    assert message == '"GET /aanmeldingen/?[weggelaten] HTTP/1.1" 200 5120'
    assert record.request is None


def test_scrub_filter_leaves_lines_without_query_string_alone():
    record = _server_record('"%s" %s %s', "GET /aanmeldingen/ HTTP/1.1", "200", "5120")
    ScrubPersonalDataFilter().filter(record)
    assert record.getMessage() == '"GET /aanmeldingen/ HTTP/1.1" 200 5120'


def test_configured_server_logger_writes_no_query_string():
    """Through the LOGGING setting: the django.server handler carries the filter."""
    logger = logging.getLogger("django.server")
    handlers = [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]
    assert handlers, "django.server heeft geen console-handler"
    handler = handlers[0]
    assert any(isinstance(f, ScrubPersonalDataFilter) for f in handler.filters)
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    try:
        logger.info('"%s" %s %s', "GET /triage/screening/?naam=Pietersen HTTP/1.1", "200", "42")
    finally:
        handler.setStream(old_stream)
    output = stream.getvalue()
    assert "/triage/screening/?[weggelaten]" in output
    assert "Pietersen" not in output


@pytest.mark.django_db
def test_navigation_marks_only_the_most_specific_start_page_as_current(client):
    chair = UserFactory(voorzitter=True)
    client.force_login(chair)
    html = client.get("/triage/screening/").content.decode()
    current = [line for line in html.splitlines() if 'aria-current="page"' in line]
    assert len(current) == 1
    assert "Screening" in current[0]


@pytest.fixture
def scrubbed_log():
    """A logger whose handler carries the filter, and the text it wrote."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ScrubPersonalDataFilter())
    logger = logging.getLogger("zvh.test.scrub")
    logger.addHandler(handler)
    yield logger, stream
    logger.removeHandler(handler)


def test_logged_exception_messages_are_dropped_but_the_traceback_stays(scrubbed_log):
    logger, stream = scrubbed_log
    typed_by_user = "BSN 111222333 van Jan Jansen"
    try:
        raise ValueError(f"{typed_by_user} klopt niet")
    except ValueError:
        logger.exception("Fout bij opslaan")
    output = stream.getvalue()
    assert "Fout bij opslaan" in output
    assert "ValueError" in output and "test_pages.py" in output
    assert "111222333" not in output and "Jansen" not in output


def test_a_logged_error_names_type_and_place_of_every_exception_in_the_chain_without_their_messages(scrubbed_log):
    """An operator sees why a page failed (e.g. a missing static file behind a template error)."""
    logger, stream = scrubbed_log
    typed_by_user = "Pietersen 111222333"

    def load_manifest_entry():
        raise KeyError(typed_by_user)

    try:
        try:
            load_manifest_entry()
        except KeyError as exc:
            raise ValueError(f"Geen regel voor {typed_by_user}") from exc
    except ValueError:
        logger.exception("Internal Server Error: /aanmeldingen/")
    output = stream.getvalue()
    first_lines = output.splitlines()[:2]
    assert first_lines[0] == "Internal Server Error: /aanmeldingen/"
    assert first_lines[1].startswith("builtins.ValueError bij ") and "test_pages.py:" in first_lines[1]
    assert "builtins.KeyError: [bericht weggelaten]" in output
    assert "in load_manifest_entry" in output
    assert "Pietersen" not in output and "111222333" not in output


@pytest.mark.django_db
def test_page_titles_separate_the_page_from_the_zvh_name(client, settings):
    response = client.get(reverse("login"))
    assert f"<title>Inloggen - {settings.ZVH_NAME}</title>" in response.content.decode()
    client.force_login(UserFactory(melder=True))
    assert f"<title>Start - {settings.ZVH_NAME}</title>" in client.get(reverse("home")).content.decode()
