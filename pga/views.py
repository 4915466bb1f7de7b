"""The PGA pages: the lists, the dossier, its forms, the background and the PDFs.

Thin views: who may see or change what is decided in ``pga.selectors``, every change is a service
in ``pga.services`` and a refusal comes back as the service's Dutch message with what was typed.
The dossier pages are open to every logged-in user and answer 404 to those the selectors refuse
(also administrators and partners), so a dossier's existence is never revealed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from intake.models import Betrokkene
from participants.constants import Role
from zvh.audit.constants import AuditAction
from zvh.core.exceptions import ServiceError
from zvh.core.mixins import ALL_FIELDS, AuditedListMixin, RoleRequiredMixin, ServiceCall, ServiceFormMixin
from zvh.pdf import pdf_response, render_pdf

from . import forms, services
from .answer_links import AnswerLinkRefused, read_token
from .constants import OVERLEG_OPEN, DossierPhase, InformingStatus, OverlegStatus
from .extensions import dossier_sections
from .filters import ChairDossierFilter, DossierFilter
from .models import Action, Casusoverleg, Escalation, Goal, OverlegContact, OverlegParticipant, PgaDossier
from .selectors.background import background_for, decision_for_summary
from .selectors.dossiers import (
    dossier_for_changing,
    dossier_for_reading,
    dossier_for_reassigning,
    dossier_page,
    dossiers_for_chair,
    dossiers_for_regisseur,
    is_changeable_by,
    may_monitor,
    open_escalations_for_chair,
    plan_version_of,
    row_of,
)
from .selectors.overleg import contact_for_answer_link, overleg_for_reading
from .selectors.partner import own_action, partner_dossier, partner_dossiers
from .selectors.progress import active_instrument, progress_of
from .services.overleg import Agreement, agenda_points

NOT_FOUND = "Dit dossier bestaat niet of u heeft er geen toegang toe."


def dossier_url(dossier: PgaDossier, anchor: str = "") -> str:
    return reverse("pga:dossier", kwargs={"casus_id": dossier.casus_id}) + (f"#{anchor}" if anchor else "")


# --- lists -----------------------------------------------------------------------------------------


class _DossierListView(RoleRequiredMixin, AuditedListMixin, ListView):
    context_object_name = "dossiers"
    audit_id_attr = "casus_id"
    paginate_by = 25
    filterset_class = DossierFilter

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.base_queryset())
        return self.filterset.qs

    def audit_detail(self, page) -> dict:
        used = sorted(name for name in self.filterset.form.changed_data if self.request.GET.get(name))
        return {**super().audit_detail(page), "filters": used}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            rows=[row_of(dossier) for dossier in context["page_obj"].object_list],
            query_string=query.urlencode(),
            showing_closed=self.filterset.form.cleaned_data.get("weergave") == "afgesloten"
            if self.filterset.form.is_valid()
            else False,
        )
        return context


class MyDossiersView(_DossierListView):
    """ "Mijn dossiers": the procesregisseur's dossiers, what needs attention first."""

    required_roles = (Role.PROCESREGISSEUR,)
    template_name = "pga/my_dossiers.html"
    audit_page = "mijn_dossiers"

    def base_queryset(self):
        return dossiers_for_regisseur(self.request.user)


class AllDossiersView(_DossierListView):
    """The chairs' overview: every dossier, the open escalations, and the way to reassign."""

    required_roles = (Role.TRIAGEVOORZITTER,)
    template_name = "pga/all_dossiers.html"
    audit_page = "alle_pga_dossiers"
    filterset_class = ChairDossierFilter

    def base_queryset(self):
        return dossiers_for_chair(self.request.user)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "escalations": list(open_escalations_for_chair(self.request.user)),
        }


# --- the dossier -------------------------------------------------------------------------------------


class _ReadMixin(LoginRequiredMixin):
    page = "pga_dossier"
    audit_action = AuditAction.VIEW

    def get_dossier(self) -> PgaDossier:
        try:
            return dossier_for_reading(
                user=self.request.user, casus_id=self.kwargs["casus_id"], page=self.page, audit_action=self.audit_action
            )
        except PgaDossier.DoesNotExist:
            raise Http404(NOT_FOUND) from None


