"""The de-escalatiemodel: the documented rule, the chair's weighing and its page.

Model version 1 (migration triage 0002, fixture `weighing_model`): four dimensions with levels
0-3, threshold 7 of 12, one dimension at its highest level escalates.
"""

import pytest
from django.urls import reverse

from intake.constants import CasusStatus
from intake.tests.factories import CasusFactory
from participants.tests.factories import UserFactory
from triage import weighing as rule
from triage.models import Dimension, DimensionScore, Weighing, WeighingModel
from triage.selectors.weighing import weighing_models_with_levels
from triage.services.weighing import WEIGHING_MODELS, weighing_save
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db


# --- helpers (also used by test_dossier and test_weighing_admin) ---------------------------------------


def in_verrijking(**kwargs):
    return CasusFactory(submitted=True, status=kwargs.pop("status", CasusStatus.IN_VERRIJKING), **kwargs)


def prefetched(model: WeighingModel) -> WeighingModel:
    return weighing_models_with_levels().get(pk=model.pk)


def level_ids(model: WeighingModel, levels: list[int], motivation: str = "Zo ingeschat in het overleg.") -> dict:
    """weighing_save's scores: the level with score levels[i] for the i-th dimension."""
    scores = {}
    for dimension, score in zip(prefetched(model).dimensions.all(), levels, strict=True):
        level = next(level for level in dimension.levels.all() if level.score == score)
        scores[dimension.pk] = (level.pk, f"{motivation} ({dimension.name})")
    return scores


def weigh(casus, model, levels, *, by=None):
    return weighing_save(casus=casus, by=by or UserFactory(voorzitter=True), scores=level_ids(model, levels))


def scores_by_dimension(model: WeighingModel, levels: list) -> dict:
    return dict(zip(prefetched(model).dimensions.all(), levels, strict=True))


# --- the rule ------------------------------------------------------------------------------------------


def test_total_exactly_at_the_threshold_suggests_pga(weighing_model):
    suggestion = rule.suggest_conclusion(prefetched(weighing_model), scores_by_dimension(weighing_model, [2, 2, 2, 1]))
    assert suggestion.conclusion == rule.PGA == "Bespreken voor een persoonsgerichte aanpak (PGA)"
    assert (suggestion.total, suggestion.maximum, suggestion.threshold) == (7, 12, 7)
    assert suggestion.is_pga is True
    assert "De totaalscore 7 van 12 is gelijk aan of hoger dan de drempel van 7." in suggestion.reasons
    assert "Geen enkele dimensie staat op het hoogste niveau." in suggestion.reasons


def test_total_one_below_the_threshold_suggests_a_lighter_approach(weighing_model):
    suggestion = rule.suggest_conclusion(prefetched(weighing_model), scores_by_dimension(weighing_model, [2, 2, 1, 1]))
    assert suggestion.conclusion == "Lichtere aanpak of reguliere route overwegen"
    assert suggestion.is_pga is False
    assert suggestion.total == 6
    assert suggestion.reasons[0] == "De totaalscore 6 van 12 ligt onder de drempel van 7."


def test_one_dimension_at_its_highest_level_escalates_when_the_model_says_so(weighing_model):
    suggestion = rule.suggest_conclusion(prefetched(weighing_model), scores_by_dimension(weighing_model, [3, 0, 0, 0]))
    assert suggestion.conclusion == rule.PGA
    assert suggestion.total == 3
    assert suggestion.at_highest_level == ("Veiligheidsrisico",)
    assert suggestion.reasons[0] == "De totaalscore 3 van 12 ligt onder de drempel van 7."
    assert "\u2018Veiligheidsrisico\u2019" in suggestion.reasons[1]
    assert "genoeg om de casus voor een PGA te bespreken" in suggestion.reasons[1]


def test_highest_level_does_not_escalate_when_the_model_switches_it_off(weighing_model):
    model = prefetched(weighing_model)
    model.max_level_escalates = False
    suggestion = rule.suggest_conclusion(model, scores_by_dimension(weighing_model, [3, 0, 0, 0]))
    assert suggestion.conclusion == rule.LIGHTER
    assert suggestion.is_pga is False
    assert "niet vanzelf tot een PGA-bespreking" in suggestion.reasons[1]


def test_threshold_still_counts_without_escalation(weighing_model):
    model = prefetched(weighing_model)
    model.max_level_escalates = False
    assert rule.suggest_conclusion(model, scores_by_dimension(weighing_model, [3, 3, 1, 0])).is_pga is True


