"""The demo: four logins, six personas and five journey maps, each drawn from the
examples of the omnichannel journey articles the product started from.

The content is plain data below; `load_demo` turns it into rows and can run any
number of times: users are found by username, personas by name, maps by title,
and whatever already exists is left exactly as it is.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from maps.item_services import touchpoint_append
from maps.models import JourneyMap, JourneyTemplate, JourneyType, Lane, MapMember, ReviewStatus, Role, Stage
from maps.services import map_create
from personas.models import Persona
from touchpoints.models import Channel, Opportunity, OpportunityStatus, PainCause, PainPoint, Severity, Touchpoint

DEMO_PASSWORD = "journeymap"


@dataclass(frozen=True, kw_only=True)
class DemoUser:
    username: str
    role: Role | None  # the role on every demo map; None for the superuser, who sees every map anyway
    can: str
    is_superuser: bool = False


@dataclass(frozen=True, kw_only=True)
class PersonaData:
    name: str
    age: int
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
    channels: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class StageData:
    name: str  # as in the template: the stage is found by it
    description: str
    customer_goal: str
    drivers: str
    barriers: str
    influence: str
    target_csat: float | None = None
    target_nps: int | None = None
    target_crr: float | None = None
    target_conversion: float | None = None


@dataclass(frozen=True, kw_only=True)
class TouchpointData:
    key: str
    stage: str
    lane: str
    title: str
    description: str
    customer_action: str
    emotion: int
    expectation: int
    is_micro_conversion: bool = False
    persona: str | None = None
    csat: float | None = None
    nps: int | None = None
    crr: float | None = None
    conversion_rate: float | None = None
    next: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PainPointData:
    key: str
    stage: str
    title: str
    description: str
    severity: Severity
    cause: PainCause
    touchpoint: str | None = None
    evidence: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class OpportunityData:
    stage: str
    title: str
    description: str
    action: str
    impact: int
    effort: int
    status: OpportunityStatus
    action_owner: str
    due_in_days: int  # from the day the demo is loaded, so the action plan never looks stale
    touchpoint: str | None = None
    pain_points: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MapData:
    title: str
    template: str
    description: str
    scope: str
    personas: tuple[str, ...]
    lanes: tuple[str, ...]  # channel slugs, top to bottom
    stages: tuple[StageData, ...]
    touchpoints: tuple[TouchpointData, ...]
    pain_points: tuple[PainPointData, ...]
    opportunities: tuple[OpportunityData, ...]
    journey_type: JourneyType | None = None  # None keeps the template's
    review_status: ReviewStatus = ReviewStatus.DRAFT


@dataclass
class DemoSummary:
    """What one run of `load_demo` created; empty lists and zeros when the demo was already there."""

    users: list[str] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    maps: list[str] = field(default_factory=list)
    memberships: int = 0
    touchpoints: int = 0
    links: int = 0
    pain_points: int = 0
    opportunities: int = 0

    @property
    def created_anything(self) -> bool:
        return bool(self.users or self.personas or self.maps or self.memberships)


USERS = (
    DemoUser(
        username="admin",
        role=None,
        can="superuser: Django admin (personas, channel library, templates) and every map",
        is_superuser=True,
    ),
    DemoUser(username="marketer", role=Role.OWNER, can="owner of the demo maps: edits everything, manages members"),
    DemoUser(
        username="cxlead", role=Role.REVIEWER, can="reviewer on every demo map: comments, requests changes, approves"
    ),
    DemoUser(username="guest", role=Role.VIEWER, can="viewer on every demo map: reads, changes nothing"),
)
OWNER = "marketer"

PERSONAS = (
    PersonaData(
        name="Andrei Sokolov",
        age=38,
        occupation="Logistics manager",
        location="Kazan, Russia",
        segment="Family car buyer, first new car",
        quote="I want to see the real price before I drive forty minutes to a dealership.",
        bio=(
            "Andrei has driven the same second-hand sedan for nine years. With a second child on the way he "
            "wants a new family crossover he can keep for a long time. He saw the model in a TV ad during a "
            "football broadcast and now researches it every evening after work."
        ),
        goals="Buy a safe, reliable family car within budget; keep it for seven or eight years; finish in one visit.",
        needs=(
            "An honest total price with options and insurance; a test drive with the child seats fitted; clear "
            "warranty and service costs; a fair trade-in value for his old car."
        ),
        frustrations=(
            "Prices that differ between the website and the showroom; pushy extras; waiting for a salesperson; "
            "typing the same data into three forms."
        ),
        motivations="His family's safety; the pride of a good deal; friends who already own the model.",
        hobbies="Fishing on the Volga, football on TV, car forums and video reviews.",
        channels=("tv-outdoor", "website", "reviews", "dealership", "phone", "social-media"),
    ),
    PersonaData(
        name="Marina Petrova",
        age=31,
        occupation="Primary school teacher",
        location="Saint Petersburg, Russia",
        segment="Home furnisher, first flat",
        quote="I came for a lamp and left with a rug, two plants and a plan for the whole living room.",
        bio=(
            "Marina and her partner have just moved into their first own flat. She shops on Saturdays, likes to "
            "touch fabrics before she buys and plans rooms with photos saved on her phone."
        ),
        goals="Furnish the living room on a teacher's budget; find ideas to copy; take small things home the same day.",
        needs="Room ideas at a glance; exact sizes and stock; someone to ask when a question arises; a fast checkout.",
        frustrations="Getting lost in a big store; queues on Saturdays; big items out of stock after a long walk.",
        motivations="A home that feels finished; inspiration; small treats she can afford.",
        hobbies="Indoor plants, Pinterest boards, weekend walks along the canals.",
        channels=("physical-store", "self-service-kiosk", "mobile-app", "website", "click-and-collect"),
    ),
    PersonaData(
        name="Viktor Orlov",
        age=63,
        occupation="Retired railway engineer",
        location="Saint Petersburg, Russia",
        segment="Catalogue loyalist, store shopper",
        quote="Show me the thing and tell me what it costs. I do not need an app for that.",
        bio=(
            "Viktor has kept every printed catalogue for ten years and circles what he wants with a pencil. He "
            "goes to the store by tram on weekdays, knows exactly what he came for and wants to leave quickly."
        ),
        goals="Buy exactly the items he circled; have heavy furniture delivered and carried in.",
        needs="A printed catalogue with prices; a short way to the item; staff who answer; delivery with carrying.",
        frustrations="Walking the whole showroom to reach one shelf; touch screens; delivery slots a week away.",
        motivations="Good value; reliable quality; being treated with respect by staff.",
        hobbies="Model railways, chess in the park, reading history books.",
        channels=("catalog-mail", "physical-store", "phone", "delivery"),
    ),
    PersonaData(
        name="Chen Jie",
        age=42,
        occupation="Accountant",
        location="Taichung, Taiwan",
        segment="Urgent replacement buyer, household appliances",
        quote="The machine died mid-cycle on Sunday. By Monday I need to know which one to buy and when it comes.",
        bio=(
            "Chen lives with his wife and two children in a fifth-floor flat without a lift. He compares "
            "everything on paper, trusts neighbours more than ads and asks questions in the residents' group "
            "before he buys anything expensive."
        ),
        goals="Replace the washing machine within a week; pick a model that lasts ten years; pay a fair price.",
        needs=(
            "A clear comparison of models for a small balcony; the full price with delivery and installation; "
            "fast answers to his questions; installers who carry it up five floors."
        ),
        frustrations="Waiting a day for a reply to a message; costs revealed at the last step; marketing jargon.",
        motivations="Keeping the household running; a sensible, well-researched purchase; neighbours' advice.",
        hobbies="Cycling along the Han River trails, spreadsheets of the family budget, cooking on Sundays.",
        channels=("social-media", "online-community", "chat-messaging", "marketplace", "physical-store", "phone"),
    ),
    PersonaData(
        name="Zhou Xinyi",
        age=21,
        occupation="University student and part-time barista",
        location="Shanghai, China",
        segment="Gen Z beauty community member",
        quote="If nobody in the group chat has tried it, I'm not buying it.",
        bio=(
            "Xinyi studies design and works weekend shifts in a café. She discovers brands through friends and "
            "community posts, not ads, and posts her own routine when a product earns it."
        ),
        goals="A simple skin routine that works for her skin; products she is proud to show; spending within her pay.",
        needs="Honest reviews from people like her; shade help; paying with one tap; fast, pretty delivery.",
        frustrations="Polished ads that look like every other brand; creating an account to pay; slow shipping.",
        motivations="Belonging to a community; self-expression; being the friend who finds things first.",
        hobbies="Film photography, bubble tea with friends, making short videos of her weekend.",
        channels=("online-community", "social-media", "word-of-mouth", "website", "delivery"),
    ),
    PersonaData(
        name="Grace Huang",
        age=35,
        occupation="Marketing manager",
        location="Taipei, Taiwan",
        segment="Busy omnichannel shopper (app, web and store)",
        quote="I start on my phone on the metro, finish on my laptop and pick up on the way home.",
        bio=(
            "Grace works long hours in Xinyi district and shops in the gaps: wish lists on the metro, checkout on "
            "the laptop at night, pick-up on the way home. She expects every channel to know what the others know."
        ),
        goals="Spend as little time as possible shopping; pick up the same day; return without a second trip.",
        needs="One basket on every device; stock per store; the full price early; pick-up without a queue.",
        frustrations="Re-adding items on another device; shipping cost at the last step; chatbots that can't help.",
        motivations="Saving time; a home that looks good in photos; loyalty points she actually uses.",
        hobbies="Yoga, weekend hikes on Elephant Mountain, interior design accounts on social media.",
        channels=("mobile-app", "website", "email", "sms", "click-and-collect", "physical-store", "social-media"),
    ),
)


CAR_BUYER = MapData(
    title="Car buyer: from TV ad to recommendation",
    template="customer-journey-eight-stages",
    description=(
        "Andrei learns about a new family crossover from a TV ad, looks for information online and compares "
        "prices, visits the nearest dealership for a test drive, negotiates the price, buys the car and shares "
        "his opinion on social networks. The recommendation stage is long: the car is driven for years.\n"
        "Путь покупателя автомобиля: от телевизионной рекламы до рекомендации."
    ),
    scope="A new family car bought at a dealership, from first awareness to the first year of ownership.",
    personas=("Andrei Sokolov",),
    lanes=("tv-outdoor", "search-ads", "website", "reviews", "dealership", "phone", "email", "social-media"),
    stages=(
        StageData(
            name="Information search",
            description="The TV ad plants the idea; Andrei looks for more on his phone the same evening.",
            customer_goal="Find out whether the new crossover fits the family's needs and budget.",
            drivers="Is it big enough for two child seats and a pram? What does it really cost? Is it reliable?",
            barriers="The ad shows no price; specifications are spread over many sites.",
            influence="A starting price and the family features in the ad; a landing page that continues the ad.",
            target_conversion=12,
        ),
        StageData(
            name="Comparison of offers",
            description="Trims, prices, warranties and owner reviews, compared online and by phone.",
            customer_goal="Choose a trim and a dealer with a fair price, and book a test drive.",
            drivers="Which trim is worth the money? What do owners complain about? Who has it in stock?",
            barriers="The website price differs from the dealers'; no stock information; unanswered complaints.",
            influence="One transparent price with options; stock per dealer; public answers to reviews.",
            target_csat=80,
            target_conversion=20,
        ),
        StageData(
            name="Decision",
            description="Dealership visit, test drive, price negotiation and the contract.",
            customer_goal="Be sure the car meets his expectations and agree a price he can defend at home.",
            drivers="Does it drive as well as the videos promise? Can I get a better trade-in value?",
            barriers="Waiting for a salesperson; extras added without asking; long paperwork.",
            influence="The booked car ready and greeted by name; a one-page price sheet; trade-in valued on the spot.",
            target_csat=85,
            target_conversion=35,
        ),
        StageData(
            name="Receipt",
            description="The car is prepared and handed over.",
            customer_goal="Take the car home on the agreed day, set up and understood.",
            drivers="Will it be ready on time? Will someone show me the phone pairing and the driver aids?",
            barriers="The handover date slips without notice; a rushed handover.",
            influence="Proactive date updates; an unhurried handover slot that includes the app pairing.",
            target_csat=90,
        ),
        StageData(
            name="Evaluation",
            description="The first weeks with the car; the brand asks how it went.",
            customer_goal="Confirm that the car and the purchase were a good choice.",
            drivers="Fuel use, comfort on the first family trip, how the dealer treated him.",
            barriers="Small surprises nobody mentioned; a survey that feels like a formality.",
            influence="A short survey two weeks after handover, read and answered by a person.",
            target_csat=85,
            target_nps=40,
        ),
        StageData(
            name="Customer service",
            description="The first question after the sale: a warning light on a frosty morning.",
            customer_goal="Get the problem explained or solved quickly, with minimal effort.",
            drivers="Is it serious? Can I still drive? Who do I call?",
            barriers="Long hold times; being sent from the call centre to the dealer and back.",
            influence="A call centre that solves the common questions in one call; short how-to videos.",
            target_csat=80,
        ),
        StageData(
            name="Retention",
            description="Service reminders, the first scheduled service and personal offers.",
            customer_goal="Decide whether to keep servicing the car, and later buy again, with the brand.",
            drivers="A fair service price; a courtesy car; being remembered.",
            barriers="Independent garages are cheaper; generic mass mailings.",
            influence="Reminders with a personal offer; a service visit that runs on time.",
            target_crr=70,
        ),
        StageData(
            name="Recommendation",
            description="Andrei tells friends and posts about the car in the owners' club and on review sites.",
            customer_goal="Share a good experience and help friends choose.",
            drivers="Pride in the car; a promo code for accessories in return for a review.",
            barriers="No invitation to share; nowhere obvious to post.",
            influence="An invitation three weeks after handover; answers from the brand to every post.",
            target_nps=50,
        ),
    ),
    touchpoints=(
        TouchpointData(
            key="tv-ad",
            stage="Information search",
            lane="tv-outdoor",
            title="TV ad during a football broadcast",
            description="A 30-second spot for the new crossover: a pram in the boot, two child seats, no price.",
            customer_action="Notices the car and remembers the model name.",
            emotion=1,
            expectation=3,
            next=("search",),
        ),
        TouchpointData(
            key="search",
            stage="Information search",
            lane="search-ads",
            title="Search for the model and its price",
            description="A paid search ad leads to the model page; organic results are dealer listings.",
            customer_action="Searches for the model name with 'price' and 'boot size' on his phone.",
            emotion=0,
            expectation=3,
            next=("landing",),
        ),
        TouchpointData(
            key="landing",
            stage="Information search",
            lane="website",
            title="Model landing page",
            description="Video walk-around, key figures and a 'from' price.",
            customer_action="Watches the video and checks the boot volume against his pram.",
            emotion=1,
            expectation=4,
            next=("configurator",),
        ),
        TouchpointData(
            key="configurator",
            stage="Comparison of offers",
            lane="website",
            title="Online configurator",
            description="Builds a trim with options and saves the configuration with an email address.",
            customer_action="Configures the mid trim with the winter package and saves it.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            conversion_rate=18,
            next=("owner-reviews", "price-comparison"),
        ),
        TouchpointData(
            key="owner-reviews",
            stage="Comparison of offers",
            lane="reviews",
            title="Owner reviews on a consumer platform",
            description="Mostly positive; several owners complain that the media system freezes.",
            customer_action="Reads a dozen reviews of the previous model year.",
            emotion=-1,
            expectation=3,
            next=("booking-call",),
        ),
        TouchpointData(
            key="price-comparison",
            stage="Comparison of offers",
            lane="search-ads",
            title="Price comparison across dealers",
            description="On an aggregator, prices for the same trim differ by up to 8%; some leave out options.",
            customer_action="Compares five dealers and doesn't know which price is real.",
            emotion=-2,
            expectation=2,
            next=("booking-call",),
        ),
        TouchpointData(
            key="booking-call",
            stage="Comparison of offers",
            lane="phone",
            title="Call to book a test drive",
            description="The call centre books a Saturday slot at the nearest dealership and confirms by SMS.",
            customer_action="Calls in his lunch break and books Saturday, 11:00.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            csat=86,
            next=("welcome",),
        ),
        TouchpointData(
            key="welcome",
            stage="Decision",
            lane="dealership",
            title="Arrival at the dealership",
            description="The booked car is not ready; the family waits twenty minutes for a salesperson.",
            customer_action="Arrives with his wife and children and waits in the showroom.",
            emotion=-1,
            expectation=2,
            next=("test-drive",),
        ),
        TouchpointData(
            key="test-drive",
            stage="Decision",
            lane="dealership",
            title="Test drive with the child seats",
            description="A 30-minute route including the ring road; child seats fitted on request.",
            customer_action="Drives with the family and folds the pram into the boot.",
            emotion=2,
            expectation=5,
            csat=92,
            next=("negotiation",),
        ),
        TouchpointData(
            key="negotiation",
            stage="Decision",
            lane="dealership",
            title="Price negotiation and trade-in",
            description="The offer includes a protection package he didn't ask for; the trade-in is valued low.",
            customer_action="Asks to remove the package and argues the trade-in up with the online estimate.",
            emotion=-1,
            expectation=2,
            next=("contract",),
        ),
        TouchpointData(
            key="contract",
            stage="Decision",
            lane="dealership",
            title="Signing the contract",
            description="Ninety minutes of paperwork; the same data typed again for the loan and the insurance.",
            customer_action="Signs the contract and pays the deposit.",
            emotion=0,
            expectation=2,
            is_micro_conversion=True,
            conversion_rate=34,
            next=("handover-date",),
        ),
        TouchpointData(
            key="handover-date",
            stage="Receipt",
            lane="email",
            title="Handover date email",
            description="The date slips by a week; he only finds out when he calls to check.",
            customer_action="Calls the dealer to ask where the car is.",
            emotion=-1,
            expectation=2,
            next=("handover",),
        ),
        TouchpointData(
            key="handover",
            stage="Receipt",
            lane="dealership",
            title="Handover of the car",
            description="A fifteen-minute explanation; pairing the phone and the app is left for later.",
            customer_action="Drives the new car home.",
            emotion=1,
            expectation=3,
            csat=78,
            next=("survey",),
        ),
        TouchpointData(
            key="survey",
            stage="Evaluation",
            lane="email",
            title="Satisfaction survey two weeks after handover",
            description="Three questions by email: satisfaction, likelihood to recommend, a free comment.",
            customer_action="Gives the purchase 9 out of 10 and mentions the paperwork in the comment.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            csat=84,
            nps=42,
            next=("warning-light",),
        ),
        TouchpointData(
            key="warning-light",
            stage="Customer service",
            lane="phone",
            title="Call about a tyre-pressure warning",
            description="The warning comes on at the first frost; the agent explains the reset in four minutes.",
            customer_action="Calls from the car park before work.",
            emotion=1,
            expectation=4,
            csat=88,
            next=("service-reminder",),
        ),
        TouchpointData(
            key="service-reminder",
            stage="Retention",
            lane="email",
            title="Service reminder with a personal offer",
            description="A reminder at 10,000 km with 15% off winter tyres fitted at the first service.",
            customer_action="Books the first service online from the email.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            crr=72,
            next=("first-service",),
        ),
        TouchpointData(
            key="first-service",
            stage="Retention",
            lane="dealership",
            title="First scheduled service",
            description="Ready on time, a courtesy car for the day and a free wash.",
            customer_action="Collects the car after work.",
            emotion=2,
            expectation=5,
            csat=91,
            crr=74,
            next=("owners-club",),
        ),
        TouchpointData(
            key="owners-club",
            stage="Recommendation",
            lane="social-media",
            title="Post in the owners' club",
            description="Photos from the first family trip and an honest review; the brand thanks him in a reply.",
            customer_action="Writes a long post: the car is great, the paperwork was not.",
            emotion=2,
            expectation=4,
            is_micro_conversion=True,
            nps=55,
            next=("platform-review",),
        ),
        TouchpointData(
            key="platform-review",
            stage="Recommendation",
            lane="reviews",
            title="Review on a consumer platform",
            description="Invited to review the car; a promo code for accessories in return.",
            customer_action="Posts a four-star review and uses the code for roof bars.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
        ),
    ),
    pain_points=(
        PainPointData(
            key="price-spread",
            stage="Comparison of offers",
            touchpoint="price-comparison",
            title="Prices differ between the aggregator, the website and the dealers",
            description="The same trim is listed at five prices; some leave out mandatory options.",
            severity=Severity.HIGH,
            cause=PainCause.PRICE,
            evidence={"price_spread_pct": 8, "dealers_compared": 5},
        ),
        PainPointData(
            key="unanswered-reviews",
            stage="Comparison of offers",
            touchpoint="owner-reviews",
            title="Media system freezes go unanswered in reviews",
            description="A software update fixed it months ago, but nobody says so where buyers read.",
            severity=Severity.MEDIUM,
            cause=PainCause.PRODUCT,
            evidence={"reviews_mentioning_freezes": 37, "brand_replies": 0},
        ),
        PainPointData(
            key="car-not-ready",
            stage="Decision",
            touchpoint="welcome",
            title="The booked test-drive car is not ready",
            description="The booking never reaches the dealer's preparation list.",
            severity=Severity.MEDIUM,
            cause=PainCause.SERVICE,
            evidence={"average_wait_minutes": 20},
        ),
        PainPointData(
            key="unwanted-extras",
            stage="Decision",
            touchpoint="negotiation",
            title="An unwanted protection package in the offer",
            description="Extras are added by default and removed only if the buyer notices.",
            severity=Severity.HIGH,
            cause=PainCause.PRICE,
        ),
        PainPointData(
            key="paperwork",
            stage="Decision",
            touchpoint="contract",
            title="Ninety minutes of paperwork, the same data typed twice",
            description="Contract, loan and insurance run on three systems that don't share data.",
            severity=Severity.MEDIUM,
            cause=PainCause.USABILITY,
            evidence={"average_contract_minutes": 90},
        ),
        PainPointData(
            key="silent-delay",
            stage="Receipt",
            touchpoint="handover-date",
            title="The handover date slips without notice",
            description="Buyers find out about delays only when they call.",
            severity=Severity.HIGH,
            cause=PainCause.DELIVERY,
            evidence={"late_handovers_pct": 23},
        ),
        PainPointData(
            key="rushed-handover",
            stage="Receipt",
            touchpoint="handover",
            title="Phone and app pairing left for later",
            description="The handover slot is too short to set up the car with the owner.",
            severity=Severity.LOW,
            cause=PainCause.INFORMATION,
        ),
    ),
    opportunities=(
        OpportunityData(
            stage="Comparison of offers",
            touchpoint="price-comparison",
            title="One transparent price everywhere",
            description="Buyers should see the same price with mandatory options on every channel.",
            action="Publish the dealer price with mandatory options on the website and feed it to the aggregators.",
            impact=5,
            effort=3,
            status=OpportunityStatus.PLANNED,
            action_owner="Head of digital sales",
            due_in_days=45,
            pain_points=("price-spread",),
        ),
        OpportunityData(
            stage="Comparison of offers",
            touchpoint="owner-reviews",
            title="Answer every review and publish the media system fix",
            description="Turn the most-read complaint into proof that the brand listens.",
            action="Reply to every review within 48 hours; publish the update and how to install it.",
            impact=3,
            effort=1,
            status=OpportunityStatus.IN_PROGRESS,
            action_owner="PR and community manager",
            due_in_days=14,
            pain_points=("unanswered-reviews",),
        ),
        OpportunityData(
            stage="Decision",
            touchpoint="welcome",
            title="The car ready before the family arrives",
            description="A booked test drive should start the minute the customer walks in.",
            action="Send every booking to the dealer's preparation list; car washed, seats fitted 30 minutes before.",
            impact=4,
            effort=2,
            status=OpportunityStatus.IDEA,
            action_owner="Dealer network manager",
            due_in_days=30,
            pain_points=("car-not-ready",),
        ),
        OpportunityData(
            stage="Decision",
            touchpoint="negotiation",
            title="Extras only on request",
            description="A price the buyer can trust at the table.",
            action="A one-page price sheet; protection packages offered as an option, never added by default.",
            impact=3,
            effort=1,
            status=OpportunityStatus.DONE,
            action_owner="Sales director",
            due_in_days=-10,
            pain_points=("unwanted-extras",),
        ),
        OpportunityData(
            stage="Decision",
            touchpoint="contract",
            title="One digital contract",
            description="Type the data once; sign once.",
            action="Pre-fill contract, loan and insurance from the saved configuration; sign electronically.",
            impact=4,
            effort=4,
            status=OpportunityStatus.PLANNED,
            action_owner="Product owner, sales systems",
            due_in_days=120,
            pain_points=("paperwork",),
        ),
        OpportunityData(
            stage="Receipt",
            touchpoint="handover",
            title="Proactive handover updates and a longer handover",
            description="No surprises between signing and driving away.",
            action="Automatic SMS and email when the date changes; a 45-minute handover including app pairing.",
            impact=4,
            effort=2,
            status=OpportunityStatus.IN_PROGRESS,
            action_owner="After-sales manager",
            due_in_days=21,
            pain_points=("silent-delay", "rushed-handover"),
        ),
        OpportunityData(
            stage="Recommendation",
            touchpoint="platform-review",
            title="Invite owners to share, with a reward",
            description="Satisfied owners rarely post unless asked.",
            action="Three weeks after handover, invite a review or owners' club post with an accessories promo code.",
            impact=3,
            effort=2,
            status=OpportunityStatus.IDEA,
            action_owner="CRM manager",
            due_in_days=60,
        ),
    ),
)


IN_STORE_SHOPPER = MapData(
    title="In-store shopper: from shop window to checkout",
    template="buyer-path-three-stages",
    description=(
        "A visit to the Norda Home furniture store. The shop window is the first thing a passer-by sees; inside, "
        "a guided path in the manner of IKEA leads through hot and cold zones; POS displays prompt impulse buys; "
        "self-service kiosks open the catalogue; staff greet every visitor at the door."
    ),
    scope="One Saturday store visit, from the street to the car park, for a young home furnisher and a retiree.",
    personas=("Marina Petrova", "Viktor Orlov"),
    journey_type=JourneyType.EMOTIONAL,
    lanes=(
        "tv-outdoor",
        "catalog-mail",
        "website",
        "mobile-app",
        "physical-store",
        "self-service-kiosk",
        "customer-service",
        "delivery",
    ),
    stages=(
        StageData(
            name="Need recognition",
            description="A poster, the catalogue or the window turns 'one day' into 'today'.",
            customer_goal="Notice that the home needs something new and that Norda Home has it.",
            drivers="A window that looks like a real room; the new catalogue; 'what would that look like at home?'",
            barriers="Passers-by don't see the store as theirs; no time to browse.",
            influence="A strong, recognisable window changed monthly; catalogue room ideas with opening hours.",
            target_conversion=8,
        ),
        StageData(
            name="Consideration",
            description="Inside the store: greeting, the guided path, kiosks and advice.",
            customer_goal="Find ideas and the right items without getting lost.",
            drivers="Room settings show how things go together; can I check size and stock myself?",
            barriers="A long one-way path feels like a maze; nobody around when a question comes up.",
            influence="Signed shortcuts; a kiosk in every department; staff trained to greet and offer help.",
            target_csat=80,
        ),
        StageData(
            name="Decision",
            description="Impulse buys at the checkout, paying, and getting big items home.",
            customer_goal="Buy what fits the budget and get it home.",
            drivers="Small treats by the tills; 'will it fit in the car?'",
            barriers="Saturday queues; delivery slots days away.",
            influence="POS displays with small add-ons; self-checkout; delivery booked where the customer stands.",
            target_csat=85,
            target_nps=30,
            target_conversion=45,
        ),
    ),
    touchpoints=(
        TouchpointData(
            key="poster",
            stage="Need recognition",
            lane="tv-outdoor",
            title="Street poster on the way to the metro",
            description="The new living-room collection and 'open until 22:00'.",
            customer_action="Glances at it twice a day on the way to work.",
            emotion=0,
            expectation=3,
            next=("window",),
        ),
        TouchpointData(
            key="catalogue",
            stage="Need recognition",
            lane="catalog-mail",
            title="Printed catalogue in the letterbox",
            description="Seasonal catalogue with room ideas, prices and a store map.",
            customer_action="Circles a reading lamp and a bookcase with a pencil.",
            emotion=1,
            expectation=4,
            persona="Viktor Orlov",
            next=("greeting",),
        ),
        TouchpointData(
            key="stock-check",
            stage="Need recognition",
            lane="website",
            title="Store page: hours, parking and stock",
            description="Stock for the rug she saw shows only as 'limited'.",
            customer_action="Checks whether the rug is in stock before setting off.",
            emotion=0,
            expectation=2,
            persona="Marina Petrova",
            next=("window",),
        ),
        TouchpointData(
            key="window",
            stage="Need recognition",
            lane="physical-store",
            title="Shop window styled as a living room",
            description="A full room set in warm light, visible from the tram stop.",
            customer_action="Stops, looks, and goes in 'just for ten minutes'.",
            emotion=2,
            expectation=4,
            is_micro_conversion=True,
            conversion_rate=7.5,
            next=("greeting",),
        ),
        TouchpointData(
            key="greeting",
            stage="Consideration",
            lane="customer-service",
            title="Greeting at the entrance",
            description="A co-worker says hello, hands out a map, a pencil and a bag, and points to the kiosks.",
            customer_action="Takes a bag and a map.",
            emotion=1,
            expectation=4,
            csat=86,
            next=("guided-path",),
        ),
        TouchpointData(
            key="guided-path",
            stage="Consideration",
            lane="physical-store",
            title="Guided path through the showroom",
            description="A one-way path through room settings: hot zones for the new collection, cold for storage.",
            customer_action="Follows the arrows and spends fifty minutes instead of ten.",
            emotion=1,
            expectation=4,
            next=("kiosk", "shortcut"),
        ),
        TouchpointData(
            key="shortcut",
            stage="Consideration",
            lane="physical-store",
            title="Looking for a way back to the lamps",
            description="Shortcuts exist but are not signed.",
            customer_action="Walks the whole loop a second time.",
            emotion=-2,
            expectation=1,
            persona="Viktor Orlov",
            next=("staff-advice",),
        ),
        TouchpointData(
            key="kiosk",
            stage="Consideration",
            lane="self-service-kiosk",
            title="Self-service kiosk with the catalogue",
            description="Search the catalogue; see sizes, colours, stock and the aisle to collect from.",
            customer_action="Finds the rug in 200 x 300 cm and the aisle it is in.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            persona="Marina Petrova",
            next=("shopping-list",),
        ),
        TouchpointData(
            key="shopping-list",
            stage="Consideration",
            lane="mobile-app",
            title="Scanning price tags into the app's list",
            description="Each scanned tag adds the item and its aisle to a shopping list.",
            customer_action="Builds a list of six items as she walks.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            persona="Marina Petrova",
            next=("pos-display",),
        ),
        TouchpointData(
            key="staff-advice",
            stage="Consideration",
            lane="customer-service",
            title="Asking about bookcase depth",
            description="One advisor for the whole department on a Saturday; a fifteen-minute wait.",
            customer_action="Waits, then gets the answer and the item number.",
            emotion=-1,
            expectation=2,
            csat=61,
            persona="Viktor Orlov",
            next=("delivery-desk",),
        ),
        TouchpointData(
            key="pos-display",
            stage="Decision",
            lane="physical-store",
            title="POS displays along the checkout lane",
            description="Candles, plants and storage boxes at 'grab' prices beside the queue.",
            customer_action="Adds two plants and a set of candles she did not plan to buy.",
            emotion=1,
            expectation=4,
            conversion_rate=38,
            next=("checkout-queue", "self-checkout"),
        ),
        TouchpointData(
            key="checkout-queue",
            stage="Decision",
            lane="physical-store",
            title="Checkout queue",
            description="Four tills of ten open on a Saturday afternoon; an eighteen-minute wait.",
            customer_action="Queues with a full trolley.",
            emotion=-2,
            expectation=1,
            csat=48,
            next=("delivery-desk",),
        ),
        TouchpointData(
            key="self-checkout",
            stage="Decision",
            lane="self-service-kiosk",
            title="Self-checkout for small items",
            description="Scan and pay; big items still need a staffed till.",
            customer_action="Pays for the plants, candles and rug in three minutes.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            csat=82,
            persona="Marina Petrova",
            next=("digital-receipt",),
        ),
        TouchpointData(
            key="delivery-desk",
            stage="Decision",
            lane="customer-service",
            title="Booking home delivery for the bookcase",
            description="The next free slot is in six days; no evening slots.",
            customer_action="Takes the Thursday morning slot.",
            emotion=-1,
            expectation=2,
            persona="Viktor Orlov",
            next=("home-delivery",),
        ),
        TouchpointData(
            key="home-delivery",
            stage="Decision",
            lane="delivery",
            title="Home delivery and carrying in",
            description="A four-hour window; the driver carries the bookcase to the fourth floor.",
            customer_action="Waits at home all morning; thanks the driver.",
            emotion=1,
            expectation=3,
            persona="Viktor Orlov",
        ),
        TouchpointData(
            key="digital-receipt",
            stage="Decision",
            lane="mobile-app",
            title="Digital receipt and loyalty points",
            description="The receipt lands in the app with points and a one-question survey.",
            customer_action="Rates the visit four out of five.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            csat=79,
            nps=28,
            persona="Marina Petrova",
        ),
    ),
    pain_points=(
        PainPointData(
            key="vague-stock",
            stage="Need recognition",
            touchpoint="stock-check",
            title="Stock online says only 'limited'",
            description="Customers travel without knowing whether the item will be there.",
            severity=Severity.MEDIUM,
            cause=PainCause.INFORMATION,
        ),
        PainPointData(
            key="maze",
            stage="Consideration",
            touchpoint="shortcut",
            title="Unsigned shortcuts turn the guided path into a maze",
            description="Customers who know what they want must walk the whole loop.",
            severity=Severity.HIGH,
            cause=PainCause.USABILITY,
            evidence={"average_visit_minutes": 74, "path_complaints_per_month": 41},
        ),
        PainPointData(
            key="few-advisors",
            stage="Consideration",
            touchpoint="staff-advice",
            title="Too few advisors at weekend peaks",
            description="Questions wait while the advisor serves one customer at a time.",
            severity=Severity.HIGH,
            cause=PainCause.SERVICE,
        ),
        PainPointData(
            key="queues",
            stage="Decision",
            touchpoint="checkout-queue",
            title="Long Saturday checkout queues",
            description="Most tills are closed when the store is fullest.",
            severity=Severity.CRITICAL,
            cause=PainCause.SERVICE,
            evidence={"average_wait_minutes": 18, "trolleys_abandoned_per_saturday": 26},
        ),
        PainPointData(
            key="late-delivery",
            stage="Decision",
            touchpoint="delivery-desk",
            title="Delivery six days away, no evening slots",
            description="Working customers must take a morning off to receive furniture.",
            severity=Severity.MEDIUM,
            cause=PainCause.DELIVERY,
        ),
    ),
    opportunities=(
        OpportunityData(
            stage="Need recognition",
            touchpoint="stock-check",
            title="Exact stock per store online",
            description="Let customers see the number on the shelf before they travel.",
            action="Show the exact quantity and aisle per store on the website and in the app.",
            impact=3,
            effort=2,
            status=OpportunityStatus.PLANNED,
            action_owner="E-commerce lead",
            due_in_days=40,
            pain_points=("vague-stock",),
        ),
        OpportunityData(
            stage="Consideration",
            touchpoint="shortcut",
            title="Signed shortcuts and an express route",
            description="Keep the inspiring path for browsers and a quick way for those on a mission.",
            action="Sign every shortcut; print an express route on the store map.",
            impact=4,
            effort=1,
            status=OpportunityStatus.DONE,
            action_owner="Store manager",
            due_in_days=-7,
            pain_points=("maze",),
        ),
        OpportunityData(
            stage="Consideration",
            touchpoint="kiosk",
            title="'Call an advisor' on the kiosks",
            description="Send a free advisor to the customer instead of the customer searching for one.",
            action="A kiosk button pages the nearest free advisor and shows the expected wait.",
            impact=4,
            effort=3,
            status=OpportunityStatus.IN_PROGRESS,
            action_owner="Retail operations",
            due_in_days=30,
            pain_points=("few-advisors",),
        ),
        OpportunityData(
            stage="Decision",
            touchpoint="checkout-queue",
            title="More self-checkouts and Saturday queue-busting",
            description="Match the tills to the peak.",
            action="Six more self-checkouts; mobile card readers for staff along the queue on Saturdays.",
            impact=5,
            effort=3,
            status=OpportunityStatus.PLANNED,
            action_owner="Store manager",
            due_in_days=20,
            pain_points=("queues",),
        ),
        OpportunityData(
            stage="Decision",
            touchpoint="delivery-desk",
            title="Evening delivery slots, booked at the kiosk",
            description="Deliver when working customers are at home.",
            action="Add 18:00-22:00 slots with the delivery partner and let customers book them at any kiosk.",
            impact=3,
            effort=4,
            status=OpportunityStatus.IDEA,
            action_owner="Logistics partner manager",
            due_in_days=90,
            pain_points=("late-delivery",),
        ),
    ),
)


APPLIANCE_BUYER = MapData(
    title="Washing machine buyer: from social media to brand advocate",
    template="social-media-six-stages",
    description=(
        "Aquora sells household appliances through retailers and a marketplace store, and meets its buyers in "
        "social networks. Chen's old washing machine broke mid-cycle, so he skipped straight to searching; the map "
        "follows a rational journey through all six stages, with the drivers, barriers and ways to influence of each."
    ),
    scope="Replacing a broken washing machine, from the first ad to recommending the model to neighbours.",
    personas=("Chen Jie",),
    lanes=(
        "social-media",
        "online-community",
        "chat-messaging",
        "search-ads",
        "website",
        "marketplace",
        "physical-store",
        "delivery",
    ),
    stages=(
        StageData(
            name="Awareness: need formation",
            description="Social networks can meet a need and also create it.",
            customer_goal="Notice that the old machine won't last, or face it when it breaks.",
            drivers="A machine that stops mid-cycle; an ad in the new-homeowners group: 'time for new appliances?'",
            barriers="While the old machine works, there is no need.",
            influence="Reach new-home communities and owners of old machines at the right time with the right message.",
            target_conversion=3,
        ),
        StageData(
            name="Engagement: information search",
            description="The user explores the category and what is available.",
            customer_goal="Understand which kind of machine solves the problem.",
            drivers="Front or top loader? Which capacity for a family of four? What do other people say?",
            barriers="Doubts: 'new machines break in three years'; jargon.",
            influence="Explainer posts and short videos; objections answered in the comments, fast.",
            target_conversion=10,
        ),
        StageData(
            name="Consideration: analysing offers",
            description="The user is sure he needs a machine; now brand, model and price.",
            customer_goal="Choose a model that fits the balcony, the family and the budget.",
            drivers="Which model fits a 60 cm balcony niche? Is an inverter motor worth the price?",
            barriers="Complaints about vibration and smell that come from wrong installation, read as poor quality.",
            influence="Compare the models with each other; show how to install and use the machine correctly.",
            target_csat=75,
        ),
        StageData(
            name="Purchase: the sale",
            description="The user picks the best offer and decides where to buy.",
            customer_goal="Buy at a fair price with delivery and installation that fit the week.",
            drivers="Where can I buy it? How fast will it come? Is there a promotion?",
            barriers="No shop links; delivery cost unclear; slow answers to messages.",
            influence="Promotions, shop links, delivery and price details in posts; fast replies in comments and DMs.",
            target_csat=80,
            target_conversion=25,
        ),
        StageData(
            name="Loyalty: using the product",
            description="The brand stays in touch after the sale.",
            customer_goal="Get the best out of the machine and keep it running for years.",
            drivers="Satisfaction with the purchase; useful tips; an active owners' community.",
            barriers="Being left alone after the sale.",
            influence="Useful content, contests and conversation in the community; offers for matching appliances.",
            target_csat=85,
            target_crr=40,
        ),
        StageData(
            name="Brand advocate",
            description="A satisfied owner shares the experience where others decide.",
            customer_goal="Share a good experience and help neighbours choose.",
            drivers="Pride in a well-researched purchase; rewards for reviews.",
            barriers="Nowhere obvious to post a review.",
            influence="A review section on the brand page; promo codes for photo reviews.",
            target_nps=45,
        ),
    ),
    touchpoints=(
        TouchpointData(
            key="community-ad",
            stage="Awareness: need formation",
            lane="social-media",
            title="Ad in a new-homeowners group",
            description="'Moving in? Time to think about new appliances' shown to a residential development's group.",
            customer_action="Saves the post; a week later his old machine starts leaking.",
            emotion=0,
            expectation=3,
            is_micro_conversion=True,
            conversion_rate=2.4,
            next=("explainer",),
        ),
        TouchpointData(
            key="residents-thread",
            stage="Awareness: need formation",
            lane="online-community",
            title="'Our machine died, what did you buy?'",
            description="Chen's own post in the residents' group after the machine stopped mid-cycle.",
            customer_action="Asks neighbours for recommendations; three of them name Aquora.",
            emotion=-1,
            expectation=3,
            next=("explainer", "search"),
        ),
        TouchpointData(
            key="explainer",
            stage="Engagement: information search",
            lane="social-media",
            title="Explainer video: front or top loader?",
            description="Drum types, capacity for each family size and energy labels in ninety seconds.",
            customer_action="Watches it twice and reads the comments.",
            emotion=1,
            expectation=4,
            next=("durability-question",),
        ),
        TouchpointData(
            key="durability-question",
            stage="Engagement: information search",
            lane="social-media",
            title="'New machines break in three years' in the comments",
            description="The brand replies with the motor warranty and a lab test video the same afternoon.",
            customer_action="Asks whether the motor warranty covers the drum bearings.",
            emotion=0,
            expectation=3,
            next=("comparison",),
        ),
        TouchpointData(
            key="search",
            stage="Engagement: information search",
            lane="search-ads",
            title="Search: 'best 8 kg washing machine'",
            description="A paid result leads to the model comparison page.",
            customer_action="Opens the comparison page and two review sites.",
            emotion=0,
            expectation=3,
            next=("comparison",),
        ),
        TouchpointData(
            key="comparison",
            stage="Consideration: analysing offers",
            lane="website",
            title="'Which machine for which home' comparison",
            description="Models compared by capacity, depth for small balconies, noise and price.",
            customer_action="Shortlists two 60 cm-deep models.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            conversion_rate=22,
            next=("marketplace-reviews", "installation-video"),
        ),
        TouchpointData(
            key="marketplace-reviews",
            stage="Consideration: analysing offers",
            lane="marketplace",
            title="One-star reviews: 'it shakes'",
            description="Most low ratings cite vibration; most of those owners left the transport bolts in.",
            customer_action="Starts to doubt the shortlisted model.",
            emotion=-2,
            expectation=2,
            next=("installation-video",),
        ),
        TouchpointData(
            key="installation-video",
            stage="Consideration: analysing offers",
            lane="social-media",
            title="Video: levelling the machine and cleaning the drum",
            description="Shows that vibration and smell come from installation and use, not from the machine.",
            customer_action="Understands the reviews and keeps the model on the list.",
            emotion=1,
            expectation=4,
            next=("owners-answers",),
        ),
        TouchpointData(
            key="owners-answers",
            stage="Consideration: analysing offers",
            lane="online-community",
            title="Owners' group answers",
            description="Owners post photos of their balcony installations; a brand moderator joins in.",
            customer_action="Asks about the niche size and gets four answers within an hour.",
            emotion=1,
            expectation=4,
            next=("delivery-question",),
        ),
        TouchpointData(
            key="delivery-question",
            stage="Purchase: the sale",
            lane="chat-messaging",
            title="Private message: delivery to the fifth floor?",
            description="The answer about carrying without a lift and the final price comes 26 hours later.",
            customer_action="Asks by private message, then keeps checking his phone.",
            emotion=-2,
            expectation=1,
            next=("promotion",),
        ),
        TouchpointData(
            key="promotion",
            stage="Purchase: the sale",
            lane="social-media",
            title="Weekend promotion with shop links",
            description="Free installation at partner shops; links to the marketplace store and three retailers.",
            customer_action="Taps through to the marketplace store.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            conversion_rate=6.5,
            next=("marketplace-order", "retailer-visit"),
        ),
        TouchpointData(
            key="retailer-visit",
            stage="Purchase: the sale",
            lane="physical-store",
            title="Seeing the model at a partner retailer",
            description="The drum and door in person; the shop price matches the online one.",
            customer_action="Opens and closes the door, checks the depth with a tape measure.",
            emotion=1,
            expectation=4,
            next=("marketplace-order",),
        ),
        TouchpointData(
            key="marketplace-order",
            stage="Purchase: the sale",
            lane="marketplace",
            title="Order in the marketplace store",
            description="The 8 kg inverter model with free installation; the delivery fee appears at the last step.",
            customer_action="Places the order after hesitating over the fee.",
            emotion=0,
            expectation=3,
            is_micro_conversion=True,
            conversion_rate=27,
            next=("installation",),
        ),
        TouchpointData(
            key="installation",
            stage="Loyalty: using the product",
            lane="delivery",
            title="Delivery and installation",
            description="Two installers carry it up five floors, remove the transport bolts, level it, test a cycle.",
            customer_action="Watches the test cycle; signs the installation sheet.",
            emotion=2,
            expectation=5,
            csat=93,
            next=("care-tips",),
        ),
        TouchpointData(
            key="care-tips",
            stage="Loyalty: using the product",
            lane="online-community",
            title="Monthly care tips and a laundry-hack contest",
            description="Posts on drum cleaning and detergent doses; a contest for the best tip.",
            customer_action="Joins the owners' group and enters his own tip.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            crr=41,
            next=("dryer-offer",),
        ),
        TouchpointData(
            key="dryer-offer",
            stage="Loyalty: using the product",
            lane="social-media",
            title="Offer: the matching dryer for owners",
            description="10% off the matching heat-pump dryer, for owners only.",
            customer_action="Saves the offer for the rainy season.",
            emotion=0,
            expectation=3,
            conversion_rate=4,
        ),
        TouchpointData(
            key="photo-review",
            stage="Brand advocate",
            lane="social-media",
            title="Photo review on the brand page",
            description="The review section on the page; a promo code for detergent for every photo review.",
            customer_action="Posts a photo of the machine in the balcony niche.",
            emotion=2,
            expectation=4,
            is_micro_conversion=True,
            nps=52,
            next=("neighbour-recommendation",),
        ),
        TouchpointData(
            key="neighbour-recommendation",
            stage="Brand advocate",
            lane="online-community",
            title="Recommending the model in the residents' group",
            description="A neighbour asks the same question Chen asked a month ago.",
            customer_action="Answers with his own photos and the installation video.",
            emotion=2,
            expectation=5,
            is_micro_conversion=True,
        ),
    ),
    pain_points=(
        PainPointData(
            key="durability-doubts",
            stage="Engagement: information search",
            touchpoint="durability-question",
            title="Fear that new machines break quickly",
            description="The most common objection under every ad.",
            severity=Severity.MEDIUM,
            cause=PainCause.PRODUCT,
        ),
        PainPointData(
            key="misread-reviews",
            stage="Consideration: analysing offers",
            touchpoint="marketplace-reviews",
            title="Use problems read as quality problems",
            description="Vibration from transport bolts left in looks like a faulty machine.",
            severity=Severity.HIGH,
            cause=PainCause.INFORMATION,
            evidence={"one_star_reviews_citing_vibration_pct": 64, "of_them_bolts_left_in_pct": 80},
        ),
        PainPointData(
            key="slow-messages",
            stage="Purchase: the sale",
            touchpoint="delivery-question",
            title="Slow answers to private messages",
            description="Messages are read once a day by the marketing team.",
            severity=Severity.CRITICAL,
            cause=PainCause.SERVICE,
            evidence={"median_first_reply_hours": 26},
        ),
        PainPointData(
            key="hidden-fee",
            stage="Purchase: the sale",
            touchpoint="marketplace-order",
            title="Delivery fee shown only at the last step",
            description="The fee for floors without a lift appears after the address.",
            severity=Severity.MEDIUM,
            cause=PainCause.PRICE,
        ),
        PainPointData(
            key="no-shop-links",
            stage="Purchase: the sale",
            title="No shop links outside promotions",
            description="Regular posts say 'available at retailers' without links or stock.",
            severity=Severity.MEDIUM,
            cause=PainCause.INFORMATION,
        ),
    ),
    opportunities=(
        OpportunityData(
            stage="Engagement: information search",
            touchpoint="durability-question",
            title="Durability proof pinned under every ad",
            description="Answer the objection before it is asked.",
            action="A saved reply with the ten-year motor warranty and the lab test video, pinned as first comment.",
            impact=3,
            effort=1,
            status=OpportunityStatus.DONE,
            action_owner="SMM lead",
            due_in_days=-5,
            pain_points=("durability-doubts",),
        ),
        OpportunityData(
            stage="Consideration: analysing offers",
            touchpoint="installation-video",
            title="Installation guide with every model",
            description="Most objections disappear if buyers learn early how to use the machine.",
            action="Pin the levelling video to every model post and listing; a QR code to it on the drum sticker.",
            impact=4,
            effort=1,
            status=OpportunityStatus.DONE,
            action_owner="SMM lead",
            due_in_days=-20,
            pain_points=("misread-reviews",),
        ),
        OpportunityData(
            stage="Purchase: the sale",
            touchpoint="delivery-question",
            title="One-hour reply promise in messages",
            description="A buyer ready to pay should not wait a day for an answer.",
            action="A chat rota from 9:00 to 21:00 with saved answers on delivery, floors and prices; a bot at night.",
            impact=5,
            effort=3,
            status=OpportunityStatus.IN_PROGRESS,
            action_owner="Customer care lead",
            due_in_days=14,
            pain_points=("slow-messages",),
        ),
        OpportunityData(
            stage="Purchase: the sale",
            touchpoint="marketplace-order",
            title="The full price and where to buy, in every post",
            description="Price, delivery and shops together, not spread over three places.",
            action="Show delivery and installation cost by region and links to shops with stock in every model post.",
            impact=3,
            effort=2,
            status=OpportunityStatus.PLANNED,
            action_owner="Marketplace manager",
            due_in_days=30,
            pain_points=("hidden-fee", "no-shop-links"),
        ),
        OpportunityData(
            stage="Brand advocate",
            touchpoint="photo-review",
            title="Rewards for photo reviews",
            description="Owners' photos answer the questions buyers ask.",
            action="A detergent promo code for every photo review; a monthly prize for the most helpful one.",
            impact=3,
            effort=2,
            status=OpportunityStatus.IDEA,
            action_owner="Community manager",
            due_in_days=60,
        ),
    ),
)


BEAUTY_COMMUNITY = MapData(
    title="Halo Daily: a beauty brand built on its community",
    template="ecommerce-three-stages",
    description=(
        "Halo Daily started as Bare Notes, a site of honest how-to articles and readers' routines, and launched "
        "products only once readers trusted it. The online journey begins with friends and the community, not "
        "with ads; the site makes buying easy; delivery, packaging, follow-up and service earn the next purchase."
    ),
    scope="A Gen Z customer's first purchase and the three months after it.",
    personas=("Zhou Xinyi",),
    journey_type=JourneyType.COMBINED,
    lanes=(
        "word-of-mouth",
        "online-community",
        "social-media",
        "search-ads",
        "website",
        "email",
        "delivery",
        "customer-service",
    ),
    stages=(
        StageData(
            name="Awareness",
            description="Word of mouth and the community do most of the work here.",
            customer_goal="Learn about the brand, mostly from friends and the community.",
            drivers="A friend's skin; 'what's in your routine?'; honest articles by people like her.",
            barriers="Distrust of ads; too many new brands.",
            influence="Content and conversation first; give the top 100 fans a stage.",
            target_conversion=4,
        ),
        StageData(
            name="Conversion",
            description="From the community to the shop: as few clicks as possible.",
            customer_goal="Buy in a few taps, paying the way she likes.",
            drivers="Shade match, bundles, free shipping.",
            barriers="Account creation before paying; missing payment options; shade doubts.",
            influence="Guest checkout; Apple Pay, PayPal and Google Pay; a shade finder with members' photos.",
            target_csat=85,
            target_conversion=3.5,
        ),
        StageData(
            name="Loyalty",
            description="Every touchpoint after payment decides the next purchase and the recommendation.",
            customer_goal="Be impressed by delivery, packaging, follow-up and service.",
            drivers="An unboxing worth a photo; fast shipping; helpful follow-up.",
            barriers="Slow shipping; generic emails; service only by email form.",
            influence="Fast shipping, reusable packaging, routine emails, service in social messages too.",
            target_csat=90,
            target_nps=60,
            target_crr=45,
        ),
    ),
    touchpoints=(
        TouchpointData(
            key="friend",
            stage="Awareness",
            lane="word-of-mouth",
            title="A friend's recommendation over bubble tea",
            description="Her roommate credits the Halo Daily balm for her skin and shows the pink pouch.",
            customer_action="Asks for the name and photographs the tube.",
            emotion=2,
            expectation=4,
            next=("member-thread", "bare-notes"),
        ),
        TouchpointData(
            key="bare-notes",
            stage="Awareness",
            lane="online-community",
            title="Bare Notes article: 'My five-minute routine'",
            description="A how-to piece on the brand's content site; readers add their routines in the comments.",
            customer_action="Reads it and scrolls the comments for people with similar skin.",
            emotion=1,
            expectation=5,
            is_micro_conversion=True,
            next=("product-page",),
        ),
        TouchpointData(
            key="member-thread",
            stage="Awareness",
            lane="online-community",
            title="Members' routine thread",
            description="Fans post before-and-after photos and shade tips; the brand replies as a peer.",
            customer_action="Follows the thread.",
            emotion=1,
            expectation=4,
            next=("member-video",),
        ),
        TouchpointData(
            key="member-video",
            stage="Awareness",
            lane="social-media",
            title="Short video from a member, not an influencer",
            description="The balm on three skin tones, no filter.",
            customer_action="Saves it and sends it to a friend.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            next=("product-page",),
        ),
        TouchpointData(
            key="retargeting",
            stage="Awareness",
            lane="search-ads",
            title="Retargeting ad after the first visit",
            description="A polished ad that looks like any other brand's.",
            customer_action="Scrolls past it.",
            emotion=-1,
            expectation=2,
            conversion_rate=0.6,
        ),
        TouchpointData(
            key="product-page",
            stage="Conversion",
            lane="website",
            title="Product page with members' photos",
            description="A shade finder and reviews with photos from the community.",
            customer_action="Finds her shade and adds the balm and cleanser bundle to the bag.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            conversion_rate=9.5,
            next=("free-shipping",),
        ),
        TouchpointData(
            key="free-shipping",
            stage="Conversion",
            lane="website",
            title="Free-shipping nudge",
            description="'Add ¥40 more for free shipping', with three travel sizes suggested.",
            customer_action="Adds a travel-size lip balm.",
            emotion=0,
            expectation=3,
            conversion_rate=18,
            next=("account-wall",),
        ),
        TouchpointData(
            key="account-wall",
            stage="Conversion",
            lane="website",
            title="Checkout asks her to create an account",
            description="Password rules and an email confirmation before she can pay.",
            customer_action="Leaves to find the confirmation email; nearly doesn't come back.",
            emotion=-2,
            expectation=1,
            conversion_rate=58,
            next=("one-tap-payment",),
        ),
        TouchpointData(
            key="one-tap-payment",
            stage="Conversion",
            lane="website",
            title="One-tap payment",
            description="Apple Pay, PayPal and Google Pay; no Alipay or WeChat Pay.",
            customer_action="Pays with one tap; her mother, who wanted to order too, cannot.",
            emotion=1,
            expectation=3,
            is_micro_conversion=True,
            conversion_rate=71,
            next=("order-confirmation",),
        ),
        TouchpointData(
            key="order-confirmation",
            stage="Conversion",
            lane="email",
            title="Order confirmation",
            description="The order, a delivery estimate and 'how to use your balm'.",
            customer_action="Opens it and reads the tips.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            next=("shipping",),
        ),
        TouchpointData(
            key="shipping",
            stage="Loyalty",
            lane="delivery",
            title="Six days in transit",
            description="One warehouse far away; tracking stops updating for three days.",
            customer_action="Refreshes the tracking page every evening.",
            emotion=-1,
            expectation=2,
            csat=64,
            next=("unboxing",),
        ),
        TouchpointData(
            key="unboxing",
            stage="Loyalty",
            lane="delivery",
            title="Unboxing: the pink pouch",
            description="A reusable pouch, stickers and a handwritten note.",
            customer_action="Posts the unboxing in her story.",
            emotion=2,
            expectation=5,
            is_micro_conversion=True,
            csat=94,
            next=("her-routine",),
        ),
        TouchpointData(
            key="routine-email",
            stage="Loyalty",
            lane="email",
            title="Two-week follow-up: 'how is your skin?'",
            description="Tips for her skin type and a link to the members' threads.",
            customer_action="Opens it and clicks through to the community.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            crr=44,
            next=("her-routine",),
        ),
        TouchpointData(
            key="shade-swap",
            stage="Loyalty",
            lane="customer-service",
            title="Asking to swap a shade",
            description="Service only through an email form; the answer comes two days later; the swap is free.",
            customer_action="Fills in the form and waits.",
            emotion=0,
            expectation=2,
            csat=70,
        ),
        TouchpointData(
            key="her-routine",
            stage="Loyalty",
            lane="online-community",
            title="Posting her own routine",
            description="A 'first post' badge; the brand features her in the weekly digest.",
            customer_action="Posts her routine with photos.",
            emotion=2,
            expectation=5,
            is_micro_conversion=True,
            nps=64,
            next=("referral",),
        ),
        TouchpointData(
            key="referral",
            stage="Loyalty",
            lane="word-of-mouth",
            title="Referring two classmates",
            description="A referral link gives both of them a free travel size.",
            customer_action="Shares the link in the class group chat.",
            emotion=2,
            expectation=4,
            is_micro_conversion=True,
            nps=70,
        ),
    ),
    pain_points=(
        PainPointData(
            key="generic-ads",
            stage="Awareness",
            touchpoint="retargeting",
            title="Retargeting ads feel like any other brand",
            description="Paid ads undo the trust the community built.",
            severity=Severity.LOW,
            cause=PainCause.OTHER,
        ),
        PainPointData(
            key="account-wall",
            stage="Conversion",
            touchpoint="account-wall",
            title="Account creation forced before payment",
            description="The step with the largest drop in the checkout.",
            severity=Severity.CRITICAL,
            cause=PainCause.USABILITY,
            evidence={"drop_off_at_step_pct": 42},
        ),
        PainPointData(
            key="payment-options",
            stage="Conversion",
            touchpoint="one-tap-payment",
            title="No Alipay or WeChat Pay",
            description="The wallets most of the audience use every day are missing.",
            severity=Severity.MEDIUM,
            cause=PainCause.USABILITY,
        ),
        PainPointData(
            key="slow-shipping",
            stage="Loyalty",
            touchpoint="shipping",
            title="Six-day delivery with silent tracking",
            description="One warehouse for the whole country; the carrier's scans are sparse.",
            severity=Severity.HIGH,
            cause=PainCause.DELIVERY,
            evidence={"median_delivery_days": 6, "where_is_my_order_tickets_pct": 31},
        ),
        PainPointData(
            key="email-only-service",
            stage="Loyalty",
            touchpoint="shade-swap",
            title="Service only by email form, answers in two days",
            description="Customers who live in social apps have to switch channels for help.",
            severity=Severity.HIGH,
            cause=PainCause.SERVICE,
        ),
    ),
    opportunities=(
        OpportunityData(
            stage="Awareness",
            title="Give the top 100 fans a stage",
            description="Word of mouth is the strongest driver; make it visible.",
            action="Feature members' routines monthly on Bare Notes and the home page; early access to launches.",
            impact=4,
            effort=2,
            status=OpportunityStatus.IN_PROGRESS,
            action_owner="Community manager",
            due_in_days=21,
        ),
        OpportunityData(
            stage="Awareness",
            touchpoint="retargeting",
            title="Retarget with members' content",
            description="Spend on what the community already made.",
            action="Replace studio creatives with members' videos, with their consent and credit.",
            impact=2,
            effort=1,
            status=OpportunityStatus.DONE,
            action_owner="Growth marketer",
            due_in_days=-14,
            pain_points=("generic-ads",),
        ),
        OpportunityData(
            stage="Conversion",
            touchpoint="account-wall",
            title="Guest checkout",
            description="Ask for an account after the payment, not before.",
            action="Guest checkout with an optional account offered on the confirmation page.",
            impact=5,
            effort=2,
            status=OpportunityStatus.IN_PROGRESS,
            action_owner="Head of e-commerce",
            due_in_days=10,
            pain_points=("account-wall",),
        ),
        OpportunityData(
            stage="Conversion",
            touchpoint="one-tap-payment",
            title="Add Alipay and WeChat Pay",
            description="Pay the way the audience pays.",
            action="Integrate both wallets through the payment provider already in use.",
            impact=3,
            effort=2,
            status=OpportunityStatus.PLANNED,
            action_owner="Payments product manager",
            due_in_days=45,
            pain_points=("payment-options",),
        ),
        OpportunityData(
            stage="Loyalty",
            touchpoint="shipping",
            title="A second warehouse and proactive tracking",
            description="Halve the delivery time and say where the parcel is.",
            action="Open a fulfilment partner in the south; send tracking updates by message at every scan.",
            impact=4,
            effort=5,
            status=OpportunityStatus.IDEA,
            action_owner="Operations director",
            due_in_days=180,
            pain_points=("slow-shipping",),
        ),
        OpportunityData(
            stage="Loyalty",
            touchpoint="shade-swap",
            title="Service in social messages and the community",
            description="Help customers where they already are.",
            action="Answer service questions in social DMs and community threads, with a four-hour target.",
            impact=4,
            effort=3,
            status=OpportunityStatus.PLANNED,
            action_owner="Customer care lead",
            due_in_days=30,
            pain_points=("email-only-service",),
        ),
    ),
)


OMNICHANNEL_RETAILER = MapData(
    title="Omnichannel retail: from abandoned cart to repeat purchase",
    template="omnichannel-five-stages",
    description=(
        "Lumen & Co. sells home goods through its website, an app and twelve stores. Grace moves between phone, "
        "laptop and pick-up counter; Chen prefers the phone and the store. Micro-conversions such as opening an "
        "email or receiving an order confirmation show where the journey holds and where carts are abandoned."
    ),
    scope="One bedding purchase across web, app and store, from a social post to the next purchase.",
    personas=("Grace Huang", "Chen Jie"),
    review_status=ReviewStatus.IN_REVIEW,
    lanes=(
        "social-media",
        "email",
        "sms",
        "website",
        "mobile-app",
        "chatbot",
        "phone",
        "physical-store",
        "click-and-collect",
    ),
    stages=(
        StageData(
            name="Awareness",
            description="A post, a newsletter or a window reminds the customer of a need.",
            customer_goal="Find out that a solution to the need exists.",
            drivers="A new season; a friend's post; a newsletter with personal picks.",
            barriers="Too many promotions; messages that ignore what she already bought.",
            influence="Recommendations from purchase history; the same offer on every channel.",
            target_conversion=5,
        ),
        StageData(
            name="Consideration",
            description="Comparing products and checking stock, on whichever device is at hand.",
            customer_goal="Compare options and decide which one fits.",
            drivers="Reviews, sizes, and whether the nearby store has it today.",
            barriers="Stock and prices differ between app and store; a chatbot that can't answer.",
            influence="Live stock per store; a chatbot that hands over to a person; saved lists across devices.",
            target_csat=80,
            target_conversion=25,
        ),
        StageData(
            name="Purchase",
            description="Where carts are won and abandoned.",
            customer_goal="Buy quickly, through the channel that suits.",
            drivers="A fast checkout; pick-up on the way home.",
            barriers="A basket that doesn't follow her between devices; shipping cost shown at the last step.",
            influence="One basket everywhere; the full cost early; a cart reminder; click & collect within two hours.",
            target_csat=85,
            target_conversion=65,
        ),
        StageData(
            name="Post-purchase",
            description="Confirmation, pick-up and returns.",
            customer_goal="Receive, use and get help with the product.",
            drivers="Clear messages; a ready parcel; easy returns.",
            barriers="A shared counter for pick-ups and returns; returns only in the channel of purchase.",
            influence="A ready-for-pick-up message with a QR code; returns anywhere.",
            target_csat=85,
            target_crr=50,
        ),
        StageData(
            name="Advocacy",
            description="Feedback, reviews and the next purchase.",
            customer_goal="Share the experience and recommend the brand.",
            drivers="Loyalty points; a home worth showing.",
            barriers="Feedback asked only through a long survey.",
            influence="One-tap ratings on every channel; fast replies to posts and complaints.",
            target_nps=40,
            target_crr=55,
        ),
    ),
    touchpoints=(
        TouchpointData(
            key="social-post",
            stage="Awareness",
            lane="social-media",
            title="Shoppable post: the new autumn bedding",
            description="Product tags open the item in the app.",
            customer_action="Taps the duvet cover tag on the metro.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            persona="Grace Huang",
            next=("app-browse",),
        ),
        TouchpointData(
            key="newsletter",
            stage="Awareness",
            lane="email",
            title="Weekly newsletter opened",
            description="The new collection with personal picks; opened by a quarter of subscribers.",
            customer_action="Opens it and clicks the linen sheets.",
            emotion=0,
            expectation=3,
            is_micro_conversion=True,
            conversion_rate=24,
            persona="Chen Jie",
            next=("web-browse",),
        ),
        TouchpointData(
            key="window-qr",
            stage="Awareness",
            lane="physical-store",
            title="Store window with a QR code",
            description="The bedroom display; the QR code opens the collection in the app.",
            customer_action="Scans the code while waiting for the bus.",
            emotion=1,
            expectation=3,
            next=("app-browse",),
        ),
        TouchpointData(
            key="app-browse",
            stage="Consideration",
            lane="mobile-app",
            title="Browsing and saving in the app",
            description="A wish list, reviews and 'in stock at the Xinyi store'.",
            customer_action="Saves the duvet cover and two pillows to her list.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            persona="Grace Huang",
            next=("chatbot", "web-basket"),
        ),
        TouchpointData(
            key="web-browse",
            stage="Consideration",
            lane="website",
            title="Product pages on the website",
            description="Detailed specs and size guides; store stock only after logging in.",
            customer_action="Reads the thread count and the washing instructions.",
            emotion=0,
            expectation=3,
            persona="Chen Jie",
            next=("stock-call",),
        ),
        TouchpointData(
            key="chatbot",
            stage="Consideration",
            lane="chatbot",
            title="Chatbot: 'Is it in stock near me?'",
            description="The bot knows only online stock; handing over to a person takes twelve minutes.",
            customer_action="Gives up and checks the store page herself.",
            emotion=-1,
            expectation=2,
            persona="Grace Huang",
            next=("web-basket",),
        ),
        TouchpointData(
            key="stock-call",
            stage="Consideration",
            lane="phone",
            title="Calling the store about colour and stock",
            description="A co-worker checks the shelf while he holds for six minutes.",
            customer_action="Asks whether the grey set is in stock in king size.",
            emotion=0,
            expectation=3,
            csat=72,
            persona="Chen Jie",
            next=("store-purchase",),
        ),
        TouchpointData(
            key="web-basket",
            stage="Purchase",
            lane="website",
            title="On the laptop: the basket is empty",
            description="The app basket does not follow her to the website.",
            customer_action="Adds the three items again from memory.",
            emotion=-2,
            expectation=1,
            persona="Grace Huang",
            next=("shipping-cost",),
        ),
        TouchpointData(
            key="shipping-cost",
            stage="Purchase",
            lane="website",
            title="Shipping cost appears at the last step",
            description="NT$150 shipping shows only after the address; most mobile carts are abandoned here.",
            customer_action="Closes the tab.",
            emotion=-2,
            expectation=1,
            conversion_rate=32,
            next=("cart-reminder",),
        ),
        TouchpointData(
            key="cart-reminder",
            stage="Purchase",
            lane="email",
            title="Abandoned-cart reminder",
            description="Three hours later: the basket and 'free click & collect today'.",
            customer_action="Opens it on her phone and taps back into the app.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            conversion_rate=11,
            persona="Grace Huang",
            next=("app-checkout",),
        ),
        TouchpointData(
            key="app-checkout",
            stage="Purchase",
            lane="mobile-app",
            title="Ordering in the app for click & collect",
            description="A saved card; the store on her way home; ready in two hours.",
            customer_action="Places the order.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            conversion_rate=58,
            persona="Grace Huang",
            next=("order-confirmation",),
        ),
        TouchpointData(
            key="store-purchase",
            stage="Purchase",
            lane="physical-store",
            title="Buying in the store",
            description="A co-worker shows the colours in daylight; points go on his loyalty card.",
            customer_action="Buys the grey set at the till.",
            emotion=1,
            expectation=4,
            csat=86,
            persona="Chen Jie",
            next=("survey",),
        ),
        TouchpointData(
            key="order-confirmation",
            stage="Post-purchase",
            lane="email",
            title="Order confirmation",
            description="Order number, items and the pick-up time.",
            customer_action="Gets the confirmation and archives it.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            next=("ready-sms",),
        ),
        TouchpointData(
            key="ready-sms",
            stage="Post-purchase",
            lane="sms",
            title="'Ready for pick-up' SMS with a QR code",
            description="Sent when the parcel reaches the counter.",
            customer_action="Keeps the message open for the counter.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            next=("pick-up",),
        ),
        TouchpointData(
            key="pick-up",
            stage="Post-purchase",
            lane="click-and-collect",
            title="Pick-up counter",
            description="Ten minutes in a queue behind returns; then the QR code is scanned and the bag is ready.",
            customer_action="Waits, shows the code, leaves.",
            emotion=-1,
            expectation=2,
            csat=66,
            persona="Grace Huang",
            next=("app-rating", "store-return"),
        ),
        TouchpointData(
            key="store-return",
            stage="Post-purchase",
            lane="physical-store",
            title="Returning an online order in the store",
            description="The store cannot refund an online order and sends her to the website.",
            customer_action="Carries the pillow home again.",
            emotion=-2,
            expectation=1,
            persona="Grace Huang",
        ),
        TouchpointData(
            key="app-rating",
            stage="Advocacy",
            lane="mobile-app",
            title="One-tap rating after pick-up",
            description="Stars and one follow-up question.",
            customer_action="Gives four stars and mentions the queue.",
            emotion=1,
            expectation=4,
            is_micro_conversion=True,
            csat=81,
            nps=35,
            persona="Grace Huang",
            next=("bedroom-post",),
        ),
        TouchpointData(
            key="survey",
            stage="Advocacy",
            lane="email",
            title="Twenty-question satisfaction survey",
            description="Sent a week after every purchase; few customers finish it.",
            customer_action="Gives up at question seven.",
            emotion=-1,
            expectation=2,
            conversion_rate=6,
            persona="Chen Jie",
        ),
        TouchpointData(
            key="bedroom-post",
            stage="Advocacy",
            lane="social-media",
            title="Posting the new bedroom",
            description="The brand reposts it and adds loyalty points.",
            customer_action="Tags the brand in a photo of the finished bedroom.",
            emotion=2,
            expectation=5,
            is_micro_conversion=True,
            nps=58,
            crr=62,
            persona="Grace Huang",
        ),
    ),
    pain_points=(
        PainPointData(
            key="chatbot-stock",
            stage="Consideration",
            touchpoint="chatbot",
            title="The chatbot knows only online stock",
            description="Store stock is the question customers ask it most.",
            severity=Severity.MEDIUM,
            cause=PainCause.INFORMATION,
        ),
        PainPointData(
            key="basket-sync",
            stage="Purchase",
            touchpoint="web-basket",
            title="The basket doesn't follow the customer between app and website",
            description="Half the buyers use two devices before paying.",
            severity=Severity.HIGH,
            cause=PainCause.USABILITY,
            evidence={"cross_device_sessions_pct": 46},
        ),
        PainPointData(
            key="late-shipping-cost",
            stage="Purchase",
            touchpoint="shipping-cost",
            title="Shipping cost revealed at the last step",
            description="The main reason for cart abandonment on mobile.",
            severity=Severity.CRITICAL,
            cause=PainCause.PRICE,
            evidence={"mobile_cart_abandonment_pct": 68, "abandoned_at_shipping_step_pct": 41},
        ),
        PainPointData(
            key="pick-up-queue",
            stage="Post-purchase",
            touchpoint="pick-up",
            title="Pick-ups wait behind returns",
            description="One counter for both; returns take five minutes each.",
            severity=Severity.MEDIUM,
            cause=PainCause.SERVICE,
            evidence={"average_wait_minutes": 10},
        ),
        PainPointData(
            key="channel-bound-returns",
            stage="Post-purchase",
            touchpoint="store-return",
            title="Online orders cannot be returned in a store",
            description="Returns follow the channel of purchase, not the customer.",
            severity=Severity.HIGH,
            cause=PainCause.SERVICE,
        ),
        PainPointData(
            key="long-survey",
            stage="Advocacy",
            touchpoint="survey",
            title="A twenty-question survey",
            description="Feedback arrives from the few who finish, not from the typical customer.",
            severity=Severity.LOW,
            cause=PainCause.USABILITY,
            evidence={"completion_pct": 6},
        ),
    ),
    opportunities=(
        OpportunityData(
            stage="Consideration",
            touchpoint="chatbot",
            title="Store stock in the chatbot",
            description="Answer the most common question without a person.",
            action="Connect the bot to store stock; hand over to a person within two minutes.",
            impact=3,
            effort=2,
            status=OpportunityStatus.PLANNED,
            action_owner="Conversational commerce lead",
            due_in_days=45,
            pain_points=("chatbot-stock",),
        ),
        OpportunityData(
            stage="Purchase",
            touchpoint="web-basket",
            title="One basket across app, website and store",
            description="The basket belongs to the customer, not to the device.",
            action="Store baskets on the account and sync them in real time; show them on store tablets too.",
            impact=5,
            effort=4,
            status=OpportunityStatus.PLANNED,
            action_owner="Head of digital",
            due_in_days=90,
            pain_points=("basket-sync",),
        ),
        OpportunityData(
            stage="Purchase",
            touchpoint="shipping-cost",
            title="Shipping cost on the product page and in the basket",
            description="No surprise at the last step.",
            action="Show shipping by postcode on the product page; show the free click & collect option in the basket.",
            impact=5,
            effort=1,
            status=OpportunityStatus.IN_PROGRESS,
            action_owner="E-commerce manager",
            due_in_days=7,
            pain_points=("late-shipping-cost",),
        ),
        OpportunityData(
            stage="Purchase",
            touchpoint="cart-reminder",
            title="Cart reminder that offers click & collect",
            description="Bring back the carts abandoned for the shipping cost.",
            action="Send the reminder after three hours with the free click & collect option.",
            impact=3,
            effort=1,
            status=OpportunityStatus.DONE,
            action_owner="CRM manager",
            due_in_days=-30,
            pain_points=("late-shipping-cost",),
        ),
        OpportunityData(
            stage="Post-purchase",
            touchpoint="pick-up",
            title="Pick-up lockers by the entrance",
            description="Collecting should take a minute, not a queue.",
            action="Lockers opened with the QR code from the ready-for-pick-up SMS.",
            impact=3,
            effort=3,
            status=OpportunityStatus.IDEA,
            action_owner="Store operations",
            due_in_days=120,
            pain_points=("pick-up-queue",),
        ),
        OpportunityData(
            stage="Post-purchase",
            touchpoint="store-return",
            title="Return anything anywhere",
            description="One customer, one set of rules.",
            action="Refund online orders in stores and store purchases by post; one returns system for all channels.",
            impact=4,
            effort=4,
            status=OpportunityStatus.IDEA,
            action_owner="Retail operations director",
            due_in_days=150,
            pain_points=("channel-bound-returns",),
        ),
        OpportunityData(
            stage="Advocacy",
            touchpoint="survey",
            title="One-question feedback on every channel",
            description="Hear from the typical customer, not only the patient one.",
            action="Replace the survey with one rating question in the app, SMS and email, plus an optional comment.",
            impact=2,
            effort=1,
            status=OpportunityStatus.DONE,
            action_owner="CX lead",
            due_in_days=-10,
            pain_points=("long-survey",),
        ),
    ),
)

MAPS = (CAR_BUYER, IN_STORE_SHOPPER, APPLIANCE_BUYER, BEAUTY_COMMUNITY, OMNICHANNEL_RETAILER)


def load_demo() -> DemoSummary:
    """Create whatever part of the demo is missing; call inside a transaction."""
    summary = DemoSummary()
    users = {user.username: _ensure_user(user, summary) for user in USERS}
    personas = {persona.name: _ensure_persona(persona, summary) for persona in PERSONAS}
    for data in MAPS:
        journey_map = JourneyMap.objects.filter(title=data.title).first()
        if journey_map is None:
            journey_map = _create_map(data, owner=users[OWNER], personas=personas, summary=summary)
        _ensure_members(journey_map, users, summary)
    return summary


def _ensure_user(data: DemoUser, summary: DemoSummary) -> AbstractUser:
    user, created = get_user_model().objects.get_or_create(
        username=data.username,
        defaults={
            "email": f"{data.username}@example.com",
            "is_superuser": data.is_superuser,
            "is_staff": data.is_superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        summary.users.append(user.username)
    return user


def _ensure_persona(data: PersonaData, summary: DemoSummary) -> Persona:
    persona, created = Persona.objects.get_or_create(
        name=data.name,
        defaults={
            "age": data.age,
            "occupation": data.occupation,
            "location": data.location,
            "segment": data.segment,
            "quote": data.quote,
            "bio": data.bio,
            "goals": data.goals,
            "needs": data.needs,
            "frustrations": data.frustrations,
            "motivations": data.motivations,
            "hobbies": data.hobbies,
        },
    )
    if created:
        persona.preferred_channels.set(_channels(data.channels).values())
        summary.personas.append(persona.name)
    return persona


def _ensure_members(journey_map: JourneyMap, users: dict[str, AbstractUser], summary: DemoSummary) -> None:
    for data in USERS:
        if data.role in (Role.REVIEWER, Role.VIEWER):
            _, created = MapMember.objects.get_or_create(
                map=journey_map, user=users[data.username], defaults={"role": data.role}
            )
            summary.memberships += created


def _channels(slugs: tuple[str, ...]) -> dict[str, Channel]:
    channels = Channel.objects.in_bulk(slugs, field_name="slug")
    if missing := set(slugs) - channels.keys():
        raise LookupError(f"The channel library has no {', '.join(sorted(missing))}; run the migrations first.")
    return channels


def _create_map(
    data: MapData, *, owner: AbstractUser, personas: dict[str, Persona], summary: DemoSummary
) -> JourneyMap:
    journey_map = map_create(
        owner=owner,
        title=data.title,
        template=JourneyTemplate.objects.get(slug=data.template),
        description=data.description,
        scope=data.scope,
        journey_type=data.journey_type,
        personas=[personas[name] for name in data.personas],
    )
    if data.review_status != journey_map.review_status:
        journey_map.review_status = data.review_status
        journey_map.save(update_fields=["review_status"])
    stages = _fill_stages(journey_map, data.stages)
    lanes = _lay_out_lanes(journey_map, data.lanes)
    touchpoints = _add_touchpoints(data.touchpoints, stages=stages, lanes=lanes, personas=personas)
    pain_points = _add_pain_points(journey_map, data.pain_points, stages=stages, touchpoints=touchpoints)
    _add_opportunities(journey_map, data.opportunities, stages=stages, touchpoints=touchpoints, pain_points=pain_points)
    summary.maps.append(journey_map.title)
    summary.touchpoints += len(touchpoints)
    summary.links += sum(len(touchpoint.next) for touchpoint in data.touchpoints)
    summary.pain_points += len(pain_points)
    summary.opportunities += len(data.opportunities)
    return journey_map


def _fill_stages(journey_map: JourneyMap, data: tuple[StageData, ...]) -> dict[str, Stage]:
    """The template gave the stages their names and generic goals; the story gives them its own."""
    stages = {stage.name: stage for stage in journey_map.stages.all()}
    if missing := {item.name for item in data} - stages.keys():
        raise LookupError(f"The template of '{journey_map.title}' has no stage {', '.join(sorted(missing))}.")
    fields = ["description", "customer_goal", "drivers", "barriers", "influence"]
    fields += ["target_csat", "target_nps", "target_crr", "target_conversion"]
    for item in data:
        stage = stages[item.name]
        for name in fields:
            setattr(stage, name, getattr(item, name))
    Stage.objects.bulk_update(stages.values(), fields)
    return stages


def _lay_out_lanes(journey_map: JourneyMap, slugs: tuple[str, ...]) -> dict[str, Lane]:
    """The template only suggests lanes; each story names the channels its customer uses, in order."""
    channels = _channels(slugs)
    journey_map.lanes.all().delete()
    lanes = Lane.objects.bulk_create(
        Lane(map=journey_map, channel=channels[slug], position=position) for position, slug in enumerate(slugs)
    )
    return {lane.channel.slug: lane for lane in lanes}


def _add_touchpoints(
    data: tuple[TouchpointData, ...],
    *,
    stages: dict[str, Stage],
    lanes: dict[str, Lane],
    personas: dict[str, Persona],
) -> dict[str, Touchpoint]:
    touchpoints = {
        item.key: touchpoint_append(
            stage=stages[item.stage],
            lane=lanes[item.lane],
            title=item.title,
            description=item.description,
            customer_action=item.customer_action,
            emotion=item.emotion,
            expectation=item.expectation,
            is_micro_conversion=item.is_micro_conversion,
            persona=personas[item.persona] if item.persona else None,
            csat=item.csat,
            nps=item.nps,
            crr=item.crr,
            conversion_rate=item.conversion_rate,
        )
        for item in data
    }
    Link = Touchpoint.next_touchpoints.through
    Link.objects.bulk_create(
        Link(from_touchpoint=touchpoints[item.key], to_touchpoint=touchpoints[target])
        for item in data
        for target in item.next
    )
    return touchpoints


def _add_pain_points(
    journey_map: JourneyMap,
    data: tuple[PainPointData, ...],
    *,
    stages: dict[str, Stage],
    touchpoints: dict[str, Touchpoint],
) -> dict[str, PainPoint]:
    return {
        item.key: PainPoint.objects.create(
            map=journey_map,
            stage=stages[item.stage],
            touchpoint=touchpoints[item.touchpoint] if item.touchpoint else None,
            title=item.title,
            description=item.description,
            severity=item.severity,
            cause=item.cause,
            evidence=item.evidence,
        )
        for item in data
    }


def _add_opportunities(
    journey_map: JourneyMap,
    data: tuple[OpportunityData, ...],
    *,
    stages: dict[str, Stage],
    touchpoints: dict[str, Touchpoint],
    pain_points: dict[str, PainPoint],
) -> None:
    today = timezone.localdate()
    for item in data:
        opportunity = Opportunity.objects.create(
            map=journey_map,
            stage=stages[item.stage],
            touchpoint=touchpoints[item.touchpoint] if item.touchpoint else None,
            title=item.title,
            description=item.description,
            action=item.action,
            impact=item.impact,
            effort=item.effort,
            status=item.status,
            action_owner=item.action_owner,
            due_date=today + timedelta(days=item.due_in_days),
        )
        opportunity.pain_points.set([pain_points[key] for key in item.pain_points])
