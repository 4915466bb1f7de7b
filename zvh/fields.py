"""Model fields shared by the apps."""

from cryptography.fernet import InvalidToken
from encrypted_fields.fields import EncryptedCharField


class UndecryptableValue(Exception):
    """An encrypted column holds a value that none of the configured keys opens."""


class StrictEncryptedCharField(EncryptedCharField):
    """django-fernet-encrypted-fields' char field, but a value no key opens is an error.

    The library hands back the ciphertext itself when decryption fails, so a wrong or missing
    key shows ciphertext where a BSN belongs (and lets it be saved back as if it were one). A
    BSN that cannot be read must stop the request loudly instead: the operator sees the
    exception type in the error log and restores FIELD_ENCRYPTION_KEY(_FALLBACKS) or
    DJANGO_SECRET_KEY(_FALLBACKS). The message names no value.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return self.f.decrypt(value.encode("utf-8")).decode("utf-8")
        except InvalidToken as exc:
            raise UndecryptableValue(
                f"{self.model._meta.label}.{self.name} kan met de ingestelde sleutels niet worden ontsleuteld."
            ) from exc