def test_an_unscored_dimension_gives_no_suggestion(weighing_model):
    suggestion = rule.suggest_conclusion(
        prefetched(weighing_model), scores_by_dimension(weighing_model, [3, 3, 3, None])
    )
    assert suggestion.conclusion == "Weging onvolledig"
    assert suggestion.is_pga is None and not suggestion.is_complete
    assert suggestion.total is None
    assert suggestion.missing == ("Impact op het systeem",)
    assert suggestion.reasons[0] == "Nog niet gescoord: Impact op het systeem."


def test_no_scores_at_all_is_incomplete(weighing_model):
    suggestion = rule.suggest_conclusion(prefetched(weighing_model), {})
    assert suggestion.conclusion == rule.INCOMPLETE
    assert len(suggestion.missing) == 4


def test_scores_may_be_keyed_by_dimension_id(weighing_model):
    model = prefetched(weighing_model)
    by_id = {dimension.pk: 2 for dimension in model.dimensions.all()}
    assert rule.suggest_conclusion(model, by_id).total == 8


def test_a_score_for_a_dimension_of_another_model_is_a_programming_error(weighing_model):
    other = WeighingModel.objects.create(version=2, name="Ander", pga_threshold=1)
    stranger = Dimension.objects.create(model=other, name="Vreemd")
    with pytest.raises(ValueError):
        rule.suggest_conclusion(prefetched(weighing_model), {stranger: 1})


def test_the_rule_reads_nothing_from_the_database_once_prefetched(weighing_model, django_assert_num_queries):
    model = prefetched(weighing_model)
    scores = scores_by_dimension(weighing_model, [1, 1, 1, 1])
    with django_assert_num_queries(0):
        rule.suggest_conclusion(model, scores)


# --- the service ---------------------------------------------------------------------------------------


def test_weighing_save_stores_a_score_and_motivation_per_dimension(weighing_model):
    casus = in_verrijking()
    chair = UserFactory(voorzitter=True)

    weighing = weigh(casus, weighing_model, [2, 2, 2, 1], by=chair)

    assert weighing.model == weighing_model and weighing.scored_by == chair
    rows = weighing.scores.select_related("dimension", "level")
    stored = {s.dimension.name: (s.level.score, s.motivation) for s in rows}
    assert stored["Veiligheidsrisico"] == (2, "Zo ingeschat in het overleg. (Veiligheidsrisico)")
    assert sorted(score for score, _ in stored.values()) == [1, 2, 2, 2]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="triage.weighing")
    assert event.case_reference == casus.reference
    assert event.detail == {"deescalatiemodel_versie": 1, "dimensies": 4, "gewijzigd": 4}
    assert "overleg" not in str(event.detail)


def test_saving_again_updates_the_same_weighing(weighing_model):
    casus = in_verrijking()
    first = weigh(casus, weighing_model, [0, 0, 0, 0])
    scores = level_ids(weighing_model, [3, 0, 0, 0], motivation="Nieuwe melding van geweld.")
    other_chair = UserFactory(voorzitter=True)

    second = weighing_save(casus=casus, by=other_chair, scores=scores)

    assert second.pk == first.pk
    assert Weighing.objects.filter(casus=casus).count() == 1
    assert DimensionScore.objects.filter(weighing=first).count() == 4
    safety = DimensionScore.objects.get(weighing=first, dimension__name="Veiligheidsrisico")
    assert safety.level.score == 3 and safety.motivation.startswith("Nieuwe melding van geweld.")
    assert Weighing.objects.get(pk=first.pk).scored_by == other_chair
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="triage.weighing").get()
    assert event.detail["gewijzigd"] == 4


@pytest.mark.parametrize("status", [CasusStatus.IN_VERRIJKING, CasusStatus.GEAGENDEERD, CasusStatus.DOORGESCHOVEN])
def test_cases_being_prepared_for_the_triage_can_be_weighed(weighing_model, status):
    assert weigh(in_verrijking(status=status), weighing_model, [1, 1, 1, 1]).pk


@pytest.mark.parametrize("status", [CasusStatus.AANGEMELD, CasusStatus.PGA, CasusStatus.BESPROKEN_GEEN_PGA])
def test_other_statuses_cannot_be_weighed(weighing_model, status):
    with pytest.raises(ServiceError, match="kan niet \\(meer\\) worden gewogen"):
        weigh(in_verrijking(status=status), weighing_model, [1, 1, 1, 1])
    assert not Weighing.objects.exists()


