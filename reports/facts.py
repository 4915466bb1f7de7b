"""Keeping the anonymous facts current (docs/decisions.md, "Reports on anonymous facts").

Two ways in, one mechanism:

* ``facts_refresh`` brings the facts of every case that changed since the last refresh up to
  date. A worker runs it: every five minutes (the beat task ``reports.refresh_facts``) and as
  soon as the report page asks (``facts_ask_refresh``). A case counts as changed when it has no
  facts yet, or when its row, its status history, a screening, an agenda item, a triage
  decision, a check, a mail about it or its PGA timeline has a moment since the last refresh
  minus ``OVERLAP`` (a transaction that was still open then is caught the next time).
* ``facts_snapshot`` takes the facts of one case just before erasure deletes its checks and
  dossier (``intake.extensions.register_before_erasure``) and freezes them: a frozen case is
  never refreshed again, so deleting a case changes no figure.

Both work in the database, in a fixed number of queries whatever the number of cases: per fact
table one DELETE of the changed cases' rows and one ``INSERT ... SELECT`` that computes the new
rows from the case tables. Only dates, states, categories, organisations, municipalities,
procesregisseurs and durations are selected; never a text.

The report page itself does not write (issue 16: a page costs at most 12 queries, and a refresh
is a dozen statements on its own). It reads ``facts_state``: when the facts were last brought up
to date and whether a case changed since; if one did, it asks a worker for a refresh and says
so, and a reload a moment later counts the change.
"""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Betrokkene, Casus, PreCheck, StatusChange
from pga.constants import ActionStatus, InformingKind, InformingStatus
from pga.models import Action, DossierEvent, InformingStep
from triage.constants import DecisionOutcome
from triage.models import AgendaItem, Bekendheidscheck, ScreeningDecision, TriageDecision
from triage.services.verrijking import REMINDER_KEY_PREFIX
from zvh.mail.models import OutgoingMail

from .models import ActionFact, AgendaFact, CaseFact, CheckFact, FactRefresh, ScreeningFact

#: How far back a refresh looks before the previous one started, for transactions still open then.
OVERLAP = datetime.timedelta(minutes=10)

#: Per fact model, the field that holds the id of the row it describes (unique).
KEYS = {
    CaseFact: "casus_id",
    ScreeningFact: "decision_id",
    AgendaFact: "item_id",
    CheckFact: "check_id",
    ActionFact: "action_id",
}


def _first(queryset: QuerySet, field: str, order: str = "pk") -> Subquery:
    return Subquery(queryset.order_by(order, "pk").values(field)[:1])


def _duration(later, earlier) -> ExpressionWrapper:
    return ExpressionWrapper(later - earlier, output_field=DurationField())


def _case_columns(cases: QuerySet, *, freeze: bool) -> QuerySet:
    """The CaseFact columns of ``cases``, one row a case, as annotations named after the fact's fields."""
    own = OuterRef("pk")
    decided = TriageDecision.objects.filter(
        item__casus=own, outcome__in=(DecisionOutcome.PGA, DecisionOutcome.GEEN_PGA)
    )
    agreed = InformingStep.objects.filter(dossier__casus=own, kind=InformingKind.AFSPRAAK)
    informed = InformingStep.objects.filter(dossier__casus=own, kind=InformingKind.GEINFORMEERD)
    moments = cases.annotate(
        m_screened=_first(ScreeningDecision.objects.filter(casus=own), "decided_at", "decided_at"),
        m_decided=_first(decided, "decided_at", "decided_at"),
        m_informed=_first(informed, "recorded_at", "recorded_at"),
    )
    return moments.annotate(
        casus_id=F("pk"),
        organisation_kind=F("organisation__kind"),
        municipality_id=Coalesce(
            _first(Betrokkene.objects.filter(casus=own, municipality__isnull=False), "municipality_id"),
            _first(PreCheck.objects.filter(casus=own), "municipality_id"),
        ),
        precheck_positive=_first(PreCheck.objects.filter(casus=own), "advice_positive"),
        screened_at=F("m_screened"),
        triage_decided_at=F("m_decided"),
        triage_outcome=Coalesce(_first(decided, "outcome", "decided_at"), Value("")),
        pga_started_at=F("pga_dossier__started_at"),
        pga_closed_at=F("pga_dossier__closed_at"),
        procesregisseur_id=F("pga_dossier__procesregisseur_id"),
        informed_at=F("m_informed"),
        informing_status=Coalesce(F("pga_dossier__informing_status"), Value("")),
        informing_due=Case(
            When(
                pga_dossier__informing_status=InformingStatus.UITGESTELD,
                then=F("pga_dossier__informing_review_date"),
            ),
            When(
                pga_dossier__informing_status=InformingStatus.AFGESPROKEN,
                then=_first(agreed, "planned_date", "-recorded_at"),
            ),
        ),
        to_screening=_duration(F("m_screened"), F("submitted_at")),
        to_triage=_duration(F("m_decided"), F("submitted_at")),
        to_pga=_duration(F("pga_dossier__started_at"), F("submitted_at")),
        pga_duration=_duration(F("pga_dossier__closed_at"), F("pga_dossier__started_at")),
        to_informed=_duration(F("m_informed"), F("pga_dossier__started_at")),
        frozen=Case(
            When(status=CasusStatus.VERWIJDERD, then=Value(True)), default=Value(freeze), output_field=BooleanField()
        ),
    )