class DossierView(_ReadMixin, TemplateView):
    template_name = "pga/dossier.html"

    def get_context_data(self, **kwargs):
        dossier = self.get_dossier()
        user = self.request.user
        measurements, series = progress_of(dossier)
        return {
            **super().get_context_data(**kwargs),
            "measurements": measurements,
            "series": series,
            "page": dossier_page(dossier),
            "dossier": dossier,
            "casus": dossier.casus,
            "can_change": is_changeable_by(dossier, user),
            "can_monitor": may_monitor(dossier, user),
            "can_reassign": user.has_role(Role.TRIAGEVOORZITTER) and dossier.phase != DossierPhase.AFGESLOTEN,
            "informing_done": dossier.informing_status == InformingStatus.GEINFORMEERD,
            "informing_agreed": dossier.informing_status != InformingStatus.OPEN,
            "sections": dossier_sections(dossier=dossier, user=user),
        }


class PlanVersionView(_ReadMixin, TemplateView):
    """The plan as it stood after one change (or as agreed at that moment)."""

    template_name = "pga/plan_version.html"
    page = "pga_planversie"

    def get_context_data(self, **kwargs):
        dossier = self.get_dossier()
        try:
            version = plan_version_of(dossier, self.kwargs["number"])
        except Exception:  # PlanVersion.DoesNotExist
            raise Http404("Deze versie van het plan bestaat niet.") from None
        return {**super().get_context_data(**kwargs), "dossier": dossier, "casus": dossier.casus, "version": version}


class BackgroundView(LoginRequiredMixin, TemplateView):
    """Verrijkingsdossier, weighing and triage decision for the procesregisseur of the running dossier."""

    template_name = "pga/background.html"

    def get_context_data(self, **kwargs):
        try:
            background = background_for(user=self.request.user, casus_id=self.kwargs["casus_id"])
        except PgaDossier.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        return {
            **super().get_context_data(**kwargs),
            "background": background,
            "dossier": background.dossier,
            "casus": background.dossier.casus,
            "partner_view": False,
            "pdf": True,  # no links to the chair's pages in the included verrijkingsdossier
            "decision": background.decision,
        }


# --- changes -------------------------------------------------------------------------------------------


