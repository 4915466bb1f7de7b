"""Beheer: the list of recurring jobs (read-only). Not a change list of rows: every beat entry is
listed, also one that has not run yet and so has no row."""

from django.contrib import admin
from django.template.response import TemplateResponse

from zvh.core.admin_readonly import ReadOnlyAdminMixin

from .models import JobRecord
from .selectors import recurring_jobs

OVERVIEW_TEMPLATE = "jobs/overview.html"


@admin.register(JobRecord)
class JobRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)  # Django's refusal
        jobs = recurring_jobs()
        return TemplateResponse(
            request,
            OVERVIEW_TEMPLATE,
            {
                **self.admin_site.each_context(request),
                "title": "Terugkerende taken",
                "opts": self.model._meta,
                "jobs": jobs,
                "missed_count": sum(job.missed for job in jobs),
            },
        )

    def get_urls(self):
        # Only the list: there is nothing to open, add, change or delete.
        return [url for url in super().get_urls() if url.name and url.name.endswith("_changelist")]
