"""The privacycontactpunt's pages: the list, registering, the request, and its steps.

Thin views: who may handle requests is decided in ``subject_requests.selectors`` (``may_handle``);
every change is a service in ``subject_requests.services``. Anyone without the role gets 403 on
the list and the new-request page and 404 on a request, and the refused attempt is audited. The
person's data never travels in a URL: searching is a POST, the rest names the request's id.
"""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError, refusal
from zvh.core.mixins import AuditedListMixin, ServiceFormMixin
from zvh.pdf import pdf_response, render_pdf

from . import forms, services
from .constants import CORRECTABLE_FIELDS, RequestKind, RequestStatus
from .models import SubjectRequest
from .selectors import (
    is_overdue,
    matches_of,
    may_handle,
    not_erasable_reason,
    objections_of,
    person_record,
    person_search,
    record_counts,
    request_or_denied,
    request_read,
    requests_for_list,
)

NOT_FOUND = "Dit verzoek bestaat niet of u heeft er geen toegang toe."


class _ContactPointMixin(LoginRequiredMixin):
    """A page for the privacycontactpunt only; anyone else gets 403, and the attempt is audited."""

    audit_page = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_handle(request.user):
            audit_record(actor=request.user, action=AuditAction.DENIED, detail={"pagina": self.audit_page})
            raise PermissionDenied("Alleen het privacycontactpunt behandelt verzoeken van betrokkenen.")
        return super().dispatch(request, *args, **kwargs)