class _ChangeView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A form of one change to a dossier; only its procesregisseur gets here (others: 404)."""

    template_name = "pga/form.html"
    title = ""
    intro = ""
    submit_label = "Opslaan"
    anchor = ""
    success_message = "Opgeslagen."
    page = "pga_wijzigen"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.dossier = self.find_dossier(request)
        except PgaDossier.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        return super().dispatch(request, *args, **kwargs)

    def find_dossier(self, request) -> PgaDossier:
        return dossier_for_changing(
            user=request.user, casus_id=self.kwargs["casus_id"], page=self.page, audit_read=request.method == "GET"
        )

    def after_success_url(self) -> str:
        return dossier_url(self.dossier, self.anchor)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "dossier": self.dossier,
            "casus": self.dossier.casus,
            "title": self.title,
            "intro": self.intro,
            "submit_label": self.submit_label,
            "back_url": dossier_url(self.dossier, self.anchor),
        }


class FirstContactView(_ChangeView):
    form_class = forms.FirstContactForm
    title = "Eerste contactmoment met de melder plannen"
    anchor = "informeren"
    success_message = "Het eerste contactmoment is vastgelegd; de melder krijgt bericht."

    service = ServiceCall(services.dossier_plan_first_contact, on="dossier", fields=("at",))


class InformingAgreeView(_ChangeView):
    form_class = forms.InformingAgreeForm
    title = "Afspraak met de melder over informeren"
    intro = (
        "Spreek met de melder af wie de betrokkene informeert over de aanmelding en de aanpak (WGS), hoe en wanneer."
    )
    anchor = "informeren"
    success_message = "De afspraak over informeren is vastgelegd."

    service = ServiceCall(
        services.informing_agree,
        on="dossier",
        fields=("who_informs", "method", "planned_date", "partner_organisation"),
    )


class InformingInformedView(_ChangeView):
    form_class = forms.InformingInformedForm
    title = "Betrokkene is geïnformeerd"
    anchor = "informeren"
    success_message = "Vastgelegd dat de betrokkene is geïnformeerd."

    service = ServiceCall(
        services.informing_record_informed,
        on="dossier",
        fields=("informed_on", "who_informs", "method", "partner_organisation"),
    )


class InformingPostponeView(_ChangeView):
    form_class = forms.InformingPostponeForm
    title = "Informeren uitstellen"
    intro = (
        "Uitstel kan alleen met een grond en een datum waarop u het uitstel heroverweegt. "
        "Op die datum krijgt u een herinnering."
    )
    anchor = "informeren"
    success_message = "Het uitstel is vastgelegd."

    service = ServiceCall(services.informing_postpone, on="dossier", fields=("ground", "explanation", "review_date"))


class GoalAddView(_ChangeView):
    form_class = forms.GoalForm
    title = "Doel toevoegen"
    anchor = "plan"
    success_message = "Het doel is toegevoegd."

    service = ServiceCall(services.goal_add, on="dossier", fields=("life_domain", "description"))


class GoalStatusView(_ChangeView):
    form_class = forms.GoalStatusForm
    title = "Status van een doel"
    anchor = "plan"
    success_message = "De status van het doel is gewijzigd."

    def get_initial(self):
        self.goal = get_object_or_404(Goal, pk=self.kwargs["goal_id"], dossier=self.dossier)
        return {"status": self.goal.status}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "subject": f"{self.goal.get_life_domain_display()}: {self.goal.description}",
        }

    service = ServiceCall(services.goal_set_status, on="goal", fields=("status",))


class ActionAddView(_ChangeView):
    form_class = forms.ActionForm
    title = "Actie toevoegen"
    anchor = "plan"
    success_message = "De actie is toegevoegd."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dossier": self.dossier}

    service = ServiceCall(
        services.action_add,
        on="dossier",
        fields=("description", "owner_organisation", "contact_person", "due_date", "goal"),
    )


class ActionStatusView(_ChangeView):
    form_class = forms.ActionStatusForm
    title = "Status van een actie"
    anchor = "plan"
    success_message = "De status van de actie is gewijzigd."

    def get_initial(self):
        self.action = get_object_or_404(Action, pk=self.kwargs["action_id"], dossier=self.dossier)
        return {"status": self.action.status, "note": self.action.status_note}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "subject": self.action.description}

    service = ServiceCall(services.action_set_status, on="action", fields=("status", "note"))


class PlanAgreeView(_ChangeView):
    form_class = forms.ConfirmForm
    title = "Plan van aanpak vaststellen"
    intro = (
        "Leg vast dat het plan zoals het nu is, is afgesproken. Deze versie blijft te bekijken, "
        "ook als het plan later verandert."
    )
    submit_label = "Plan vaststellen"
    anchor = "plan"
    success_message = "Het plan van aanpak is vastgesteld."

    service = ServiceCall(services.plan_agree, on="dossier")


class ContactAddView(_ChangeView):
    form_class = forms.ContactForm
    title = "Contact vastleggen"
    anchor = "contacten"
    success_message = "Het contact is vastgelegd."

    service = ServiceCall(services.contact_add, on="dossier", fields=("contact_on", "with_whom", "method", "summary"))


class EscalationRaiseView(_ChangeView):
    form_class = forms.EscalationForm
    title = "Escaleren"
    intro = (
        "Een partner levert niet wat is afgesproken: leg vast aan wie u escaleert en waarom. "
        "De triagevoorzitters zien open escalaties."
    )
    anchor = "escalaties"
    success_message = "De escalatie is vastgelegd."

    service = ServiceCall(services.escalation_raise, on="dossier", fields=("to_whom", "reason"))


class EscalationAnswerView(_ChangeView):
    form_class = forms.EscalationAnswerForm
    title = "Antwoord op een escalatie"
    anchor = "escalaties"
    success_message = "Het antwoord is vastgelegd."

    def get_initial(self):
        self.escalation = get_object_or_404(Escalation, pk=self.kwargs["escalation_id"], dossier=self.dossier)
        return {}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "subject": f"Escalatie aan {self.escalation.to_whom}"}

    service = ServiceCall(services.escalation_answer, on="escalation", fields=("answer",))


class CloseView(_ChangeView):
    form_class = forms.CloseForm
    title = "Dossier afsluiten"
    intro = (
        "Na afsluiten is het dossier alleen nog te lezen. De casus krijgt de status 'afgesloten' en de melder "
        "krijgt bericht (zonder persoonsgegevens)."
    )
    submit_label = "Dossier afsluiten"
    anchor = "afsluiten"
    success_message = "Het dossier is afgesloten."

    service = ServiceCall(
        services.dossier_close, on="dossier", fields=("reason", "explanation", "evaluation", "monitoring_date")
    )


class MonitoringDoneView(_ChangeView):
    form_class = forms.MonitoringDoneForm
    title = "Monitoring afronden zonder heropenen"
    anchor = "afsluiten"
    success_message = "De monitoring is afgerond; het dossier blijft afgesloten."

    service = ServiceCall(services.dossier_monitoring_complete, on="dossier", fields=("note",))


class ReopenView(_ChangeView):
    form_class = forms.ReopenForm
    title = "Dossier heropenen"
    anchor = "afsluiten"
    submit_label = "Dossier heropenen"
    success_message = "Het dossier is heropend."

    service = ServiceCall(services.dossier_reopen, on="dossier", fields=("reason",))


class ReassignView(_ChangeView):
    """A chair gives the dossier to another procesregisseur."""

    form_class = forms.ReassignForm
    title = "Dossier toewijzen aan een andere procesregisseur"
    intro = "De nieuwe procesregisseur krijgt een e-mail; de huidige verliest de toegang tot het dossier."
    submit_label = "Toewijzen"
    success_message = "Het dossier is aan de nieuwe procesregisseur toegewezen."

    def find_dossier(self, request):
        return dossier_for_reassigning(user=request.user, casus_id=self.kwargs["casus_id"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back_url": reverse("pga:all_dossiers")}

    def after_success_url(self) -> str:
        return reverse("pga:all_dossiers")

    service = ServiceCall(services.dossier_reassign, on="dossier", fields={"to": "procesregisseur", "reason": "reason"})


class ProgressView(_ChangeView):
    form_class = forms.ProgressForm
    template_name = "pga/progress_form.html"
    title = "Zelfredzaamheid per leefgebied scoren"
    intro = "Scoor de leefgebieden die in deze aanpak spelen, elk met een korte onderbouwing."
    anchor = "voortgang"
    success_message = "De scores zijn vastgelegd."

    def get_form_kwargs(self):
        self.instrument = active_instrument()
        if self.instrument is None:
            raise Http404("Er is geen actief zelfredzaamheidsinstrument.")
        return {**super().get_form_kwargs(), "instrument": self.instrument}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "instrument": self.instrument}

    service = ServiceCall(services.progress_record, on="dossier", fields=("moment",))

    def service_extra(self, form):
        return {"scores": form.scores()}


# --- documents ------------------------------------------------------------------------------------------


class SummaryPdfView(_ReadMixin, View):
    """The dossier summary as a PDF; printing it is audited."""

    page = "pga_samenvatting"
    audit_action = AuditAction.PRINT

    def get(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        content = render_pdf(
            "pga/pdf/samenvatting.html",
            {
                "page": dossier_page(dossier),
                "decision": decision_for_summary(dossier=dossier, user=request.user),
                "dossier": dossier,
                "casus": dossier.casus,
            },
        )
        return pdf_response(content, filename=f"pga-samenvatting-{dossier.casus.reference}.pdf")


class InformationLetterPdfView(_ReadMixin, View):
    """The WGS information letter for one betrokkene of the dossier: nothing about the others."""

    page = "pga_informatiebrief"
    audit_action = AuditAction.PRINT

    def get(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        betrokkene = get_object_or_404(Betrokkene, pk=self.kwargs["betrokkene_id"], casus_id=dossier.casus_id)
        content = render_pdf(
            "pga/pdf/informatiebrief.html",
            {
                "dossier": dossier,
                "casus": dossier.casus,
                "betrokkene": betrokkene,
                "today": timezone.localdate(),
                "contact_phone": settings.ZVH_CONTACT_PHONE,
                "contact_email": settings.ZVH_CONTACT_EMAIL,
                "contact_address": settings.ZVH_CONTACT_ADDRESS,
            },
        )
        return pdf_response(content, filename=f"informatiebrief-{dossier.casus.reference}-{betrokkene.pk}.pdf")


# --- casusoverleg --------------------------------------------------------------------------------------


def overleg_page_url(overleg: Casusoverleg) -> str:
    return reverse("pga:overleg", kwargs={"casus_id": overleg.dossier.casus_id, "number": overleg.number})


class OverlegView(LoginRequiredMixin, TemplateView):
    """One casusoverleg: for the procesregisseur the participants and their answers with the actions;
    for an invited partner the invitation and their answer."""

    template_name = "pga/overleg.html"

    def get_page(self):
        try:
            return overleg_for_reading(
                user=self.request.user, casus_id=self.kwargs["casus_id"], number=self.kwargs["number"]
            )
        except Casusoverleg.DoesNotExist:
            raise Http404("Dit casusoverleg bestaat niet of u heeft er geen toegang toe.") from None

    def get_context_data(self, **kwargs):
        page = kwargs.pop("page", None) or self.get_page()
        overleg = page.overleg
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "overleg": overleg,
            "dossier": overleg.dossier,
            "casus": overleg.dossier.casus,
            "can_change": page.full and is_changeable_by(overleg.dossier, user) and overleg.status in OVERLEG_OPEN,
            "can_follow_up": page.full
            and is_changeable_by(overleg.dossier, user)
            and overleg.status != OverlegStatus.GEANNULEERD,
            "answer_form": kwargs.get("answer_form") or forms.OverlegAnswerForm(),
            "can_answer": bool(page.own_contacts)
            and overleg.status == OverlegStatus.UITGENODIGD
            and overleg.date >= timezone.localdate(),
            "can_correct": page.full
            and is_changeable_by(overleg.dossier, user)
            and overleg.status == OverlegStatus.GEHOUDEN,
            "can_record": page.full
            and is_changeable_by(overleg.dossier, user)
            and overleg.status == OverlegStatus.UITGENODIGD
            and overleg.date <= timezone.localdate(),
        }

    def post(self, request, *args, **kwargs):
        """A partner's answer to the invitation (the own contact-person row of this meeting)."""
        page = self.get_page()
        form = forms.OverlegAnswerForm(request.POST)
        if not page.own_contacts:
            raise Http404("U bent niet uitgenodigd voor dit casusoverleg.")
        if form.is_valid():
            try:
                for contact in page.own_contacts:
                    services.overleg_answer(
                        contact=contact,
                        response=form.cleaned_data["response"],
                        reason=form.cleaned_data["reason"],
                        by=request.user,
                    )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Uw antwoord is opgeslagen.")
                return HttpResponseRedirect(overleg_page_url(page.overleg))
        return self.render_to_response(self.get_context_data(page=page, answer_form=form))


