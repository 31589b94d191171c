"""Rows loaded without `Model.__init__` (`QuickLoad`) are the instances Django would build."""

import pytest
from django.apps import apps
from django.db.models import FileField
from django.db.models.signals import post_init, pre_init

from journeymap.lib.loading import QuickLoad
from tests.factories import OpportunityFactory, PainPointFactory, TouchpointFactory
from touchpoints.models import Opportunity, PainPoint, Touchpoint

QUICK_MODELS = [model for model in apps.get_models() if issubclass(model, QuickLoad)]


def test_the_many_row_models_load_quickly():
    assert {Touchpoint, PainPoint, Opportunity} <= set(QUICK_MODELS)


@pytest.mark.parametrize("model", QUICK_MODELS, ids=lambda model: model.__name__)
def test_nothing_listens_to_the_building_of_a_quickly_loaded_model(model):
    assert not pre_init.has_listeners(model)
    assert not post_init.has_listeners(model)
    assert not [field.name for field in model._meta.concrete_fields if isinstance(field, FileField)]


def built_by_django(model, instance):
    """The same row as `Model.from_db` builds it, through `__init__`."""
    names = [field.attname for field in model._meta.concrete_fields]
    return super(QuickLoad, model).from_db("default", names, [getattr(instance, name) for name in names])


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [TouchpointFactory, PainPointFactory, OpportunityFactory])
def test_a_loaded_row_equals_the_one_django_builds(factory):
    model = factory._meta.model
    loaded = model.objects.get(pk=factory().pk)
    built = built_by_django(model, loaded)
    assert type(loaded) is model
    assert (loaded._state.adding, loaded._state.db) == (False, "default")
    assert {key: value for key, value in vars(loaded).items() if key != "_state"} == {
        key: value for key, value in vars(built).items() if key != "_state"
    }


@pytest.mark.django_db
def test_a_deferred_field_loads_when_read_and_a_related_object_through_its_key():
    touchpoint = TouchpointFactory(description="Read later")
    loaded = Touchpoint.objects.defer("description").get(pk=touchpoint.pk)
    assert "description" not in vars(loaded)
    assert loaded.get_deferred_fields() == {"description"}
    assert loaded.description == "Read later"
    assert loaded.stage == touchpoint.stage
    loaded.title = "Saved again"
    loaded.save()
    assert Touchpoint.objects.get(pk=touchpoint.pk).title == "Saved again"
