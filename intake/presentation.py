"""How a casus is put into words for the melder: status sentences, status groups, masking.

The melder is not a ZVH insider: "in_verrijking" means nothing to a police officer. Each status
therefore has one short Dutch sentence saying what happens now, and the statuses are grouped
the way a melder thinks about their list: what needs me, what is running, what is done.
These live here (not in intake/constants.py) because they are presentation, not process: the
transition table decides what may happen, this module only says it in words.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.formats import date_format

from .constants import CasusStatus as S
from .constants import FeedbackKind, LifeDomain

# One sentence per status; "{date}" is replaced by the target triage date in words.
STATUS_SENTENCES: dict[S, str] = {
    S.CONCEPT: "Nog niet ingediend: maak de aanmelding af en dien haar in.",
    S.AANGEMELD: "Wacht op screening door het ZVH.",
    S.AANVULLING_GEVRAAGD: "Het ZVH heeft een vraag aan u.",
    S.AFGEWEZEN: "Niet geaccepteerd bij de screening; het ZVH laat u de reden weten.",
    S.IN_VERRIJKING: "Geaccepteerd; informatie wordt verzameld voor de triage.",
    S.GEAGENDEERD: "Op de agenda van de triage van {date}.",
    S.DOORGESCHOVEN: "Doorgeschoven naar de triage van {date}.",
    # Only between the decision and the closing of the meeting: the outcome comes with the closing.
    S.BESPROKEN_GEEN_PGA: "Besproken in de triage; u ontvangt de uitkomst na afloop van de triage.",
    S.PGA: "Besproken in de triage: het ZVH start een persoonsgerichte aanpak.",
    S.INGETROKKEN: "Ingetrokken door uw organisatie.",
    S.AFGESLOTEN: "Afgesloten door het ZVH.",
    S.VERWIJDERD: "Verwijderd.",
}
# Used when a sentence needs a date the casus does not have (yet).
NO_DATE_WORDS = "een volgende donderdag"


@dataclass(frozen=True)
class StatusGroup:
    key: str
    label: str
    statuses: frozenset[S]


# The melder's grouping of their list. Every status a melder can see is in exactly one group
# (VERWIJDERD is never shown: only an anonymous shell remains).
STATUS_GROUPS: tuple[StatusGroup, ...] = (
    StatusGroup("actie", "Actie nodig", frozenset({S.CONCEPT, S.AANVULLING_GEVRAAGD})),
    StatusGroup("lopend", "Lopend", frozenset({S.AANGEMELD, S.IN_VERRIJKING, S.GEAGENDEERD, S.DOORGESCHOVEN, S.PGA})),
    StatusGroup("afgerond", "Afgerond", frozenset({S.AFGEWEZEN, S.BESPROKEN_GEEN_PGA, S.INGETROKKEN, S.AFGESLOTEN})),
)
NEEDS_ACTION = STATUS_GROUPS[0].statuses


def date_in_words(value: datetime.date | None) -> str:
    """ "donderdag 10 december 2026", in the active language (Dutch)."""
    return date_format(value, "l j F Y") if value else NO_DATE_WORDS


def status_sentence(*, status: str, target_triage_date: datetime.date | None) -> str:
    return STATUS_SENTENCES[S(status)].format(date=date_in_words(target_triage_date))


def needs_action(status: str) -> bool:
    return S(status) in NEEDS_ACTION


def first_line(text: str, limit: int = 120) -> str:
    """The first non-empty line of a message, shortened: a list shows a hint, the page the whole."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def mask_bsn(bsn: str | None) -> str:
    """Only the last four digits: enough to tell two people apart, not enough to misuse.

    Decision: the full BSN is shown nowhere in the casus pages, not even to the chair; the
    melder typed it, and matching on it happens through the keyed hash, not through eyes.
    """
    if not bsn:
        return ""
    return "*" * (len(bsn) - 4) + bsn[-4:]


def life_domain_rows(life_domains: object) -> list[tuple[str, str]]:
    """(label, description) per life domain, in the order of LifeDomain; tolerant of old data.

    The registration form stores {domain: description}; a domain ticked without text (True)
    shows as "Ja". Unknown keys are shown as they are rather than silently dropped.
    """
    if not isinstance(life_domains, dict):
        return []
    order = {value: index for index, value in enumerate(LifeDomain.values)}
    rows = []
    for key in sorted(life_domains, key=lambda k: (order.get(k, len(order)), str(k))):
        value = life_domains[key]
        if value in (None, "", False, [], {}):
            continue
        label = LifeDomain(key).label if key in order else str(key)
        rows.append((label, "Ja" if value is True else str(value)))
    return rows


def _by_criterion(values: object, criterion) -> object:
    """A per-criterion value from JSON, keyed by criterion id (as the pre-check stores them)."""
    if not isinstance(values, dict):
        return None
    return values.get(str(criterion.pk), values.get(criterion.pk))


def criteria_rows(criteria, motivation: object) -> list[tuple[object, str]]:
    """(criterion, the melder's motivation) for every criterion of the set the casus used."""
    return [(criterion, str(_by_criterion(motivation, criterion) or "")) for criterion in criteria]


def precheck_rows(criteria, answers: object) -> list[tuple[object, str]]:
    """(criterion, "Ja"/"Nee"/"Niet beantwoord") as the melder answered the pre-check."""
    rows = []
    for criterion in criteria:
        answer = _by_criterion(answers, criterion)
        rows.append((criterion, ("Ja" if answer else "Nee") if isinstance(answer, bool) else "Niet beantwoord"))
    return rows


def decorate_overview_rows(cases, notes: Mapping[object, list[str]]) -> None:
    """Put the words of "Mijn aanmeldingen" on each row (the rows carry the selector's prefetches).

    Sets status_sentence, needs_action, has_open_request (the ZVH's open question, with
    `answerable` when the melder can answer it now), feedback_label with a one-line summary and
    the notes of later steps (``notes``, from ``intake.extensions.overview_notes``).
    """
    for casus in cases:
        casus.notes = notes.get(casus.pk, [])
        casus.status_sentence = status_sentence(status=casus.status, target_triage_date=casus.target_triage_date)
        casus.needs_action = needs_action(casus.status)
        casus.has_open_request = casus.open_question is not None
        casus.answerable = casus.has_open_request and casus.status == S.AANVULLING_GEVRAAGD
        casus.question_summary = first_line(casus.open_question) if casus.has_open_request else ""
        casus.feedback_label = FeedbackKind(casus.feedback_kind).label if casus.feedback_kind else ""
        casus.feedback_summary = first_line(casus.feedback_message) if casus.feedback_kind else ""
