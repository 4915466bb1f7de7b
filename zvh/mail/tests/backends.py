"""Mail backends for tests: a mail server that refuses everything."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """Refuses every message the way an SMTP server does (quoting the address it refused)."""

    def send_messages(self, email_messages):
        refused = {address: (550, b"mailbox unavailable") for message in email_messages for address in message.to}
        raise SMTPRecipientsRefused(refused)