class _RequestMixin(LoginRequiredMixin):
    """A page of one request: 404 (audited when the request exists) for anyone but the privacycontactpunt."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                self.subject_request = request_or_denied(user=request.user, request_id=kwargs["request_id"])
            except SubjectRequest.DoesNotExist:
                raise Http404(NOT_FOUND) from None
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self, anchor: str = "") -> str:
        url = reverse("subject_requests:detail", kwargs={"request_id": self.subject_request.pk})
        return url + (f"#{anchor}" if anchor else "")


class _RequestFormView(_RequestMixin, ServiceFormMixin, FormView):
    """A form of one step of a request, on the shared form page."""

    template_name = "subject_requests/form.html"
    title = ""
    submit_label = "Opslaan"
    intro = ""

    def after_success_url(self) -> str:
        return self.detail_url()

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "subject_request": self.subject_request,
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            "back_url": self.detail_url(),
        }


# --- the list and registering ------------------------------------------------------------------------


class RequestListView(_ContactPointMixin, AuditedListMixin, ListView):
    template_name = "subject_requests/list.html"
    audit_page = "verzoeken_betrokkenen"
    paginate_by = 25

    def get_queryset(self):
        return requests_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(row, is_overdue(row)) for row in context["page_obj"].object_list]
        return context


class RegisterView(_ContactPointMixin, ServiceFormMixin, FormView):
    template_name = "subject_requests/register.html"
    form_class = forms.RegisterForm
    audit_page = "verzoek_registreren"
    success_message = "Het verzoek is geregistreerd."

    def perform(self, form) -> None:
        self.created = services.request_register(by=self.request.user, **form.cleaned_data)

    def after_success_url(self) -> str:
        return reverse("subject_requests:detail", kwargs={"request_id": self.created.pk})


# --- one request ----------------------------------------------------------------------------------------


class RequestDetailView(_RequestMixin, TemplateView):
    template_name = "subject_requests/detail.html"

    def get_context_data(self, **kwargs):
        subject_request = self.subject_request
        request_read(user=self.request.user, subject_request=subject_request)
        matches = matches_of(subject_request)
        in_progress = subject_request.status == RequestStatus.IN_BEHANDELING
        return {
            **super().get_context_data(**kwargs),
            "subject_request": subject_request,
            "overdue": is_overdue(subject_request),
            "matches": matches,
            "live_matches": [m for m in matches if m.betrokkene_id is not None],
            "objections": objections_of(subject_request),
            "in_progress": in_progress,
            "can_start": subject_request.status == RequestStatus.ONTVANGEN,
            "can_extend": subject_request.is_open and subject_request.extended_at is None,
            "kind": RequestKind,
        }


class RequestMoveView(_RequestMixin, View):
    """Take the request into handling, or record that it was withdrawn (POST buttons on the request)."""

    moves = {"start": services.request_start, "intrekken": services.request_withdraw}
    done = {
        "start": "Het verzoek is in behandeling genomen.",
        "intrekken": "Het verzoek is als ingetrokken vastgelegd.",
    }

    def post(self, request, *args, **kwargs):
        move = kwargs["move"]
        try:
            self.moves[move](subject_request=self.subject_request, by=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.done[move])
        return HttpResponseRedirect(self.detail_url())


class ExtendView(_RequestFormView):
    form_class = forms.ExtendForm
    title = "Termijn verlengen met twee maanden"
    intro = "Dit kan één keer, en alleen binnen de eerste maand. Laat de betrokkene de reden weten."
    submit_label = "Verlengen"
    success_message = "De termijn is met twee maanden verlengd."

    def perform(self, form) -> None:
        services.request_extend(subject_request=self.subject_request, by=self.request.user, **form.cleaned_data)


class AnswerView(_RequestFormView):
    form_class = forms.AnswerForm
    title = "Antwoord vastleggen"
    intro = "Leg vast wat de betrokkene als antwoord kreeg. Daarna is het verzoek afgehandeld."
    submit_label = "Antwoord vastleggen"
    success_message = "Het antwoord is vastgelegd; het verzoek is afgehandeld."

    def perform(self, form) -> None:
        services.request_answer(subject_request=self.subject_request, by=self.request.user, **form.cleaned_data)


class SearchView(_RequestFormView):
    """Search by POST (never in the address); the results come back on the same page to confirm."""

    template_name = "subject_requests/search.html"
    form_class = forms.SearchForm

    def get_initial(self):
        subject_request = self.subject_request
        return {
            "by": "bsn" if subject_request.bsn else "naam",
            "bsn": subject_request.bsn or "",
            "surname": subject_request.surname,
            "first_names": subject_request.first_names.split(" ")[0],
            "date_of_birth": subject_request.date_of_birth,
        }

    def form_valid(self, form):
        if self.subject_request.status != RequestStatus.IN_BEHANDELING:
            form.add_error(None, "Neem het verzoek eerst in behandeling.")
            return self.form_invalid(form)
        found = person_search(user=self.request.user, subject_request=self.subject_request, **form.cleaned_data)
        linked = {m.betrokkene_id for m in matches_of(self.subject_request)}
        return self.render_to_response(self.get_context_data(form=form, searched=True, found=found, linked=linked))


class LinkView(_RequestMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            ids = [int(value) for value in request.POST.getlist("betrokkene")]
            count = services.request_link(subject_request=self.subject_request, betrokkene_ids=ids, by=request.user)
        except ValueError:
            messages.error(request, "Kies de gegevens uit de zoekresultaten.")
            return HttpResponseRedirect(reverse("subject_requests:search", kwargs=kwargs))
        except ServiceError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("subject_requests:search", kwargs=kwargs))
        messages.success(request, f"{count} gevonden gegeven(s) bij het verzoek gevoegd.")
        return HttpResponseRedirect(self.detail_url("gevonden"))


class _MatchFormView(_RequestFormView):
    def match(self):
        for match in matches_of(self.subject_request):
            if match.pk == self.kwargs["match_id"] and match.betrokkene_id is not None:
                return match
        raise Http404(NOT_FOUND)

    def get_context_data(self, **kwargs):
        match = self.match()
        return {**super().get_context_data(**kwargs), "match": match, "casus": match.casus}


class CorrectView(_MatchFormView):
    form_class = forms.CorrectForm
    title = "Gegeven corrigeren"
    submit_label = "Corrigeren"
    success_message = "Het gegeven is gecorrigeerd."

    def perform(self, form) -> None:
        services.request_correct(
            subject_request=self.subject_request, match_id=self.match().pk, by=self.request.user, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        betrokkene = context["match"].betrokkene
        context["current"] = [(label, getattr(betrokkene, field) or "") for field, label in CORRECTABLE_FIELDS.items()]
        return context


class EraseView(_MatchFormView):
    """A confirmation page; when the law does not allow it, the page says why instead."""

    template_name = "subject_requests/erase.html"
    form_class = Form
    title = "Casus verwijderen"
    submit_label = "Definitief verwijderen"
    success_message = "De gegevens van de casus zijn verwijderd; alleen een anoniem gegeven blijft."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refusal"] = not_erasable_reason(context["casus"])
        context["wrong_kind"] = refusal(services.ensure_in_progress, self.subject_request, RequestKind.VERWIJDERING)
        return context

    def perform(self, form) -> None:
        services.request_erase(subject_request=self.subject_request, match_id=self.match().pk, by=self.request.user)


class ObjectionView(_RequestMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            ids = [int(value) for value in request.POST.getlist("match")]
            count = services.objection_record(subject_request=self.subject_request, match_ids=ids, by=request.user)
        except ValueError:
            messages.error(request, "Kies de casussen uit de lijst.")
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Het bezwaar is op {count} casus(sen) vastgelegd en zichtbaar voor de "
                "triagevoorzitters en de procesregisseur.",
            )
        return HttpResponseRedirect(self.detail_url("bezwaar"))


class ObjectionDecideView(_RequestFormView):
    form_class = forms.ObjectionDecisionForm
    title = "Besluit op het bezwaar"
    submit_label = "Besluit vastleggen"
    success_message = "Het besluit op het bezwaar is vastgelegd."

    def objection(self):
        for objection in objections_of(self.subject_request):
            if objection.pk == self.kwargs["objection_id"]:
                return objection
        raise Http404(NOT_FOUND)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "casus": self.objection().casus}

    def perform(self, form) -> None:
        services.objection_decide(objection=self.objection(), by=self.request.user, **form.cleaned_data)


# --- the exports -------------------------------------------------------------------------------------------


class _ExportView(_RequestMixin, View):
    fmt = ""

    def get(self, request, *args, **kwargs):
        record = person_record(self.subject_request)
        services.request_export_audit(
            subject_request=self.subject_request, by=request.user, fmt=self.fmt, counts=record_counts(record)
        )
        return self.respond(record)

    def filename(self) -> str:
        return f"gegevens-{self.subject_request.number}.{self.fmt}"


class ExportPdfView(_ExportView):
    fmt = "pdf"

    def respond(self, record):
        content = render_pdf(
            "subject_requests/pdf/overzicht.html", {"record": record, "subject_request": self.subject_request}
        )
        return pdf_response(content, filename=self.filename())


class ExportJsonView(_ExportView):
    fmt = "json"

    def respond(self, record):
        response = HttpResponse(
            json.dumps(record, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        response["Cache-Control"] = "no-store"
        return response
