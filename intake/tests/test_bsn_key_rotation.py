"""Rotating the keys: every BSN still decrypts; a wrong key is refused loudly, never shown as a BSN."""

import pytest
from django.core.management import call_command
from django.db import connection

from intake.models import Betrokkene
from intake.tests.factories import BetrokkeneFactory
from zvh.fields import UndecryptableValue

BSN = "111222333"
BSN_FIELD = Betrokkene._meta.get_field("bsn")


@pytest.fixture
def keys(settings):
    """Set the keys as an operator would in the environment; the field derives its ciphers anew."""

    def use(*, secret_key: str, secret_fallbacks=(), field_key: str, field_fallbacks=()):
        settings.SECRET_KEY = secret_key
        settings.SECRET_KEY_FALLBACKS = list(secret_fallbacks)
        settings.SALT_KEY = [field_key, *field_fallbacks]
        BSN_FIELD.__dict__.pop("keys", None)
        BSN_FIELD.__dict__.pop("f", None)

    yield use
    BSN_FIELD.__dict__.pop("keys", None)
    BSN_FIELD.__dict__.pop("f", None)


def stored_ciphertext(betrokkene: Betrokkene) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT bsn FROM {Betrokkene._meta.db_table} WHERE id = %s", [betrokkene.pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_after_rotating_the_field_key_every_bsn_still_decrypts_and_reencrypting_drops_the_old_key(keys):
    keys(secret_key="s" * 50, field_key="oude-veldsleutel")
    betrokkene = BetrokkeneFactory(bsn=BSN)
    old_ciphertext = stored_ciphertext(betrokkene)

    keys(secret_key="s" * 50, field_key="nieuwe-veldsleutel", field_fallbacks=["oude-veldsleutel"])
    assert Betrokkene.objects.get(pk=betrokkene.pk).bsn == BSN

    call_command("reencrypt_fields", stdout=open("/dev/null", "w"))
    assert stored_ciphertext(betrokkene) != old_ciphertext

    keys(secret_key="s" * 50, field_key="nieuwe-veldsleutel")  # the fallback removed
    assert Betrokkene.objects.get(pk=betrokkene.pk).bsn == BSN
    assert Betrokkene.objects.filter(bsn_hash=betrokkene.bsn_hash).count() == 1  # look-ups unchanged


@pytest.mark.django_db
def test_after_rotating_the_secret_key_with_a_fallback_every_bsn_still_decrypts(keys):
    keys(secret_key="a" * 50, field_key="veldsleutel")
    betrokkene = BetrokkeneFactory(bsn=BSN)

    keys(secret_key="b" * 50, secret_fallbacks=["a" * 50], field_key="veldsleutel")

    assert Betrokkene.objects.get(pk=betrokkene.pk).bsn == BSN


@pytest.mark.django_db
def test_with_a_wrong_key_reading_a_bsn_is_refused_loudly_and_the_ciphertext_is_never_shown(keys):
    keys(secret_key="a" * 50, field_key="juiste-sleutel")
    betrokkene = BetrokkeneFactory(bsn=BSN)
    ciphertext = stored_ciphertext(betrokkene)

    keys(secret_key="a" * 50, field_key="verkeerde-sleutel")

    with pytest.raises(UndecryptableValue) as refused:
        Betrokkene.objects.get(pk=betrokkene.pk)
    assert "intake.Betrokkene.bsn" in str(refused.value)
    assert ciphertext not in str(refused.value) and BSN not in str(refused.value)