class OverlegPlanView(_ChangeView):
    form_class = forms.OverlegPlanForm
    title = "Casusoverleg plannen"
    intro = "Het eerste casusoverleg neemt de deelnemende organisaties over uit het besluit van de Integrale Triage."
    anchor = "casusoverleg"
    success_message = "Het casusoverleg is gepland. Voeg de contactpersonen toe en verstuur de uitnodigingen."

    service = ServiceCall(services.overleg_plan, on="dossier", fields=ALL_FIELDS, keep_as="overleg")

    def after_success_url(self) -> str:
        return overleg_page_url(self.overleg)


class _OverlegChangeView(_ChangeView):
    """A change to one casusoverleg of the procesregisseur's dossier."""

    anchor = "casusoverleg"

    def find_dossier(self, request) -> PgaDossier:
        dossier = super().find_dossier(request)
        self.overleg = get_object_or_404(Casusoverleg, dossier=dossier, number=self.kwargs["number"])
        return dossier

    def after_success_url(self) -> str:
        return overleg_page_url(self.overleg)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "back_url": overleg_page_url(self.overleg),
            "back_label": f"Terug naar {self.overleg}",
            "subject": str(self.overleg),
        }


class OverlegUpdateView(_OverlegChangeView):
    form_class = forms.OverlegPlanForm
    title = "Casusoverleg wijzigen"
    intro = "Zijn de uitnodigingen al verstuurd, dan krijgt iedere deelnemer de gewijzigde uitnodiging."
    success_message = "Het casusoverleg is gewijzigd."

    def get_initial(self):
        o = self.overleg
        return {
            "date": o.date,
            "starts_at": o.starts_at,
            "ends_at": o.ends_at,
            "place": o.place,
            "online_link": o.online_link,
            "agenda": o.agenda,
        }

    service = ServiceCall(services.overleg_update, on="overleg", fields=ALL_FIELDS)


