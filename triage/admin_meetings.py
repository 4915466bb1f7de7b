"""Functional administration ("Beheer") of the meeting calendar; imported by ``triage.admin``.

The functioneel beheerder lists the meetings, changes room, online link and capacity of a
coming one, adds an extra meeting, and cancels meetings (an action that asks for a reason).
The rules live in ``triage.services.meetings``; this module asks those functions and shows
their answers. Only counts of cases appear here: the beheerder has no need-to-know for cases.
A meeting is never deleted (a cancelled one must stay, see the services), and a meeting that
is cancelled or in the past is read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from intake.presentation import date_in_words
from zvh.core.admin_readonly import ReadOnlyAdminMixin
from zvh.core.exceptions import ServiceError

from .constants import MeetingStatus
from .models import CutoffRun, TriageMeeting
from .selectors.calendar import cases_affected_by_cancelling, meetings_with_counts
from .services.cutoff import cutoff_run_now
from .services.meetings import EDITABLE_FIELDS, meeting_cancel, meeting_check_editable, meeting_defaults, meeting_save

ADD_FIELDS = ("date", "starts_at", "ends_at", "room", "online_link", "capacity")
CHANGE_FIELDS = (
    *ADD_FIELDS,
    "status",
    "cancelled_reason",
    "is_extra",
    "active_count",
    "intake_closed_at",
    "created_at",
)
CANCEL_TEMPLATE = "triage/meeting_cancel.html"


class MeetingPeriodFilter(admin.SimpleListFilter):
    title = "periode"
    parameter_name = "periode"

    def lookups(self, request, model_admin):
        return [("komend", "Vandaag en later"), ("geweest", "Geweest")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "komend":
            return queryset.filter(date__gte=today)
        if self.value() == "geweest":
            return queryset.filter(date__lt=today)
        return queryset


def _formfield(model_field, **kwargs):
    """Links typed without a scheme get https (Django 6's default; online meetings are https anyway)."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class TriageMeetingForm(forms.ModelForm):
    class Meta:
        model = TriageMeeting
        fields = ADD_FIELDS
        formfield_callback = _formfield

    def clean_date(self):
        day = self.cleaned_data["date"]
        try:
            meeting_check_editable(TriageMeeting(date=day))
        except ServiceError as error:
            raise ValidationError(str(error)) from error
        return day


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label="Reden van de annulering",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=(
            "Wordt vastgelegd bij de vergadering en in de statusgeschiedenis van de doorgeschoven casussen. "
            "De melders krijgen alleen de oude en de nieuwe datum te horen."
        ),
        error_messages={"required": "Geef een reden voor de annulering."},
    )


@admin.register(TriageMeeting)
class TriageMeetingAdmin(admin.ModelAdmin):
    form = TriageMeetingForm
    list_display = (
        "meeting_day",
        "starts_at",
        "ends_at",
        "room",
        "has_online_link",
        "capacity",
        "active_count",
        "status",
        "is_extra",
        "intake_closed_at",
    )
    list_display_links = ("meeting_day",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the form's Meta does
    list_filter = (MeetingPeriodFilter, "status", "is_extra")
    date_hierarchy = "date"
    ordering = ("-date", "-starts_at")
    actions = ("cancel_meetings",)

    def get_queryset(self, request):
        return meetings_with_counts()

    @admin.display(description="Datum", ordering="date")
    def meeting_day(self, obj):
        return date_in_words(obj.date)

    @admin.display(description="Online link", boolean=True)
    def has_online_link(self, obj):
        return bool(obj.online_link)

    @admin.display(description="Casussen gebonden of geagendeerd")
    def active_count(self, obj):
        return getattr(obj, "active_count", None)

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else CHANGE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = [name for name in CHANGE_FIELDS if name not in EDITABLE_FIELDS]
        if obj.agenda_finalised_at is not None:
            readonly.append("capacity")  # the agenda went out with its slots; meeting_save refuses a change
        return tuple(readonly)

    def get_changeform_initial_data(self, request):
        return {**meeting_defaults(), **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            try:
                meeting_check_editable(obj)
            except ServiceError:
                return False  # cancelled or past: shown read-only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            meeting_save(meeting=obj, by=request.user)
        except ServiceError as error:
            # The form passed, but the meeting changed meanwhile (finalised, cancelled, its day
            # passed): say so instead of an error page, and do not claim it was saved.
            request.meeting_save_refusal = str(error)

    def response_add(self, request, obj, post_url_continue=None):
        return self._refused(request) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._refused(request) or super().response_change(request, obj)

    def _refused(self, request):
        refusal = getattr(request, "meeting_save_refusal", "")
        if not refusal:
            return None
        self.message_user(request, f"Niet opgeslagen: {refusal}", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    @admin.action(description="Geselecteerde triagevergaderingen annuleren", permissions=["change"])
    def cancel_meetings(self, request, queryset):
        """Ask for a reason first (an intermediate page), then cancel, the latest meeting first."""
        meetings = list(queryset.order_by("-date", "-starts_at"))
        confirmed = "bevestigen" in request.POST
        form = MeetingCancelForm(request.POST if confirmed else None)
        if not (confirmed and form.is_valid()):
            for meeting in meetings:
                meeting.affected_count = cases_affected_by_cancelling(meeting).count()
            return TemplateResponse(
                request,
                CANCEL_TEMPLATE,
                {
                    **self.admin_site.each_context(request),
                    "title": "Triagevergaderingen annuleren",
                    "opts": self.model._meta,
                    "meetings": meetings,
                    "form": form,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "cancelled_status": MeetingStatus.GEANNULEERD,
                },
            )
        for meeting in meetings:
            try:
                result = meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
            except ServiceError as error:
                self.message_user(request, f"{date_in_words(meeting.date)}: {error}", messages.ERROR)
                continue
            self.message_user(
                request,
                f"De triage van {date_in_words(meeting.date)} is geannuleerd. "
                f"{result.moved_count} casus(sen) doorgeschoven naar {date_in_words(result.moved_to.date)}; "
                "de melders zijn geïnformeerd.",
                messages.SUCCESS,
            )
        return None


@admin.register(CutoffRun)
class CutoffRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: when the Thursday 16:00 job closed intake, for which meeting, with how many cases.

    "Nu uitvoeren" above the list runs the job by hand (``cutoff_run_now``): after an outage the
    functioneel beheerder need not wait for the next morning's catch-up run.
    """

    change_list_template = "triage/cutoffrun_change_list.html"
    list_display = ("cutoff_local", "meeting", "bound_count", "ran_at")
    list_select_related = ("meeting",)
    ordering = ("-cutoff_at",)

    def get_urls(self):
        run_now = self.admin_site.admin_view(require_POST(self.run_now_view))
        return [path("nu-uitvoeren/", run_now, name="triage_cutoffrun_run_now"), *super().get_urls()]

    def run_now_view(self, request):
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        ok, message = cutoff_run_now(by=request.user, via="beheer")
        self.message_user(request, message, messages.SUCCESS if ok else messages.ERROR)
        return HttpResponseRedirect(reverse("admin:triage_cutoffrun_changelist"))

    @admin.display(description="Cutoff-moment", ordering="cutoff_at")
    def cutoff_local(self, obj):
        return timezone.localtime(obj.cutoff_at).strftime("%d-%m-%Y %H:%M")
