"""The demo: four logins, six personas and five journey maps in each of the app's four
languages, drawn from the examples of the omnichannel journey articles the product
started from.

Each map is an interchange document in maps/<language>/ (the same file names in every
language folder) and goes in through the JSON import a user would use, so the demo also
proves that path. people.json holds what the format leaves out: the logins, the personas,
and who may see each map in which review status, by file name, for every language's
version of the map.

`load_demo` can run any number of times: users are found by username, personas by
name, maps by title, and whatever already exists is left exactly as it is.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Self

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from interchange.documents import map_import, parse_document
from interchange.schema import MapDoc
from maps.models import JourneyMap, MapMember, ReviewStatus, Role
from personas.models import Persona
from touchpoints.models import Channel

DEMO_DIR = Path(__file__).parent
# One folder per language (settings.LANGUAGES codes), each with the same file names.
MAPS_DIR = DEMO_DIR / "maps"
# The language people.json is checked against: every map exists at least in it.
SOURCE_LANGUAGE = "en"
# The right to add to the shared library of personas and channels (see maps/access.py).
LIBRARY_PERMISSIONS = ["add_persona", "add_channel"]
DEMO_PASSWORD = "journeymap"

Name = Annotated[str, StringConstraints(min_length=1, max_length=150)]


class Entry(BaseModel):
    """An entry of people.json: a typo in a field name fails loudly instead of loading half a demo."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DemoUser(Entry):
    username: Name
    first_name: str = ""
    last_name: str = ""
    email: str
    can: str = Field(description="What the login is for; load_demo prints it beside the username.")
    is_superuser: bool = False
    library: bool = Field(False, description="May add personas and channels to the shared library.")


class DemoPersona(Entry):
    name: Name
    age: int = Field(ge=0)
    occupation: str
    location: str
    segment: str
    quote: str
    bio: str
    goals: str
    needs: str
    frustrations: str
    motivations: str
    hobbies: str
    channels: tuple[str, ...] = Field(description="Slugs of the preferred channels.")


class DemoMap(Entry):
    document: str = Field(
        description="The interchange document's file name in each language folder of demo/maps.",
        pattern=r"^[\w-]+\.json$",
    )
    owner: Name
    members: dict[str, Role] = Field(description="Roles besides the owner's, by username.")
    review_status: ReviewStatus = ReviewStatus.DRAFT
    due_dates_from: date = Field(description="The day the document's due dates count from.")

    def path(self, language: str = SOURCE_LANGUAGE) -> Path:
        return MAPS_DIR / language / self.document