class OverlegFollowupView(_OverlegChangeView):
    form_class = forms.OverlegPlanForm
    title = "Vervolgoverleg plannen"
    intro = "Met dezelfde plaats, link, organisaties en contactpersonen; u kiest de nieuwe datum."
    success_message = "Het vervolgoverleg is gepland."

    def get_initial(self):
        o = self.overleg
        return {
            "starts_at": o.starts_at,
            "ends_at": o.ends_at,
            "place": o.place,
            "online_link": o.online_link,
            "agenda": o.agenda,
        }

    service = ServiceCall(
        services.overleg_plan_followup, on="overleg", on_as="previous", fields=ALL_FIELDS, keep_as="overleg"
    )


class OverlegOrganisationView(_OverlegChangeView):
    form_class = forms.OverlegOrganisationForm
    title = "Organisatie toevoegen"
    intro = "Een incidentele deelnemer heeft altijd een grondslag en een toelichting nodig."
    success_message = "De organisatie is toegevoegd."

    service = ServiceCall(services.overleg_add_organisation, on="overleg", fields=ALL_FIELDS)


class _ParticipantChangeView(_OverlegChangeView):
    """A change to one participating organisation of the meeting (404 for one of another meeting)."""

    def find_dossier(self, request) -> PgaDossier:
        dossier = super().find_dossier(request)
        self.participant = get_object_or_404(
            OverlegParticipant.objects.select_related("organisation"),
            pk=self.kwargs["participant_id"],
            overleg=self.overleg,
        )
        return dossier

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "subject": self.participant.organisation.name}


