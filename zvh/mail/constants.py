from django.db import models


class MailStatus(models.TextChoices):
    """Where an outgoing mail is; a failure stays visible until a later attempt succeeds."""

    PENDING = "pending", "In de wachtrij"
    # A worker has claimed it and is talking to the mail server (zvh.mail.services.mail_deliver).
    SENDING = "sending", "Wordt verzonden"
    SENT = "sent", "Verzonden"
    FAILED = "failed", "Mislukt"
    # Not sent and never to be sent: a newer mail replaces it (a changed or cancelled meeting).
    SUPERSEDED = "superseded", "Vervangen door een nieuwere versie"
