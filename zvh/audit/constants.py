from django.db import models


class AuditAction(models.TextChoices):
    """What happened to personal data (reading, searching, exporting, printing and changing are all logged)."""

    VIEW = "view", "Ingezien"
    LIST = "list", "Overzicht bekeken"
    SEARCH = "search", "Gezocht"
    CREATE = "create", "Aangemaakt"
    UPDATE = "update", "Gewijzigd"
    TRANSITION = "transition", "Status gewijzigd"
    EXPORT = "export", "Geëxporteerd"
    PRINT = "print", "Afgedrukt"
    DOWNLOAD = "download", "Gedownload"
    DELETE = "delete", "Verwijderd"
    DENIED = "denied", "Toegang geweigerd"
    LOGIN = "login", "Ingelogd"
    LOGIN_FAILED = "login_failed", "Inloggen mislukt"
    LOGOUT = "logout", "Uitgelogd"