class OverlegContactView(_ParticipantChangeView):
    form_class = forms.OverlegContactForm
    title = "Contactpersoon toevoegen"
    intro = (
        "Kies een ketenpartner van de organisatie. Heeft de organisatie geen gebruikers, geef dan een naam "
        "en een e-mailadres: die worden alleen voor de uitnodiging gebruikt."
    )
    success_message = "De contactpersoon is toegevoegd."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.participant.organisation}

    service = ServiceCall(services.overleg_add_contact, on="participant", fields=ALL_FIELDS)


class OverlegRemoveOrganisationView(_ParticipantChangeView):
    form_class = forms.OverlegCancelForm
    title = "Organisatie verwijderen uit het casusoverleg"
    success_message = "De organisatie neemt niet meer deel."

    service = ServiceCall(services.overleg_remove_organisation, on="participant", fields=("reason",))


class OverlegMinutesView(_OverlegChangeView):
    """The procesregisseur records the held meeting: attendance, minutes per agenda point, agreements."""

    form_class = forms.OverlegMinutesForm
    title = "Verslag van het casusoverleg vastleggen"
    intro = (
        "De afspraken worden acties in het plan van aanpak. De notulen lezen alleen de organisaties die "
        "aanwezig waren, in de applicatie; zij krijgen een bericht dat er notulen klaarstaan."
    )
    submit_label = "Verslag vastleggen"
    success_message = "Het verslag is vastgelegd."

    def get_form_kwargs(self):
        contacts = OverlegContact.objects.filter(participant__overleg=self.overleg).select_related(
            "user", "participant__organisation"
        )
        return {**super().get_form_kwargs(), "contacts": contacts, "points": agenda_points(self.overleg)}

    service = ServiceCall(services.overleg_record_meeting, on="overleg")

    def service_extra(self, form):
        return {
            "attended": [int(pk) for pk in form.cleaned_data["attended"]],
            "minutes": form.minutes(),
            "agreements": [Agreement(*row) for row in form.agreements()],
        }


class OverlegCorrectMinutesView(_OverlegChangeView):
    """The procesregisseur corrects recorded minutes; the replaced text stays readable as an earlier version."""

    form_class = forms.OverlegCorrectMinutesForm
    title = "Notulen corrigeren"
    intro = (
        "Wie de notulen leest, ziet ook de vorige tekst met de reden van de correctie. De aanwezigen met een "
        "account krijgen een bericht dat de notulen zijn gecorrigeerd. Afspraken wijzigt u in het plan van aanpak."
    )
    submit_label = "Correctie opslaan"
    success_message = "De notulen zijn gecorrigeerd."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "points": agenda_points(self.overleg)}

    def get_initial(self):
        current = dict(self.overleg.minutes.values_list("agenda_point", "summary"))
        return {f"summary_{index}": current.get(point, "") for index, point in enumerate(agenda_points(self.overleg))}

    service = ServiceCall(services.overleg_correct_minutes, on="overleg", fields=("reason",))

    def service_extra(self, form):
        return {"minutes": form.minutes()}


class OverlegCancelView(_OverlegChangeView):
    form_class = forms.OverlegCancelForm
    title = "Casusoverleg annuleren"
    intro = (
        "Iedere uitgenodigde krijgt een annulering die de afspraak uit de agenda haalt. "
        "De reden staat alleen in het dossier."
    )
    submit_label = "Annuleren en afmelden"
    success_message = "Het casusoverleg is geannuleerd."

    service = ServiceCall(services.overleg_cancel, on="overleg", fields=("reason",))


