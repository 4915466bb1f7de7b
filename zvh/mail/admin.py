"""Beheer: the outbox, read-only, for the functioneel beheerder (what was sent, to whom, and whether it failed).

Mails carry reference numbers, dates and links, never personal data of a betrokkene (see
zvh.mail.services), so the list shows recipient, subject, topic, status and attempts. The text
and attachments are left out all the same: the beheerder needs to see that a mail went out or
failed, not what it said. A failed mail is retried by the sweep, or by the chair per case.
"""

from django.contrib import admin

from zvh.core.admin_readonly import ReadOnlyAdminMixin

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "recipients", "subject", "topic", "status", "attempts", "sent_at")
    list_display_links = ("subject",)
    list_filter = ("status",)
    search_fields = ("subject", "case_reference", "topic")
    date_hierarchy = "created_at"
    fields = (
        "recipients", "subject", "topic", "case_reference", "status", "attempts", "last_error",
        "created_at", "last_attempt_at", "sent_at",
    )  # fmt: skip
    readonly_fields = fields
    list_per_page = 50

    @admin.display(description="Aan")
    def recipients(self, obj):
        return ", ".join(obj.to)