def test_only_a_chair_weighs(weighing_model):
    with pytest.raises(ServiceError, match="triagevoorzitter"):
        weigh(in_verrijking(), weighing_model, [1, 1, 1, 1], by=UserFactory(melder=True))


def test_every_dimension_needs_a_level_and_a_motivation(weighing_model):
    casus = in_verrijking()
    scores = level_ids(weighing_model, [1, 1, 1, 1])
    missing = dict(list(scores.items())[:3])
    with pytest.raises(ServiceError, match="Kies een niveau voor \u2018Impact op het systeem\u2019"):
        weighing_save(casus=casus, by=UserFactory(voorzitter=True), scores=missing)
    first = next(iter(scores))
    blank = {**scores, first: (scores[first][0], "   ")}
    with pytest.raises(ServiceError, match="Geef een korte motivering bij \u2018Veiligheidsrisico\u2019"):
        weighing_save(casus=casus, by=UserFactory(voorzitter=True), scores=blank)
    assert not Weighing.objects.exists()


def test_a_level_of_another_dimension_is_refused(weighing_model):
    scores = level_ids(weighing_model, [1, 1, 1, 1])
    first, second = list(scores)[:2]
    scores[first] = (scores[second][0], "Verwisseld")
    with pytest.raises(ServiceError, match="Kies een niveau"):
        weighing_save(casus=in_verrijking(), by=UserFactory(voorzitter=True), scores=scores)


def test_without_an_active_model_nothing_is_weighed(weighing_model):
    scores = level_ids(weighing_model, [1, 1, 1, 1])
    WeighingModel.objects.update(is_active=False)
    with pytest.raises(ServiceError, match="geen actief de-escalatiemodel"):
        weighing_save(casus=in_verrijking(), by=UserFactory(voorzitter=True), scores=scores)


def test_a_weighing_freezes_the_model_version(weighing_model):
    assert WEIGHING_MODELS.is_editable(weighing_model)
    weigh(in_verrijking(), weighing_model, [1, 1, 1, 1])
    assert not WEIGHING_MODELS.is_editable(WeighingModel.objects.get(pk=weighing_model.pk))


# --- the page ------------------------------------------------------------------------------------------


def weighing_url(casus) -> str:
    return reverse("triage:weighing", kwargs={"casus_id": casus.pk})


def form_data(model, levels, motivation="Gemotiveerd.") -> dict:
    data = {"versie": model.version}
    for dimension_id, (level_id, text) in level_ids(model, levels, motivation).items():
        data[f"niveau_{dimension_id}"] = level_id
        data[f"motivering_{dimension_id}"] = text
    return data


@pytest.fixture
def chair_client(client):
    client.force_login(UserFactory(voorzitter=True))
    return client


def test_chair_sees_every_dimension_with_its_levels_as_a_radio_group(chair_client, weighing_model):
    casus = in_verrijking()
    response = chair_client.get(weighing_url(casus))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<fieldset") == 4
    assert "Niveau voor \u2018Veiligheidsrisico\u2019" in body
    assert "3 \u2013 Ernstig: Het aspect is ernstig en vraagt direct een ketenoverstijgende aanpak." in body
    assert "Motivering bij \u2018Impact op het systeem\u2019" in body
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(casus.pk), detail__pagina="weging").exists()


def test_saving_the_form_shows_the_readable_summary(chair_client, weighing_model):
    casus = in_verrijking()
    response = chair_client.post(weighing_url(casus), form_data(weighing_model, [3, 1, 0, 0], "Dreiging naar buren."))
    assert response.status_code == 302

    body = chair_client.get(response["Location"]).content.decode()
    assert "De weging is opgeslagen." in body
    assert "Samenvatting van de weging" in body
    assert "3 &ndash; Ernstig" in body
    assert "Dreiging naar buren. (Veiligheidsrisico)" in body
    assert "4 van 12" in body
    assert "Bespreken voor een persoonsgerichte aanpak (PGA)" in body
    assert "genoeg om de casus voor een PGA te bespreken" in body
    assert "Weging aanpassen" in body