class _OverlegButtonView(LoginRequiredMixin, View):
    """A POST-only button on the casusoverleg page."""

    def post(self, request, *args, **kwargs):
        try:
            dossier = dossier_for_changing(
                user=request.user, casus_id=kwargs["casus_id"], page="casusoverleg", audit_read=False
            )
        except PgaDossier.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        overleg = get_object_or_404(Casusoverleg, dossier=dossier, number=kwargs["number"])
        try:
            messages.success(request, self.perform(overleg, request.user))
        except ServiceError as error:
            messages.error(request, str(error))
        return HttpResponseRedirect(overleg_page_url(overleg))


class OverlegInviteView(_OverlegButtonView):
    def perform(self, overleg, user) -> str:
        sent = services.overleg_send_invitations(overleg=overleg, by=user)
        return f"Uitnodigingen verstuurd: {sent}."


class OverlegChaseView(_OverlegButtonView):
    def perform(self, overleg, user) -> str:
        sent = services.overleg_chase(overleg=overleg, by=user)
        return f"Gevraagd te antwoorden: {sent}."


class OverlegAnswerLinkView(TemplateView):
    """A contact without an account answers the invitation through the signed link in the mail: no login.

    GET only shows the invitation and the form (mail scanners open links); the answer is a POST. A forged,
    expired or outdated link gets a page that says so (404). ``pga.answer_links`` has the rules.
    """

    template_name = "pga/overleg_answer_link.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.link = read_token(kwargs["token"])
            self.contact = contact_for_answer_link(self.link)
        except AnswerLinkRefused as error:
            response = self.render_to_response({"refused": str(error)}, status=404)
        else:
            response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"  # the page's address is the contact's key
        return response

    def get_context_data(self, **kwargs):
        overleg = self.contact.participant.overleg
        return {
            **super().get_context_data(**kwargs),
            "contact": self.contact,
            "overleg": overleg,
            "reference": overleg.dossier.casus.reference,
            "can_answer": overleg.status == OverlegStatus.UITGENODIGD and overleg.date >= timezone.localdate(),
            "answer_form": kwargs.get("answer_form") or forms.OverlegAnswerForm(),
        }

    def post(self, request, *args, **kwargs):
        form = forms.OverlegAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.overleg_answer_by_link(link=self.link, **form.cleaned_data)
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Uw antwoord is opgeslagen. U kunt het met deze link nog wijzigen.")
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(answer_form=form))


# --- the partners' portal ----------------------------------------------------------------------------


class PartnerDossiersView(RoleRequiredMixin, AuditedListMixin, ListView):
    """The ketenpartner's dossiers: those their organisation takes part in while they run."""

    required_roles = (Role.KETENPARTNER,)
    template_name = "pga/partner_dossiers.html"
    context_object_name = "dossiers"
    audit_page = "partner_pga_dossiers"
    audit_id_attr = "casus_id"
    paginate_by = 25

    def get_queryset(self):
        return partner_dossiers(self.request.user)


class PartnerDossierView(LoginRequiredMixin, TemplateView):
    template_name = "pga/partner_dossier.html"

    def get_context_data(self, **kwargs):
        try:
            page = partner_dossier(user=self.request.user, casus_id=self.kwargs["casus_id"])
        except PgaDossier.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        return {**super().get_context_data(**kwargs), "page": page, "casus": page.dossier.casus}


class ActionReportView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A ketenpartner reports back on an action of their own organisation."""

    template_name = "pga/form.html"
    form_class = forms.ActionReportForm
    success_message = "Uw terugmelding is opgeslagen."

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.action = own_action(user=request.user, casus_id=kwargs["casus_id"], action_id=kwargs["action_id"])
        except Action.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        return super().dispatch(request, *args, **kwargs)

    service = ServiceCall(services.action_report, on="action", fields=ALL_FIELDS)

    def after_success_url(self) -> str:
        return reverse("pga:partner_dossier", kwargs={"casus_id": self.action.dossier.casus_id})

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "casus": self.action.dossier.casus,
            "title": "Actie terugmelden",
            "subject": f"{self.action.description} (uiterlijk {self.action.due_date:%d-%m-%Y})",
            "submit_label": "Terugmelden",
            "back_url": self.after_success_url(),
        }
