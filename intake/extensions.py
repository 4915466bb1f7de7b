"""Where the apps above intake plug in, so that intake names none of them (docs/architecture.md).

intake sits below triage and pga, yet three of its rules must reach their data:

* **who sees a case**: a procesregisseur sees the cases of the PGA dossiers they run, which is
  pga's data (``register_case_visibility``; read by ``intake.selectors.visible_cases_q``);
* **erasure**: deleting a registration must reach every row about it, also those of later
  steps (``register_erasure``; read by ``intake.services.erasure``, whose test demands that
  every relation to a casus is registered somewhere);
* **the case page** shows what later steps decided (``register_case_section``; read by
  ``intake.views.casus.CasusDetailView``);
* **holding back the system's deletions**: a deletion the system starts on its own (triage's
  deletion after a rejection) first asks whether a later step keeps the case for now, such as
  the retention policy's period or an extension of it (``register_erasure_hold``; read by
  ``erasure_held``). A melder discarding a concept is not asked: that is the melder's choice;
* **"Mijn aanmeldingen"** gives each row a short note of a later step, such as the PGA that
  started and who runs it (``register_overview_note``; read by ``intake.views.casus.MyCasesView``);
* **before erasure** a later app takes what it must keep from the case as it still is, such as
  the anonymous facts of the reports (``register_before_erasure``; called by
  ``intake.services.erasure`` inside its transaction, before anything is deleted).

Each app registers in its ``AppConfig.ready``; a second registration of the same thing is
ignored, so a repeated ``ready`` changes nothing.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

# --- who sees a case --------------------------------------------------------------------------------

_visibility: list[Callable[..., Q]] = []


def register_case_visibility(rule: Callable[..., Q]) -> None:
    """``rule(user) -> Q`` over Casus: the cases a later step lets ``user`` see (Q(pk__in=[]) for none).

    The Q must not join to many rows per casus (use ``Exists`` or ``pk__in`` a subquery then):
    the case lists read it without DISTINCT (``intake.selectors.cases_visible_to``).
    """
    if rule not in _visibility:
        _visibility.append(rule)


def registered_visibility(user) -> list[Q]:
    return [rule(user) for rule in _visibility]


# --- erasure -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FurtherBlanked:
    """Rows that reach a casus through another row (a triage decision through its agenda item).

    ``model`` with ``casus_lookup`` (for example ``"item__casus"``) finds the rows of one casus;
    they stay as the anonymous record with ``texts`` emptied, counted under ``key``.
    """

    model: type
    casus_lookup: str
    key: str
    texts: Mapping[str, object]


@dataclass(frozen=True)
class ErasureRelations:
    """Reverse relations of Casus and what an erasure does with their rows.

    deleted: relation -> the key of its count in the audit entry (Dutch, counts only).
    blanked: relation -> (key of the count, {field: its empty value}): rows that stay as the
    anonymous record with their texts emptied.
    kept: relations whose rows stay as they are (they hold no personal data of a betrokkene).
    further: rows one step or more away from the casus whose texts are emptied.
    """

    deleted: Mapping[str, str] = field(default_factory=dict)
    blanked: Mapping[str, tuple[str, Mapping[str, object]]] = field(default_factory=dict)
    kept: frozenset[str] = frozenset()
    further: tuple[FurtherBlanked, ...] = ()


_erasure: list[ErasureRelations] = []


def register_erasure(relations: ErasureRelations) -> None:
    if relations not in _erasure:
        _erasure.append(relations)


def registered_erasure() -> list[ErasureRelations]:
    return list(_erasure)


_holds: list[Callable[..., bool]] = []


def register_erasure_hold(rule: Callable[..., bool]) -> None:
    """``rule(casus) -> bool``: True while a later step keeps ``casus`` from the system's deletion."""
    if rule not in _holds:
        _holds.append(rule)


def erasure_held(casus) -> bool:
    """Whether any registered step keeps ``casus`` for now (no step registered: nothing is held)."""
    return any(rule(casus) for rule in _holds)


# --- before erasure --------------------------------------------------------------------------------

_before_erasure: list[Callable[..., None]] = []


def register_before_erasure(hook: Callable[..., None]) -> None:
    """``hook(*, casus)``: called with the locked casus, in the erasure's transaction, before any row goes.

    For copies that must hold no personal data and outlive the case (the reports' facts): the
    hook reads what erasure is about to delete. A hook that fails makes the erasure fail, so
    nothing is deleted that was not first recorded.
    """
    if hook not in _before_erasure:
        _before_erasure.append(hook)


def before_erasure(*, casus) -> None:
    for hook in _before_erasure:
        hook(casus=casus)


# --- the case page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseSection:
    """One block on the case page: a template and what it shows (``section`` in that template)."""

    template: str
    context: Mapping[str, object]


_sections: list[Callable[..., CaseSection | None]] = []


def register_case_section(builder: Callable[..., CaseSection | None]) -> None:
    """``builder(*, casus, user, page) -> CaseSection | None``; None when it has nothing for this user.

    ``page`` names the page the case is shown on ("casus", or "screening" when the chair screens
    it there), so a section can leave out the link to the page the user is already on.
    """
    if builder not in _sections:
        _sections.append(builder)


def case_sections(*, casus, user, page: str) -> list[CaseSection]:
    """The sections of every registered app for this user, in registration (app) order."""
    built = (builder(casus=casus, user=user, page=page) for builder in _sections)
    return [section for section in built if section is not None]


# --- "Mijn aanmeldingen" ---------------------------------------------------------------------------

_overview_notes: list[Callable[..., Mapping[object, str]]] = []


def register_overview_note(provider: Callable[..., Mapping[object, str]]) -> None:
    """``provider(*, cases, user) -> {casus pk: note}``: one short Dutch line per case it has news on.

    ``cases`` is the page shown; the provider reads what it needs for all of them in one query, so
    the list costs the same number of queries for 1 row as for 25. It applies its own need-to-know:
    ``user`` only sees notes on what is theirs to read.
    """
    if provider not in _overview_notes:
        _overview_notes.append(provider)


def overview_notes(*, cases, user) -> dict[object, list[str]]:
    """The notes of every registered app per casus pk, in registration (app) order."""
    notes: dict[object, list[str]] = {}
    if not cases:
        return notes
    for provider in _overview_notes:
        for casus_pk, note in provider(cases=cases, user=user).items():
            notes.setdefault(casus_pk, []).append(note)
    return notes
