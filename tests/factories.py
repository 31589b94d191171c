import factory
from django.contrib.auth import get_user_model

from maps.models import JourneyMap, Lane, MapMember, Role, Stage
from personas.models import Persona
from touchpoints.models import Channel, Opportunity, PainPoint, Touchpoint


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Channel {n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    icon = "🌐"


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona

    name = factory.Sequence(lambda n: f"Persona {n}")
    age = 34
    occupation = "Product designer"


class JourneyMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyMap
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Journey {n}")
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def owner_membership(obj, create, extracted, **kwargs):
        if create:
            MapMember.objects.get_or_create(map=obj, user=obj.owner, defaults={"role": Role.OWNER})


class MapMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MapMember

    map = factory.SubFactory(JourneyMapFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    map = factory.SubFactory(JourneyMapFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Stage {n}")


class LaneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lane

    map = factory.SubFactory(JourneyMapFactory)
    channel = factory.SubFactory(ChannelFactory)
    position = factory.Sequence(lambda n: n)


class TouchpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Touchpoint

    stage = factory.SubFactory(StageFactory)
    lane = factory.SubFactory(LaneFactory, map=factory.SelfAttribute("..stage.map"))
    map = factory.SelfAttribute("stage.map")
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Touchpoint {n}")


class PainPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PainPoint

    stage = factory.SubFactory(StageFactory)
    map = factory.SelfAttribute("stage.map")
    title = factory.Sequence(lambda n: f"Pain point {n}")


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    stage = factory.SubFactory(StageFactory)
    map = factory.SelfAttribute("stage.map")
    title = factory.Sequence(lambda n: f"Opportunity {n}")