def _reminders() -> Coalesce:
    """How many reminder mails a check's partner got (their keys: REMINDER_KEY_PREFIX:<check id>:<stage>)."""
    prefix = Concat(Value(f"{REMINDER_KEY_PREFIX}:"), Cast(OuterRef("pk"), CharField()), Value(":"))
    count = (
        OutgoingMail.objects.filter(key__startswith=prefix)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def _sources(changed: QuerySet, *, freeze: bool) -> dict[type, QuerySet]:
    """Per fact model: the rows of the changed cases, annotated with every field the fact has."""
    return {
        CaseFact: _case_columns(Casus.objects.filter(pk__in=changed), freeze=freeze),
        ScreeningFact: ScreeningDecision.objects.filter(casus__in=changed).annotate(decision_id=F("pk")),
        AgendaFact: AgendaItem.objects.filter(casus__in=changed).annotate(
            item_id=F("pk"),
            meeting_date=F("meeting__date"),
            had_slot=ExpressionWrapper(Q(position__isnull=False), output_field=BooleanField()),
            decision_outcome=Coalesce(F("decision__outcome"), Value("")),
        ),
        CheckFact: Bekendheidscheck.objects.filter(casus__in=changed).annotate(
            check_id=F("pk"),
            response_time=_duration(F("answered_at"), F("requested_at")),
            reminders=_reminders(),
        ),
        ActionFact: Action.objects.filter(dossier__casus__in=changed).annotate(
            action_id=F("pk"),
            casus_id=F("dossier__casus_id"),
            organisation_id=F("owner_organisation_id"),
            done_on=Case(
                When(status=ActionStatus.GEDAAN, then=TruncDate(Coalesce("reported_at", "updated_at"))),
            ),
        ),
    }


def _insert_select(model: type, source: QuerySet) -> None:
    """INSERT the fact rows ``source`` computes, in one statement, skipping cases that already have facts again.

    ``source`` names every column of the fact (except its own id) as a field or an annotation.
    Each is selected under an alias ("f_<name>"), so the outer SELECT can pick them by name
    whatever order the ORM puts them in.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    named = source.filter(~Exists(model.objects.filter(**{KEYS[model]: OuterRef("pk")})))
    aliases = {f"f_{f.attname}": F(f.attname) for f in fields}
    selected = named.annotate(**aliases).values(*aliases)
    sql, params = selected.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    picked = ", ".join(f"q.{quote('f_' + f.attname)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT {picked} FROM ({sql}) q", params)


def _rewrite(changed: QuerySet, *, freeze: bool) -> None:
    for model, source in _sources(changed, freeze=freeze).items():
        model.objects.filter(casus_id__in=changed).delete()
        _insert_select(model, source)


def _changes_since(since: datetime.datetime) -> list[tuple[QuerySet, str, str]]:
    """Each source of change as (its rows with a moment since ``since``, case lookup, the row's case field).

    A case row of a submitted case saved, a status change, a screening, an agenda item bound, a
    triage decision, a check asked, answered or its information given, a mail about the case (the
    checks' reminders), or a step on its PGA timeline (every PGA service writes one). Each moment
    has an index (issue 16), so "did anything change" is a few index probes, not a scan of every
    table.
    """
    checks = Bekendheidscheck.objects.filter(
        Q(requested_at__gte=since) | Q(answered_at__gte=since) | Q(info_requested_at__gte=since)
        | Q(info_provided_at__gte=since)
    )  # fmt: skip
    return [
        (Casus.objects.filter(updated_at__gte=since, submitted_at__isnull=False), "pk__in", "pk"),
        (StatusChange.objects.filter(at__gte=since), "pk__in", "casus_id"),
        (ScreeningDecision.objects.filter(decided_at__gte=since), "pk__in", "casus_id"),
        (AgendaItem.objects.filter(bound_at__gte=since), "pk__in", "casus_id"),
        (TriageDecision.objects.filter(decided_at__gte=since), "pk__in", "item__casus_id"),
        (checks, "pk__in", "casus_id"),
        (OutgoingMail.objects.filter(created_at__gte=since).exclude(case_reference=""), "reference__in",
         "case_reference"),
        (DossierEvent.objects.filter(at__gte=since), "pk__in", "dossier__casus_id"),
    ]  # fmt: skip


def changed_cases(since: datetime.datetime | None) -> QuerySet:
    """The submitted, unfrozen cases whose facts may be out of date (all of them when ``since`` is None).

    A case without facts yet, or with a change since ``since`` (``_changes_since``). Each source
    is a set of case ids that the database computes once (not a probe per case).
    """
    cases = Casus.objects.filter(submitted_at__isnull=False).exclude(
        pk__in=CaseFact.objects.filter(frozen=True).values("casus_id")
    )
    if since is not None:
        changed = ~Q(pk__in=CaseFact.objects.values("casus_id"))
        for rows, lookup, field in _changes_since(since):
            changed |= Q(**{lookup: rows.values(field)})
        cases = cases.filter(changed)
    return cases.values("pk")


def _anything_changed(since: datetime.datetime) -> bool:
    """Whether any source has a change since ``since``: one query of index probes, for the report page.

    Not ``changed_cases(since).exists()``: that scans every case (to find those without facts)
    and took a quarter of a second at 100,000 cases. A submitted case without facts always has
    a change of its own (its submission), and one missed anyway is counted by the beat task.
    """
    any_source = reduce(operator.or_, (Exists(rows) for rows, _, _ in _changes_since(since)))
    return FactRefresh.objects.filter(pk=1).filter(any_source).exists()


def _lock_state() -> FactRefresh:
    """Lock the one refresh row (made the first time; get_or_create survives two first times at once).

    Every rewrite of facts holds it, the page's and the task's refreshes and the snapshot before an
    erasure, so two of them never delete and insert the facts of one case at the same time.
    """
    FactRefresh.objects.get_or_create(pk=1)
    return FactRefresh.objects.select_for_update().get(pk=1)


def facts_refresh(*, full: bool = False, asked_at: datetime.datetime | None = None) -> None:
    """Bring the facts of every changed case up to date (``full``: of every case), in a fixed number of queries.

    The refresh row is locked for the whole run, so two refreshes and an erasure's snapshot take
    turns. ``asked_at``: when the report page saw changes and asked for this run; a refresh that
    started since then has counted them already (it read after they were made), so this one does
    nothing. Many loads of the page before a worker gets to the first request thus cost one
    refresh, not one each.
    """
    with transaction.atomic():
        state = _lock_state()
        if asked_at is not None and state.started_at is not None and state.started_at >= asked_at:
            return
        started = timezone.now()
        since = None if full or state.started_at is None else state.started_at - OVERLAP
        changed = changed_cases(since)
        if changed.exists():  # the usual answer between two runs of the task: nothing
            _rewrite(changed, freeze=False)
        state.started_at = started
        state.save(update_fields=["started_at"])


@dataclass(frozen=True)
class FactsState:
    """What the report page says of its figures: when they were brought up to date, and whether a case changed since."""

    refreshed_at: datetime.datetime | None
    pending: bool


def facts_state() -> FactsState:
    """When the facts were last refreshed and whether a case changed since (two reads; never a write).

    "Since" is the last refresh's start itself, without ``OVERLAP``: a change the last refresh
    has counted is not pending again. A transaction still open when that refresh started, with
    a moment before it, is not seen here; the next run of the beat task, which does look back
    ``OVERLAP``, counts it.
    """
    refreshed_at = FactRefresh.objects.filter(pk=1).values_list("started_at", flat=True).first()
    if refreshed_at is None:
        return FactsState(refreshed_at=None, pending=True)
    return FactsState(refreshed_at=refreshed_at, pending=_anything_changed(refreshed_at))


def facts_state_asking() -> FactsState:
    """``facts_state`` for a page that shows the figures: a worker is asked to count what changed since."""
    state = facts_state()
    if state.pending:
        facts_ask_refresh()
    return state


def facts_ask_refresh() -> None:
    """Have a worker refresh the facts, once the caller's transaction commits (at once outside one).

    robust: a broker that is down must not turn the report page into an error page; the beat
    task refreshes the facts later.
    """
    from .tasks import refresh_facts  # the task module imports this one

    asked_at = timezone.now()
    transaction.on_commit(lambda: refresh_facts.delay(asked_at=asked_at.isoformat()), robust=True)


def facts_snapshot(*, casus: Casus) -> None:
    """Take and freeze the facts of ``casus`` as it is now; called by erasure before anything is deleted."""
    _lock_state()
    _rewrite(Casus.objects.filter(pk=casus.pk, submitted_at__isnull=False).values("pk"), freeze=True)
