"""Functional administration of the de-escalatiemodel in "Beheer", versioned like the criteria sets.

A version a weighing used is history: read-only (its dimensions' pages too), refused on POST,
never deleted. "Nieuwe versie maken" copies the dimensions AND their levels; "Activeren"
leaves exactly one version active, and refuses a version with a dimension without levels.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from participants.constants import Role
from participants.tests.factories import UserFactory
from triage.models import Dimension, DimensionLevel, Weighing, WeighingModel
from triage.services.weighing import WEIGHING_MODELS
from triage.tests.test_weighing import in_verrijking
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:triage_weighingmodel_changelist")


def model_url(model) -> str:
    return reverse("admin:triage_weighingmodel_change", args=[model.pk])


def dimension_url(dimension) -> str:
    return reverse("admin:triage_dimension_change", args=[dimension.pk])


@pytest.fixture
def admin_client(beheer_client):
    return beheer_client


@pytest.fixture
def beheerder(beheer_client):
    return beheer_client.user


def run_action(client, action: str, *models):
    """Tick `models` on the changelist and run `action`, as the administrator would."""
    data = {"action": action, "_selected_action": [m.pk for m in models], "index": 0}
    return client.post(CHANGELIST, data, follow=True)


def formset(prefix: str, rows: list, *, parent: str, fields: tuple[str, ...]) -> dict:
    """An inline formset as the admin posts it: its management form and one form per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows),
        f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-id": row.pk, f"{prefix}-{i}-{parent}": getattr(row, f"{parent}_id")})
        data.update({f"{prefix}-{i}-{name}": getattr(row, name) for name in fields})
    return data


def model_form_data(model, **overrides) -> dict:
    """What the model's change page posts: its fields and the inline of dimensions."""
    dimensions = formset("dimensions", list(model.dimensions.all()), parent="model",
                         fields=("order", "name", "description"))
    return {
        "version": model.version, "name": model.name, "pga_threshold": model.pga_threshold,
        "max_level_escalates": "on" if model.max_level_escalates else "", "_save": "Opslaan",
        **dimensions, **overrides,
    }


def dimension_form_data(dimension, **overrides) -> dict:
    """What a dimension's own page posts: its fields and the inline of levels."""
    levels = formset("levels", list(dimension.levels.all()), parent="dimension",
                     fields=("score", "label", "description"))
    return {
        "order": dimension.order, "name": dimension.name, "description": dimension.description,
        "_save": "Opslaan", **levels, **overrides,
    }


def use(model):
    """A chair weighs a case with this version (any version, active or not)."""
    Weighing.objects.create(casus=in_verrijking(), model=model, scored_by=UserFactory(voorzitter=True))


# --- access ---------------------------------------------------------------------------------------------


def test_functioneel_beheerder_has_the_weighing_model_permissions():
    group = Group.objects.get(name=Role.FUNCTIONEEL_BEHEERDER)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert {"triage.change_weighingmodel", "triage.add_dimension", "triage.change_dimensionlevel"} <= granted


def test_beheerder_finds_the_model_in_beheer_but_not_the_dimensions_on_their_own(admin_client, weighing_model):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert CHANGELIST in index and "De-escalatiemodellen" in index
    assert reverse("admin:triage_dimension_changelist") not in index

    body = admin_client.get(CHANGELIST).content.decode()
    assert "De-escalatiemodel ZVH" in body
    assert "Nieuwe versie maken" in body and "Activeren" in body
    assert "delete_selected" not in body


