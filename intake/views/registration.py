"""The registration form: start a concept, edit and autosave it, submit it, see the confirmation.

Thin views: reads go through `intake.selectors` (need-to-know, 404 for what the user may not
see), every change through `intake.services`. Only the melder who wrote a concept edits it;
a case that is no longer a concept goes to its detail page instead.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views import View

from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.calendar.cancellations import cancelled_meeting_dates
from zvh.calendar.scheduling import current_deadline
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import RoleRequiredMixin

from .. import selectors
from ..constants import CasusStatus
from ..forms.registration import BETROKKENEN_PREFIX, ORGANISATIONS_PREFIX, RegistrationForms
from ..models import Casus
from ..services.casus import concept_start_empty, is_concept_author
from ..services.registration import RegistrationIncomplete, registration_save, registration_submit
from .casus import DeletedCasusPageMixin

EDIT_TEMPLATE = "intake/registration_edit.html"
STATUS_TEMPLATE = "intake/_registration_autosave_status.html"
NOT_SAVED = "Niet opgeslagen: verbeter de gemarkeerde velden. Alles wat u typte, staat nog in het formulier."
# How many empty rows "Persoon toevoegen" may ask for through the URL (it asks for one).
MAX_EXTRA_ROWS = 5


def registration_deadline(request) -> dict:
    """Context processor: the cutoff a melder registering now must beat (templates/intake/_deadline.html).

    Lazy, so pages that do not show it do not compute it.
    """
    return {
        "registration_deadline": SimpleLazyObject(
            lambda: current_deadline(timezone.now(), cancelled_meeting_dates())
        )
    }


class NotAConcept(Exception):
    """The casus was submitted (or moved on); editing it makes no sense any more."""


class OwnConceptMixin(RoleRequiredMixin):
    """A melder's own concept; 404 for every other casus, so its existence stays hidden."""

    required_roles = (Role.MELDER,)

    def get_concept(self, casus_id: uuid.UUID, *, audit_view: bool) -> Casus:
        user = self.request.user
        try:
            if audit_view:
                casus = selectors.casus_get_for_view(user=user, casus_id=casus_id, tell_deleted=True)
            else:
                casus = selectors.cases_visible_to(user).select_related("organisation").get(pk=casus_id)
        except selectors.CasusDeleted:
            raise
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None
        if casus.status != CasusStatus.CONCEPT:
            raise NotAConcept
        if not is_concept_author(casus, user):
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.")
        return casus


def _not_editable(request, casus_id) -> HttpResponse:
    messages.info(request, "Deze aanmelding is al ingediend en kan niet meer worden gewijzigd.")
    return redirect("intake:casus_detail", casus_id=casus_id)


def _edit_url(casus: Casus) -> str:
    return reverse("intake:registration_edit", kwargs={"casus_id": casus.pk})