class DemoPeople(Entry):
    users: tuple[DemoUser, ...]
    personas: tuple[DemoPersona, ...]
    maps: tuple[DemoMap, ...]

    @model_validator(mode="after")
    def check_references(self) -> Self:
        """Every name a map refers to exists, so a load never stops half-way through."""
        usernames = [user.username for user in self.users]
        problems = _repeated("username", usernames) + _repeated("persona", [persona.name for persona in self.personas])
        problems += _repeated("document", [entry.document for entry in self.maps])
        for entry in self.maps:
            problems += [
                f"{entry.document}: no user '{name}'" for name in [entry.owner, *entry.members] if name not in usernames
            ]
            if Role.OWNER in entry.members.values():
                problems.append(f"{entry.document}: the owner is named by 'owner', not among the members")
            if not entry.path().is_file():
                problems.append(f"{entry.document}: no such file in {entry.path().parent}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _repeated(kind: str, values: list[str]) -> list[str]:
    return [f"the {kind} '{value}' appears twice" for value in sorted(set(values)) if values.count(value) > 1]


PEOPLE = DemoPeople.model_validate_json((DEMO_DIR / "people.json").read_bytes())
USERS = PEOPLE.users
MAPS = PEOPLE.maps


@dataclass
class DemoSummary:
    """What one run of `load_demo` created; empty lists and zeros when the demo was already there."""

    users: list[str] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    maps: list[tuple[str, str]] = field(default_factory=list)  # (language, title)
    memberships: int = 0
    touchpoints: int = 0
    links: int = 0
    pain_points: int = 0
    opportunities: int = 0

    @property
    def created_anything(self) -> bool:
        return bool(self.users or self.personas or self.maps or self.memberships)


def demo_languages() -> list[str]:
    """The languages that have a folder of demo maps, in the order of settings.LANGUAGES."""
    return [code for code, _name in settings.LANGUAGES if (MAPS_DIR / code).is_dir()]


def load_demo() -> DemoSummary:
    """Create whatever part of the demo is missing; call inside a transaction."""
    summary = DemoSummary()
    users = {data.username: _ensure_user(data, summary) for data in USERS}
    for data in PEOPLE.personas:
        _ensure_persona(data, summary)
    documents = [
        (entry, language, demo_document(entry, language))
        for language in demo_languages()
        for entry in MAPS
        if entry.path(language).is_file()
    ]
    existing = _maps_by_title([document.title for _entry, _language, document in documents])
    for entry, language, document in documents:
        journey_map = existing.get(document.title) or _import_map(
            entry, document, owner=users[entry.owner], summary=summary, language=language
        )
        _ensure_members(journey_map, entry, users, summary)
    return summary


def _maps_by_title(titles: list[str]) -> dict[str, JourneyMap]:
    """The maps already there, in one query; the oldest map of a title wins."""
    return {
        journey_map.title: journey_map for journey_map in JourneyMap.objects.filter(title__in=titles).order_by("-pk")
    }


def demo_document(entry: DemoMap, language: str = SOURCE_LANGUAGE) -> MapDoc:
    """The map's document as an upload would be read, with its due dates moved to count
    from today, so the action plan never looks stale however long ago it was written."""
    document = parse_document(entry.path(language).read_bytes())
    return _due_dates_moved(document, by=timezone.localdate() - entry.due_dates_from)


def _due_dates_moved(document: MapDoc, *, by: timedelta) -> MapDoc:
    opportunities = [
        item.model_copy(update={"due_date": item.due_date + by}) if item.due_date else item
        for item in document.opportunities
    ]
    return document.model_copy(update={"opportunities": opportunities})


def _ensure_user(data: DemoUser, summary: DemoSummary) -> User:
    user, created = get_user_model().objects.get_or_create(
        username=data.username,
        defaults={
            "first_name": data.first_name,
            "last_name": data.last_name,
            "email": data.email,
            "is_superuser": data.is_superuser,
            "is_staff": data.is_superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if data.library:
            user.user_permissions.add(*Permission.objects.filter(codename__in=LIBRARY_PERMISSIONS))
        summary.users.append(user.username)
    return user


def _ensure_persona(data: DemoPersona, summary: DemoSummary) -> Persona:
    """Created before the maps, so the import finds the full persona instead of making a bare one by name."""
    persona, created = Persona.objects.get_or_create(
        name=data.name, defaults=data.model_dump(exclude={"name", "channels"})
    )
    if created:
        persona.preferred_channels.set(_channels(data.channels))
        summary.personas.append(persona.name)
    return persona


def _channels(slugs: tuple[str, ...]) -> list[Channel]:
    channels = Channel.objects.in_bulk(slugs, field_name="slug")
    if missing := set(slugs) - channels.keys():
        raise LookupError(f"The channel library has no {', '.join(sorted(missing))}; run the migrations first.")
    return [channels[slug] for slug in slugs]


def _import_map(entry: DemoMap, document: MapDoc, *, owner: User, summary: DemoSummary, language: str) -> JourneyMap:
    journey_map = map_import(owner=owner, document=document)
    if entry.review_status != journey_map.review_status:
        journey_map.review_status = entry.review_status
        journey_map.save(update_fields=["review_status"])
    summary.maps.append((language, journey_map.title))
    summary.touchpoints += len(document.touchpoints)
    summary.links += sum(len(touchpoint.next) for touchpoint in document.touchpoints)
    summary.pain_points += len(document.pain_points)
    summary.opportunities += len(document.opportunities)
    return journey_map


def _ensure_members(journey_map: JourneyMap, entry: DemoMap, users: dict[str, User], summary: DemoSummary) -> None:
    """Also on maps that already exist: a member removed by hand comes back on the next load."""
    for username, role in entry.members.items():
        _, created = MapMember.objects.get_or_create(map=journey_map, user=users[username], defaults={"role": role})
        summary.memberships += created