@pytest.mark.parametrize("trait", ["melder", "voorzitter", "ketenpartner", "logbeheerder"])
def test_other_roles_cannot_reach_the_weighing_admin_even_as_staff(client, weighing_model, trait):
    client.force_login(UserFactory(**{trait: True}, is_staff=True))
    dimension = weighing_model.dimensions.first()
    for url in (CHANGELIST, model_url(weighing_model), dimension_url(dimension)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


# --- an unused draft is editable ---------------------------------------------------------------------------


def test_unused_model_and_its_levels_can_be_edited(admin_client, weighing_model):
    response = admin_client.post(model_url(weighing_model), model_form_data(weighing_model, pga_threshold=8))
    assert response.status_code == 302
    assert WeighingModel.objects.get(pk=weighing_model.pk).pga_threshold == 8

    dimension = weighing_model.dimensions.get(name="Veiligheidsrisico")
    data = dimension_form_data(dimension, **{"levels-3-label": "Acuut"})
    response = admin_client.post(dimension_url(dimension), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert dimension.levels.get(score=3).label == "Acuut"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="triage.dimension", object_id=str(dimension.pk)
    ).exists()


def test_the_models_page_links_to_each_dimensions_levels(admin_client, weighing_model):
    body = admin_client.get(model_url(weighing_model)).content.decode()
    for dimension in weighing_model.dimensions.all():
        assert dimension_url(dimension) in body


def test_duplicate_level_scores_are_a_dutch_form_error(admin_client, weighing_model):
    dimension = weighing_model.dimensions.first()
    response = admin_client.post(dimension_url(dimension), dimension_form_data(dimension, **{"levels-1-score": 0}))
    assert response.status_code == 200
    assert "Corrigeer de dubbele gegevens voor score" in response.content.decode()


# --- a used model is read-only -------------------------------------------------------------------------------


def test_used_model_is_shown_read_only(admin_client, weighing_model):
    use(weighing_model)
    body = admin_client.get(model_url(weighing_model)).content.decode()
    assert "al gebruikt in een weging" in body
    assert 'name="pga_threshold"' not in body
    assert 'name="dimensions-0-name"' not in body
    assert 'name="_save"' not in body
    assert "Stagnatie van de reguliere aanpak" in body  # still readable


def test_post_to_a_used_model_or_its_dimension_is_refused(admin_client, weighing_model):
    use(weighing_model)
    dimension = weighing_model.dimensions.get(name="Veiligheidsrisico")

    response = admin_client.post(model_url(weighing_model), model_form_data(weighing_model, pga_threshold=1))
    assert response.status_code == 403
    response = admin_client.post(dimension_url(dimension), dimension_form_data(dimension, **{"levels-3-label": "Stil"}))
    assert response.status_code == 403
    delete_dimension = reverse("admin:triage_dimension_delete", args=[dimension.pk])
    assert admin_client.post(delete_dimension, {"post": "yes"}).status_code == 403

    assert WeighingModel.objects.get(pk=weighing_model.pk).pga_threshold == 7
    assert dimension.levels.get(score=3).label == "Ernstig"


def test_a_used_models_dimension_page_is_read_only(admin_client, weighing_model):
    use(weighing_model)
    body = admin_client.get(dimension_url(weighing_model.dimensions.first())).content.decode()
    assert "al gebruikt in een weging" in body
    assert 'name="levels-0-label"' not in body
    assert "Ernstig" in body


def test_used_model_cannot_be_deleted(admin_client, beheerder, weighing_model):
    draft = WEIGHING_MODELS.new_version(version=weighing_model, by=beheerder)
    use(weighing_model)
    assert admin_client.post(reverse("admin:triage_weighingmodel_delete", args=[weighing_model.pk]),
                             {"post": "yes"}).status_code == 403
    assert WeighingModel.objects.filter(pk=weighing_model.pk).exists()
    # An unused, inactive draft may go, with its dimensions and levels.
    response = admin_client.post(reverse("admin:triage_weighingmodel_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Dimension.objects.filter(model_id=draft.pk).exists()


# --- new version and activation --------------------------------------------------------------------------------


def test_new_version_copies_the_dimensions_and_their_levels(admin_client, weighing_model):
    use(weighing_model)

    response = run_action(admin_client, "make_new_version", weighing_model)

    assert "Versie 2 is gemaakt als kopie van versie 1" in response.content.decode()
    copy = WeighingModel.objects.get(version=2)
    assert copy.is_active is False
    assert (copy.name, copy.pga_threshold, copy.max_level_escalates) == ("De-escalatiemodel ZVH", 7, True)

    def shape(model):
        return [
            (d.order, d.name, d.description, [(lv.score, lv.label, lv.description) for lv in d.levels.all()])
            for d in model.dimensions.all()
        ]

    assert shape(copy) == shape(weighing_model)
    assert len(shape(copy)) == 4 and all(len(levels) == 4 for *_, levels in shape(copy))
    original_ids = set(weighing_model.dimensions.values_list("pk", flat=True))
    assert original_ids.isdisjoint(copy.dimensions.values_list("pk", flat=True))
    assert DimensionLevel.objects.filter(dimension__model=copy).count() == 16
    # The copy is a draft: its page and its dimensions' pages have editable fields.
    assert 'name="dimensions-0-name"' in admin_client.get(model_url(copy)).content.decode()
    assert 'name="levels-0-label"' in admin_client.get(dimension_url(copy.dimensions.first())).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(copy.pk),
                                     detail={"deescalatiemodel_versie": 2, "kopie_van_versie": 1}).exists()


def test_activating_one_version_deactivates_the_other(admin_client, beheerder, weighing_model):
    version_2 = WEIGHING_MODELS.new_version(version=weighing_model, by=beheerder)

    response = run_action(admin_client, "activate", version_2)

    assert "Versie 2 is nu actief" in response.content.decode()
    assert list(WeighingModel.objects.filter(is_active=True).values_list("version", flat=True)) == [2]
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(version_2.pk)).get()
    assert event.detail == {"deescalatiemodel_versie": 2, "actief": True, "gedeactiveerd": [1]}


def test_activating_two_versions_at_once_is_refused(admin_client, beheerder, weighing_model):
    version_2 = WEIGHING_MODELS.new_version(version=weighing_model, by=beheerder)
    response = run_action(admin_client, "activate", weighing_model, version_2)
    assert "Kies precies één de-escalatiemodel om te activeren." in response.content.decode()
    assert list(WeighingModel.objects.filter(is_active=True).values_list("version", flat=True)) == [1]


def test_a_version_with_a_dimension_without_levels_cannot_be_activated(admin_client, beheerder, weighing_model):
    draft = WEIGHING_MODELS.new_version(version=weighing_model, by=beheerder)
    Dimension.objects.create(model=draft, name="Nieuwe dimensie", order=5)

    response = run_action(admin_client, "activate", draft)

    assert "De dimensie \u2018Nieuwe dimensie\u2019 van versie 2 heeft geen niveaus" in response.content.decode()
    assert WeighingModel.objects.get(is_active=True) == weighing_model


def test_a_version_without_dimensions_cannot_be_activated(admin_client, weighing_model):
    empty = WeighingModel.objects.create(version=9, name="Leeg", pga_threshold=1)
    response = run_action(admin_client, "activate", empty)
    assert "Versie 9 heeft geen dimensies" in response.content.decode()


def test_new_model_via_add_page_gets_the_next_version_number_and_no_active_checkbox(admin_client, weighing_model):
    body = admin_client.get(reverse("admin:triage_weighingmodel_add")).content.decode()
    assert 'name="version" value="2"' in body
    assert 'name="is_active"' not in body


# Measured: the same number of queries for 2 and for 6 versions ("In gebruik" is one annotation).
@pytest.mark.parametrize("versions", [2, 6])
def test_changelist_query_count_does_not_grow_with_versions(
    admin_client, beheerder, weighing_model, django_assert_max_num_queries, versions
):
    for _ in range(versions - 1):
        use(WEIGHING_MODELS.new_version(version=weighing_model, by=beheerder))
    with django_assert_max_num_queries(13):
        response = admin_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == versions
    assert response.content.decode().count('alt="True"') >= versions - 1