class RegistrationNewView(RoleRequiredMixin, View):
    """POST opens the melder's empty concept (started now, or the untouched one from an earlier click).

    GET goes to the pre-check, which starts a concept with answers.
    """

    required_roles = (Role.MELDER,)

    def get(self, request):
        try:
            return redirect(reverse("intake:precheck"))
        except NoReverseMatch:
            return redirect("intake:my_cases")

    def post(self, request):
        try:
            casus = concept_start_empty(melder=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("intake:my_cases")
        return redirect(_edit_url(casus))


def _extra_rows(request, name: str) -> int:
    try:
        return max(0, min(int(request.GET.get(name, 0)), MAX_EXTRA_ROWS))
    except ValueError:
        return 0


# The buttons of the page, by the value of their name="actie".
SAVE, SUBMIT, ADD_PERSON, ADD_ORGANISATION = "opslaan", "indienen", "persoon_toevoegen", "organisatie_toevoegen"
REMOVE = {f"verwijder_{prefix}": prefix for prefix in (BETROKKENEN_PREFIX, ORGANISATIONS_PREFIX)}


def _data_with_removal(data, action: str):
    """'verwijder_betrokkenen:2' marks row 2 for deletion, as Django's formset DELETE does."""
    name, _, index = action.partition(":")
    prefix = REMOVE.get(name)
    if prefix is None or not index.isdigit():
        return data
    data = data.copy()
    data[f"{prefix}-{index}-DELETE"] = "on"
    return data


def _data_with_created_ids(data, created: dict[str, int]):
    """Give rows just created their pk, as the autosave script does in the browser."""
    data = data.copy()
    for key, pk in created.items():
        data[f"{key}-id"] = str(pk)
    return data


class RegistrationEditView(DeletedCasusPageMixin, OwnConceptMixin, View):
    """The registration form of one concept: save, add or remove rows, submit."""

    def get(self, request, casus_id):
        try:
            casus = self.get_concept(casus_id, audit_view=True)
        except NotAConcept:
            return _not_editable(request, casus_id)
        forms = RegistrationForms(
            casus=casus,
            extra_betrokkenen=_extra_rows(request, "extra_personen"),
            extra_organisations=_extra_rows(request, "extra_organisaties"),
        )
        return self.render_page(casus, forms)

    def post(self, request, casus_id):
        try:
            casus = self.get_concept(casus_id, audit_view=False)
        except NotAConcept:
            return _not_editable(request, casus_id)
        action = request.POST.get("actie", SAVE)
        forms = RegistrationForms(casus=casus, data=_data_with_removal(request.POST, action))
        if not forms.is_valid():
            return self.render_page(casus, forms, problem=NOT_SAVED)
        try:
            result = registration_save(casus=casus, by=request.user, **forms.service_kwargs())
        except ServiceError:
            return _not_editable(request, casus_id)
        if action == SUBMIT:
            return self.submit(casus, forms, result.created)
        if action == ADD_PERSON:
            new_row = f"{BETROKKENEN_PREFIX}-{casus.betrokkenen.count()}"
            return redirect(f"{_edit_url(casus)}?extra_personen=1#{new_row}")
        if action == ADD_ORGANISATION:
            new_row = f"{ORGANISATIONS_PREFIX}-{casus.involved_organisations.count()}"
            return redirect(f"{_edit_url(casus)}?extra_organisaties=1#{new_row}")
        saved_at = timezone.localtime(casus.updated_at)
        messages.success(request, f"Concept opgeslagen om {saved_at:%H:%M}.")
        return redirect(_edit_url(casus))

    def submit(self, casus: Casus, forms: RegistrationForms, created: dict[str, int]) -> HttpResponse:
        try:
            registration_submit(casus=casus, by=self.request.user, declared=forms.declared)
        except ServiceError as error:
            # Re-bind with the pks of rows the save just created, so the problems of those rows
            # land next to their fields and a second submit does not create them again.
            forms = RegistrationForms(casus=casus, data=_data_with_created_ids(forms.main.data, created))
            forms.is_valid()
            if isinstance(error, RegistrationIncomplete):
                forms.attach_problems(error.problems)
                return self.render_page(casus, forms, problem=str(error))
            return self.render_page(casus, forms, problem=f"{error} Uw gegevens zijn als concept bewaard.")
        return redirect("intake:registration_confirmation", casus_id=casus.pk)

    def render_page(self, casus: Casus, forms: RegistrationForms, *, problem: str = "") -> HttpResponse:
        if forms.is_bound:
            # A POST shown again (not saved, or not submitted) shows the stored concept too: that
            # is a read of its own. A GET was logged when get_concept fetched the case.
            audit_record(
                actor=self.request.user, action=AuditAction.VIEW, obj=casus, case_reference=casus.reference or ""
            )
        context = {
            "casus": casus,
            "forms": forms,
            "form": forms.main,
            "problem": problem,
            "error_summary": forms.error_summary() if forms.is_bound else [],
            "may_register": casus.organisation.may_register,
            "saved_at": timezone.localtime(casus.updated_at),
            "autosave_url": reverse("intake:registration_autosave", kwargs={"casus_id": casus.pk}),
            "login_url": f"{reverse('login')}?next={_edit_url(casus)}",
        }
        return render(self.request, EDIT_TEMPLATE, context, status=200)


def _plain(text: str, *, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


class RegistrationAutosaveView(OwnConceptMixin, View):
    """Saves every value that is valid on its own, answering with a small status fragment.

    Called by static/js/autosave.js while the melder types. An expired session answers 401
    (not a redirect to the login page, which the script would show as a status), so the page
    can say what was saved and ask to log in again.
    """

    http_method_names = ["post"]

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            return super().handle_no_permission()
        return _plain("Uw sessie is verlopen.", status=401)

    def post(self, request, casus_id):
        try:
            casus = self.get_concept(casus_id, audit_view=False)
        except NotAConcept:
            return _plain("Deze aanmelding is al ingediend.", status=409)
        forms = RegistrationForms(casus=casus, data=request.POST)
        forms.is_valid()
        try:
            result = registration_save(casus=casus, by=request.user, automatic=True, **forms.service_kwargs())
        except ServiceError as error:
            return _plain(str(error), status=409)
        context = {
            "saved_at": timezone.localtime(casus.updated_at) if result.changed_sections else timezone.localtime(),
            "new_ids": {f"{key}-id": pk for key, pk in result.created.items()},
            "invalid_count": forms.invalid_field_count(),
        }
        return render(request, STATUS_TEMPLATE, context)


class RegistrationConfirmationView(RoleRequiredMixin, View):
    """After submitting: the reference number, the target triage date and what happens next."""

    required_roles = (Role.MELDER,)

    def get(self, request, casus_id):
        try:
            casus = selectors.casus_get_for_view(user=request.user, casus_id=casus_id)
        except Casus.DoesNotExist:
            raise Http404("Deze casus bestaat niet of u heeft er geen toegang toe.") from None
        if casus.status == CasusStatus.CONCEPT:
            return redirect(_edit_url(casus))
        return render(request, "intake/registration_confirmation.html", {"casus": casus})