def test_the_form_is_filled_with_the_saved_weighing(chair_client, weighing_model):
    casus = in_verrijking()
    weigh(casus, weighing_model, [2, 2, 2, 2])
    body = chair_client.get(weighing_url(casus)).content.decode()
    assert body.count(" checked") == 4
    assert "Zo ingeschat in het overleg. (Stagnatie van de reguliere aanpak)</textarea>" in body


def test_missing_motivation_is_a_dutch_error_and_keeps_what_was_typed(chair_client, weighing_model):
    casus = in_verrijking()
    data = form_data(weighing_model, [2, 2, 2, 2], "Ingetypte tekst")
    last = [key for key in data if key.startswith("motivering_")][-1]
    data[last] = ""

    response = chair_client.post(weighing_url(casus), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Geef een korte motivering bij het gekozen niveau." in body
    assert f'href="#id_{last}"' in body
    assert "Ingetypte tekst (Veiligheidsrisico)" in body
    assert not Weighing.objects.exists()


def test_a_level_that_is_not_offered_is_refused_without_a_500(chair_client, weighing_model):
    casus = in_verrijking()
    data = form_data(weighing_model, [1, 1, 1, 1])
    first = next(key for key in data if key.startswith("niveau_"))
    data[first] = "999999"
    response = chair_client.post(weighing_url(casus), data)
    assert response.status_code == 200
    assert "Kies een niveau." in response.content.decode()


def test_too_long_motivation_is_refused_with_a_count(chair_client, weighing_model):
    data = form_data(weighing_model, [1, 1, 1, 1])
    first = next(key for key in data if key.startswith("motivering_"))
    data[first] = "x" * 2001
    response = chair_client.post(weighing_url(in_verrijking()), data)
    assert "Gebruik hoogstens 2000 tekens (het zijn er nu 2001)." in response.content.decode()


def test_a_model_replaced_while_weighing_asks_to_check_again(chair_client, weighing_model):
    casus = in_verrijking()
    data = form_data(weighing_model, [1, 1, 1, 1])
    beheerder = UserFactory(beheerder=True)
    WEIGHING_MODELS.activate(version=WEIGHING_MODELS.new_version(version=weighing_model, by=beheerder), by=beheerder)

    response = chair_client.post(weighing_url(casus), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "vervangen door versie 2" in body
    assert 'name="versie" value="2"' in body
    assert not Weighing.objects.exists()


def test_motivation_is_shown_escaped(chair_client, weighing_model):
    casus = in_verrijking()
    weighing_save(
        casus=casus,
        by=UserFactory(voorzitter=True),
        scores=level_ids(weighing_model, [1, 1, 1, 1], motivation="<script>alert(1)</script>"),
    )
    body = chair_client.get(weighing_url(casus)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_without_an_active_model_the_page_says_so(chair_client, weighing_model):
    WeighingModel.objects.update(is_active=False)
    casus = in_verrijking()
    assert "Er is geen actief de-escalatiemodel" in chair_client.get(weighing_url(casus)).content.decode()
    response = chair_client.post(weighing_url(casus), {"versie": 1}, follow=True)
    assert "de weging kan niet worden opgeslagen" in response.content.decode()


@pytest.mark.parametrize("trait", ["melder", "ketenpartner", "regisseur", "beheerder", "logbeheerder"])
def test_other_roles_get_403(client, weighing_model, trait):
    casus = in_verrijking()
    client.force_login(UserFactory(**{trait: True}))
    assert client.get(weighing_url(casus)).status_code == 403
    assert client.post(weighing_url(casus), form_data(weighing_model, [3, 3, 3, 3])).status_code == 403
    assert not Weighing.objects.exists()


def test_even_the_cases_own_melder_gets_403(client, weighing_model):
    casus = in_verrijking()
    client.force_login(casus.melder)
    assert client.get(weighing_url(casus)).status_code == 403


@pytest.mark.parametrize("status", [CasusStatus.AANGEMELD, CasusStatus.PGA, CasusStatus.VERWIJDERD])
def test_chair_gets_404_for_cases_not_in_verrijking(chair_client, weighing_model, status):
    casus = in_verrijking(status=status)
    assert chair_client.get(weighing_url(casus)).status_code == 404
    assert chair_client.post(weighing_url(casus), form_data(weighing_model, [1, 1, 1, 1])).status_code == 404
    assert not Weighing.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).exists()


def test_anonymous_is_sent_to_login(client, weighing_model):
    response = client.get(weighing_url(in_verrijking()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
