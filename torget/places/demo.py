"""Demo data for Asker's nine hubs.

The hub names and approximate positions are real; addresses, rooms, equipment, hours and
notices are invented (every hub is marked `is_demo` and its description says so).
`load()` is idempotent: rows are found by their natural keys and brought to the state
described here, so a second run changes nothing. Dates are relative to today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.management.base import CommandError

from torget.core.timeutil import today
from torget.places.codes import (
    Feature,
    HoursKind,
    ModuleCode,
    ModuleLevel,
    NoticeLevel,
    ResourceKind,
    SpaceKind,
    Zone,
)
from torget.places.models import (
    Hub,
    Module,
    Notice,
    OpeningException,
    OpeningHoursRule,
    Resource,
    Space,
    SpaceFeature,
)

INVENTED = (
    "Adresse, rom, utstyr og åpningstider er oppdiktet demodata, ikke kommunens faktiske tilbud."
)

# Weekly hours as {weekday: (opens, closes)}; 0 is Monday. time(0) as closing means midnight.
Hours = dict[int, tuple[time, time]]


def _every(days: range | tuple[int, ...], opens: int, closes: int) -> Hours:
    return {day: (time(opens), time(closes % 24)) for day in days}


WEEKDAYS = range(5)
ALL_WEEK = range(7)


def _staffed_with_late_day(
    opens: int = 9, closes: int = 15, late_day: int = 3, late: int = 19
) -> Hours:
    hours = _every(WEEKDAYS, opens, closes)
    hours[late_day] = (time(opens), time(late))
    return hours


SELF_SERVICE_07_22 = _every(ALL_WEEK, 7, 22)


@dataclass(frozen=True)
class SpaceSpec:
    name: str
    kind: str
    zone: str
    capacity: int
    features: tuple[str, ...] = ()
    area_m2: int | None = None
    floor: str = ""
    description: str = ""
    step_free: bool = True
    hearing_loop: bool = False
    accessibility_notes: str = ""
    bookable: bool = True
    parts: tuple[SpaceSpec, ...] = ()  # a hall's halves
    staffed: Hours | None = None  # a space with its own hours


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    kind: str
    quantity: int = 1
    description: str = ""


@dataclass(frozen=True)
class HubSpec:
    name: str
    address: str
    postal_code: str
    postal_town: str
    latitude: str
    longitude: str
    description: str
    directions: str
    entrance_accessibility: str
    modules: tuple[tuple[str, str, str], ...]  # code, level, note
    staffed: Hours
    self_service: Hours | None
    spaces: tuple[SpaceSpec, ...]
    resources: tuple[ResourceSpec, ...] = ()
    step_free_entrance: bool = True
    hearing_loop: bool = True
    accessible_toilet: bool = True
    email: str = ""


BASIC, ADD_ON = ModuleLevel.BASIC, ModuleLevel.ADD_ON
MEETING_ROOM_KIT = (Feature.SCREEN, Feature.WHITEBOARD, Feature.WIFI)


def _pc(name: str = "Publikums-PC 1") -> SpaceSpec:
    return SpaceSpec(
        name,
        SpaceKind.PC,
        Zone.CITIZEN_SERVICE,
        1,
        (Feature.PRINTER, Feature.WIFI),
        description="PC med skriver for søknader, utskrift og skanning. Be betjeningen om hjelp.",
    )


def _desks(capacity: int) -> SpaceSpec:
    return SpaceSpec(
        "Arbeidsplasser",
        SpaceKind.DESK,
        Zone.FOCUS_WORK,
        capacity,
        (Feature.WIFI, Feature.PRINTER),
        description="Stille arbeidsplasser med strøm og nett. Kan bookes for en dag om gangen.",
    )


def _kitchen(name: str = "Kjøkkenet", capacity: int = 12) -> SpaceSpec:
    return SpaceSpec(
        name,
        SpaceKind.KITCHEN,
        Zone.ACTIVE_CREATIVE,
        capacity,
        (Feature.KITCHEN, Feature.SINK, Feature.COFFEE_MACHINE),
        description="Kjøkken med komfyr, oppvaskmaskin og servise til 40.",
    )


def _hall_with_halves(
    name: str, capacity: int, area: int, halves: tuple[str, str], **kwargs
) -> SpaceSpec:
    half_kwargs = {k: v for k, v in kwargs.items() if k in ("floor", "step_free", "hearing_loop")}
    return SpaceSpec(
        name,
        SpaceKind.HALL,
        Zone.MEET_EXPERIENCE,
        capacity,
        area_m2=area,
        description="Salen kan deles i to med skillevegg. Booking av hele salen sperrer begge halvdelene.",
        parts=tuple(
            SpaceSpec(
                f"{name} {half}",
                SpaceKind.HALL,
                Zone.ACTIVE_CREATIVE,
                capacity // 2,
                (Feature.SOUND_SYSTEM,),
                area_m2=area // 2,
                **half_kwargs,
            )
            for half in halves
        ),
        **kwargs,
    )


PROJECTOR = ResourceSpec(
    "Prosjektor til utlån",
    ResourceKind.EQUIPMENT,
    1,
    "Bærbar prosjektor med HDMI-kabel. Hentes i skranken og leveres samme dag.",
)

HUBS: tuple[HubSpec, ...] = (
    HubSpec(
        name="Asker sentrum",
        address="Kulturtorget 3",
        postal_code="1383",
        postal_town="Asker",
        latitude="59.83340",
        longitude="10.43520",
        description=(
            "Innbyggertorget i kulturhuset i Asker sentrum, med bibliotek, servicetorg, "
            "seniorsenter og scene. " + INVENTED
        ),
        directions="Fem minutters gange fra Asker stasjon og bussterminalen (oppdiktet beskrivelse).",
        entrance_accessibility="Trinnfri hovedinngang med automatisk dør fra torget. Heis til alle etasjer.",
        modules=(
            (
                ModuleCode.CITIZEN_SERVICE,
                BASIC,
                "Servicetorget hjelper med søknader og digitale skjema.",
            ),
            (ModuleCode.LIBRARY, BASIC, "Hovedbiblioteket."),
            (ModuleCode.SENIOR_CENTRE, ADD_ON, "For alle fra 62 år."),
            (ModuleCode.CULTURE_ARENA, ADD_ON, ""),
            (ModuleCode.VOLUNTEER_CENTRE, ADD_ON, ""),
            (ModuleCode.CAFE, ADD_ON, ""),
        ),
        staffed={
            **_every(WEEKDAYS, 9, 16),
            1: (time(9), time(19)),
            3: (time(9), time(19)),
            5: (time(11), time(15)),
        },
        self_service=SELF_SERVICE_07_22,
        spaces=(
            _hall_with_halves(
                "Storsalen",
                220,
                260,
                ("vest", "øst"),
                features=(
                    Feature.STAGE,
                    Feature.SOUND_SYSTEM,
                    Feature.PROJECTOR,
                    Feature.PIANO,
                    Feature.WIFI,
                ),
                floor="1. etasje",
                hearing_loop=True,
            ),
            SpaceSpec(
                "Møterom Vardåsen",
                SpaceKind.ROOM,
                Zone.FOCUS_WORK,
                12,
                (Feature.PROJECTOR, Feature.WHITEBOARD, Feature.VIDEO_CONFERENCE, Feature.WIFI),
                area_m2=28,
                floor="2. etasje",
            ),
            SpaceSpec(
                "Møterom Semsvannet",
                SpaceKind.ROOM,
                Zone.TAKE_PART,
                20,
                MEETING_ROOM_KIT,
                area_m2=40,
                floor="2. etasje",
                hearing_loop=True,
            ),
            SpaceSpec(
                "Seniorkafeen",
                SpaceKind.ZONE,
                Zone.MEET_EXPERIENCE,
                40,
                (Feature.COFFEE_MACHINE, Feature.WIFI),
                floor="1. etasje",
                description="Kafé og møteplass for seniorer; åpen for alle.",
                bookable=False,
            ),
            _kitchen(),
            SpaceSpec(
                "Lydstudioet",
                SpaceKind.STUDIO,
                Zone.ACTIVE_CREATIVE,
                6,
                (Feature.SOUND_SYSTEM, Feature.SCREEN),
                area_m2=18,
                floor="Underetasjen",
                step_free=False,
                accessibility_notes="Trapp ned til underetasjen; heisen går ikke hit.",
                description="Studio for innspilling og podkast. Bemannet av lydtekniker når det er åpent.",
                staffed={1: (time(14), time(21)), 2: (time(14), time(21)), 3: (time(14), time(21))},
            ),
            _desks(10),
            _pc("Publikums-PC 1"),
            _pc("Publikums-PC 2"),
            SpaceSpec(
                "Servicetorget",
                SpaceKind.ZONE,
                Zone.CITIZEN_SERVICE,
                15,
                (Feature.PRINTER,),
                description="Skranken: spør om kommunale tjenester, lån og utskrift.",
                bookable=False,
            ),
        ),
        resources=(
            ResourceSpec(
                "Lydtekniker",
                ResourceKind.STAFF,
                1,
                "Kulturhusets lydtekniker rigger og kjører lyd i Storsalen. Bestilles minst en uke før.",
            ),
            ResourceSpec("Prosjektor til utlån", ResourceKind.EQUIPMENT, 2, PROJECTOR.description),
            ResourceSpec(
                "Bærbart lydanlegg",
                ResourceKind.EQUIPMENT,
                1,
                "Høyttaler med to trådløse mikrofoner.",
            ),
        ),
        email="asker-sentrum@torget-demo.example",
    ),
    HubSpec(
        name="Holmen",
        address="Holmensvingen 4",
        postal_code="1394",
        postal_town="Nesbru",
        latitude="59.85490",
        longitude="10.49180",
        description="Innbyggertorg med bibliotekfilial, seniorsenter og kafé ved Holmen senter. "
        + INVENTED,
        directions="Ved busstoppet Holmen senter (oppdiktet beskrivelse).",
        entrance_accessibility="Trinnfri inngang fra parkeringsplassen. Teleslynge i skranken.",
        modules=(
            (ModuleCode.CITIZEN_SERVICE, BASIC, ""),
            (ModuleCode.LIBRARY_DEPARTMENT, BASIC, ""),
            (ModuleCode.SENIOR_CENTRE, ADD_ON, "For alle fra 62 år. Middag tirsdag og torsdag."),
            (ModuleCode.CAFE, ADD_ON, ""),
        ),
        staffed=_staffed_with_late_day(),
        self_service=SELF_SERVICE_07_22,
        spaces=(
            _hall_with_halves(
                "Flerbrukssalen",
                90,
                120,
                ("nord", "sør"),
                features=(Feature.SOUND_SYSTEM, Feature.PROJECTOR, Feature.PIANO),
                hearing_loop=True,
            ),
            SpaceSpec(
                "Møterom Nesøya",
                SpaceKind.ROOM,
                Zone.FOCUS_WORK,
                10,
                (Feature.PROJECTOR, Feature.WHITEBOARD, Feature.WIFI),
                area_m2=22,
            ),
            SpaceSpec(
                "Seniorkafeen",
                SpaceKind.ZONE,
                Zone.MEET_EXPERIENCE,
                50,
                (Feature.COFFEE_MACHINE,),
                description="Seniorsenterets kafé. Egne åpningstider.",
                bookable=False,
                staffed=_every(WEEKDAYS, 10, 14),
            ),
            _kitchen("Seniorsenterets kjøkken", 14),
            _desks(6),
            _pc("Publikums-PC 1"),
            _pc("Publikums-PC 2"),
        ),
        resources=(PROJECTOR,),
        email="holmen@torget-demo.example",
    ),
    HubSpec(
        name="Heggedal",
        address="Heggedalsbakken 2",
        postal_code="1389",
        postal_town="Heggedal",
        latitude="59.78560",
        longitude="10.44780",
        description=(
            "Innbyggertorg med bibliotekfilial, seniorsenter, frivilligsentral og utlånssentral "
            "på Heggedal torg. " + INVENTED
        ),
        directions="Rett ved Heggedal stasjon (oppdiktet beskrivelse).",
        entrance_accessibility="Trinnfri inngang fra torget.",
        modules=(
            (ModuleCode.CITIZEN_SERVICE, BASIC, ""),
            (ModuleCode.LIBRARY_DEPARTMENT, BASIC, ""),
            (ModuleCode.SENIOR_CENTRE, ADD_ON, "For alle fra 62 år."),
            (ModuleCode.VOLUNTEER_CENTRE, ADD_ON, ""),
            (
                ModuleCode.LENDING_CENTRAL,
                ADD_ON,
                "Lån utstyr til tur, friluftsliv og arrangement gratis.",
            ),
        ),
        staffed=_staffed_with_late_day(late_day=1),
        self_service=SELF_SERVICE_07_22,
        spaces=(
            _hall_with_halves(
                "Heggedalssalen",
                120,
                150,
                ("A", "B"),
                features=(Feature.STAGE, Feature.SOUND_SYSTEM, Feature.PROJECTOR),
                hearing_loop=True,
            ),
            SpaceSpec(
                "Møterom Gjellum",
                SpaceKind.ROOM,
                Zone.FOCUS_WORK,
                8,
                MEETING_ROOM_KIT,
                area_m2=18,
                floor="2. etasje",
            ),
            SpaceSpec(
                "Verkstedet",
                SpaceKind.STUDIO,
                Zone.ACTIVE_CREATIVE,
                12,
                (Feature.SINK, Feature.WHITEBOARD),
                area_m2=45,
                description="Verksted for reparasjon, søm og kreative kurs.",
            ),
            _kitchen(),
            _desks(4),
            _pc(),
        ),
        resources=(
            PROJECTOR,
            ResourceSpec(
                "Telt 3 × 6 m", ResourceKind.LENDING, 2, "Utlånssentralen: partytelt med vegger."
            ),
            ResourceSpec(
                "Sykkelhenger", ResourceKind.LENDING, 1, "Utlånssentralen: henger for to barn."
            ),
            ResourceSpec(
                "Truger (par)",
                ResourceKind.LENDING,
                8,
                "Utlånssentralen: truger i voksenstørrelse.",
            ),
            ResourceSpec("Slagdrill", ResourceKind.LENDING, 2, "Utlånssentralen: med bits og bor."),
        ),
        email="heggedal@torget-demo.example",
    ),
    HubSpec(
        name="Slemmestad",
        address="Sementveien 6",
        postal_code="3470",
        postal_town="Slemmestad",
        latitude="59.78180",
        longitude="10.49310",
        description="Innbyggertorg med bokutlån, helsestasjon og kafé i Slemmestad sentrum. "
        + INVENTED,
        directions="Bussholdeplass Slemmestad sentrum (oppdiktet beskrivelse).",
        entrance_accessibility="Trinnfri inngang fra gågaten.",
        modules=(
            (ModuleCode.BOOK_OFFER, BASIC, ""),
            (ModuleCode.HEALTH_STATION, ADD_ON, "Helsestasjon for barn og unge onsdager."),
            (ModuleCode.CAFE, ADD_ON, ""),
        ),
        staffed=_staffed_with_late_day(10, 15, 2, 18),
        self_service=None,
        spaces=(
            SpaceSpec(
                "Møterom Bødalen", SpaceKind.ROOM, Zone.TAKE_PART, 14, MEETING_ROOM_KIT, area_m2=30
            ),
            SpaceSpec(
                "Møterom Fjæra", SpaceKind.ROOM, Zone.FOCUS_WORK, 6, (Feature.SCREEN,), area_m2=14
            ),
            SpaceSpec(
                "Kafeen",
                SpaceKind.ZONE,
                Zone.MEET_EXPERIENCE,
                30,
                (Feature.COFFEE_MACHINE,),
                bookable=False,
            ),
            _kitchen("Kafékjøkkenet", 8),
            _desks(4),
            _pc(),
        ),
        email="slemmestad@torget-demo.example",
    ),
    HubSpec(
        name="Spikkestad",
        address="Stasjonsveien 11",
        postal_code="3430",
        postal_town="Spikkestad",
        latitude="59.74710",
        longitude="10.34080",
        description="Innbyggertorg med bibliotekfilial og frivilligsentral nær Spikkestad stasjon. "
        + INVENTED,
        directions="Tre minutters gange fra Spikkestad stasjon (oppdiktet beskrivelse).",
        entrance_accessibility="Rampe ved inngangen. Handicaptoalett i 1. etasje.",
        modules=(
            (ModuleCode.LIBRARY_DEPARTMENT, BASIC, ""),
            (ModuleCode.VOLUNTEER_CENTRE, ADD_ON, ""),
        ),
        staffed=_staffed_with_late_day(late_day=0),
        self_service=SELF_SERVICE_07_22,
        spaces=(
            SpaceSpec(
                "Grendesalen",
                SpaceKind.HALL,
                Zone.MEET_EXPERIENCE,
                80,
                (Feature.SOUND_SYSTEM, Feature.PROJECTOR, Feature.STAGE),
                area_m2=100,
                hearing_loop=True,
            ),
            SpaceSpec(
                "Møterom Lahell", SpaceKind.ROOM, Zone.FOCUS_WORK, 10, MEETING_ROOM_KIT, area_m2=20
            ),
            _kitchen(),
            _desks(4),
            _pc(),
        ),
        email="spikkestad@torget-demo.example",
    ),
    HubSpec(
        name="Sætre",
        address="Storgata 20",
        postal_code="3475",
        postal_town="Sætre",
        latitude="59.67920",
        longitude="10.52460",
        description="Innbyggertorg med servicetorg, bibliotekfilial og ungdomsklubb i Sætre sentrum. "
        + INVENTED,
        directions="Ved bussholdeplassen Sætre sentrum (oppdiktet beskrivelse).",
        entrance_accessibility="Trinnfri inngang og heis.",
        modules=(
            (ModuleCode.CITIZEN_SERVICE, BASIC, ""),
            (ModuleCode.LIBRARY_DEPARTMENT, BASIC, ""),
            (ModuleCode.YOUTH_CLUB, ADD_ON, "Åpen klubb tirsdag og torsdag kveld."),
        ),
        staffed=_staffed_with_late_day(),
        self_service=SELF_SERVICE_07_22,
        spaces=(
            SpaceSpec(
                "Hurumsalen",
                SpaceKind.HALL,
                Zone.MEET_EXPERIENCE,
                100,
                (Feature.SOUND_SYSTEM, Feature.PROJECTOR, Feature.PIANO),
                area_m2=120,
                hearing_loop=True,
            ),
            SpaceSpec(
                "Møterom Verket", SpaceKind.ROOM, Zone.FOCUS_WORK, 12, MEETING_ROOM_KIT, area_m2=25
            ),
            SpaceSpec(
                "Ungdomsrommet",
                SpaceKind.ZONE,
                Zone.ACTIVE_CREATIVE,
                25,
                (Feature.SCREEN, Feature.SOUND_SYSTEM),
                description="Ungdomsklubbens rom; kan bookes på dagtid.",
            ),
            _kitchen(),
            _desks(4),
            _pc(),
        ),
        resources=(PROJECTOR,),
        email="saetre@torget-demo.example",
    ),
    HubSpec(
        name="Tofte",
        address="Toftebakken 5",
        postal_code="3482",
        postal_town="Tofte",
        latitude="59.54480",
        longitude="10.56330",
        description="Innbyggertorg med bokutlån, ungdomstilbud og helsestasjon på Tofte. "
        + INVENTED,
        directions="Bussholdeplass Tofte sentrum (oppdiktet beskrivelse).",
        entrance_accessibility="Trinnfri inngang fra skolegården.",
        modules=(
            (ModuleCode.BOOK_OFFER, BASIC, ""),
            (ModuleCode.YOUTH_CLUB, ADD_ON, ""),
            (ModuleCode.HEALTH_STATION, ADD_ON, ""),
        ),
        staffed=_staffed_with_late_day(10, 15, 3, 19),
        self_service=SELF_SERVICE_07_22,
        spaces=(
            SpaceSpec(
                "Møterom Filtvet", SpaceKind.ROOM, Zone.FOCUS_WORK, 10, MEETING_ROOM_KIT, area_m2=20
            ),
            SpaceSpec(
                "Aktivitetsrommet",
                SpaceKind.ROOM,
                Zone.ACTIVE_CREATIVE,
                30,
                (Feature.SOUND_SYSTEM, Feature.SCREEN),
                area_m2=60,
                description="Til trim, dans, spill og kurs.",
            ),
            _kitchen("Kjøkkenkroken", 8),
            _desks(4),
            _pc(),
        ),
        resources=(
            ResourceSpec(
                "Kurs-PC-er",
                ResourceKind.EQUIPMENT,
                6,
                "Seks bærbare PC-er til kurs i digitale tjenester.",
            ),
        ),
        hearing_loop=False,
        email="tofte@torget-demo.example",
    ),
    HubSpec(
        name="Borgen",
        address="Borgenveien 30",
        postal_code="1388",
        postal_town="Borgen",
        latitude="59.82370",
        longitude="10.41890",
        description="Innbyggertorg med seniorsenter og bokutlån på Borgen. " + INVENTED,
        directions="Ved busstoppet Borgen (oppdiktet beskrivelse).",
        entrance_accessibility="Trinnfri inngang. Nærmeste handicapparkering 20 meter unna.",
        modules=(
            (ModuleCode.SENIOR_CENTRE, BASIC, "For alle fra 62 år."),
            (ModuleCode.BOOK_OFFER, BASIC, ""),
            (ModuleCode.CAFE, ADD_ON, ""),
        ),
        staffed={**_every((1, 2, 3), 10, 14), 3: (time(10), time(18))},
        self_service=None,
        spaces=(
            SpaceSpec(
                "Seniorsenteret",
                SpaceKind.ZONE,
                Zone.MEET_EXPERIENCE,
                40,
                (Feature.COFFEE_MACHINE, Feature.PIANO),
                bookable=False,
                hearing_loop=True,
            ),
            SpaceSpec(
                "Møterom Borgen", SpaceKind.ROOM, Zone.FOCUS_WORK, 10, MEETING_ROOM_KIT, area_m2=20
            ),
            _kitchen(),
            _desks(2),
            _pc(),
        ),
        email="borgen@torget-demo.example",
    ),
    HubSpec(
        name="Vollen",
        address="Vollenveien 8",
        postal_code="1390",
        postal_town="Vollen",
        latitude="59.80110",
        longitude="10.48050",
        description="Innbyggertorg med seniorsenter og bokutlån ved fjorden i Vollen. " + INVENTED,
        directions="Fem minutters gange fra bussholdeplassen i Vollen (oppdiktet beskrivelse).",
        entrance_accessibility="Inngang med to trinn og rampe på siden.",
        modules=(
            (ModuleCode.SENIOR_CENTRE, BASIC, "For alle fra 62 år."),
            (ModuleCode.BOOK_OFFER, BASIC, ""),
        ),
        staffed={**_every((0, 2), 10, 14), 3: (time(10), time(18))},
        self_service=None,
        spaces=(
            SpaceSpec(
                "Seniorsenteret",
                SpaceKind.ZONE,
                Zone.MEET_EXPERIENCE,
                35,
                (Feature.COFFEE_MACHINE,),
                bookable=False,
                hearing_loop=True,
            ),
            SpaceSpec(
                "Møterom Fjordblikk",
                SpaceKind.ROOM,
                Zone.FOCUS_WORK,
                8,
                MEETING_ROOM_KIT,
                area_m2=16,
            ),
            SpaceSpec(
                "Hobbyrommet",
                SpaceKind.STUDIO,
                Zone.ACTIVE_CREATIVE,
                12,
                (Feature.SINK,),
                area_m2=35,
                floor="Underetasjen",
                step_free=False,
                accessibility_notes="Trapp med gelender; ingen heis.",
            ),
            _kitchen(),
            _desks(2),
            _pc(),
        ),
        step_free_entrance=False,
        email="vollen@torget-demo.example",
    ),
)

# The hub that closes one day next week, and the hub whose hall is being refurbished.
CLOSED_HUB = "Tofte"
CLOSURE_REASON = "Stengt for personalsamling (oppdiktet)"
CLOSURE_NOTICE_TITLE = "Stengt onsdag for personalsamling"
REFURBISHED = ("Asker sentrum", "Storsalen")
REFURBISHMENT_TITLE = "Storsalen pusses opp"


@dataclass
class _Loaded:
    hubs: dict[str, Hub] = field(default_factory=dict)
    spaces: dict[tuple[str, str], Space] = field(default_factory=dict)


def load() -> None:
    """Bring the nine demo hubs, their spaces, hours, exceptions and notices up to date."""
    _refuse_real_hubs()
    loaded = _Loaded()
    for spec in HUBS:
        hub = _hub(spec)
        loaded.hubs[spec.name] = hub
        for code, level, note in spec.modules:
            Module.objects.update_or_create(
                hub=hub, code=code, defaults={"level": level, "note": note}
            )
        _hours(hub, None, HoursKind.STAFFED, spec.staffed)
        if spec.self_service:
            _hours(hub, None, HoursKind.SELF_SERVICE, spec.self_service)
        for space_spec in spec.spaces:
            _space(hub, space_spec, None, loaded)
        for resource in spec.resources:
            Resource.objects.update_or_create(
                hub=hub,
                name=resource.name,
                defaults={
                    "kind": resource.kind,
                    "quantity": resource.quantity,
                    "description": resource.description,
                    "bookable": True,
                },
            )
    _special_days(today(), loaded)


def _refuse_real_hubs() -> None:
    names = [spec.name for spec in HUBS]
    real = list(Hub.objects.filter(name__in=names, is_demo=False).values_list("name", flat=True))
    if real:
        raise CommandError(
            "These hubs exist and are not demo data; load_demo leaves them alone and stops: "
            + ", ".join(sorted(real))
        )


def _hub(spec: HubSpec) -> Hub:
    hub, _created = Hub.objects.update_or_create(
        name=spec.name,
        defaults={
            "address": spec.address,
            "postal_code": spec.postal_code,
            "postal_town": spec.postal_town,
            "latitude": Decimal(spec.latitude),
            "longitude": Decimal(spec.longitude),
            "description": spec.description,
            "directions": spec.directions,
            "entrance_accessibility": spec.entrance_accessibility,
            "step_free_entrance": spec.step_free_entrance,
            "hearing_loop": spec.hearing_loop,
            "accessible_toilet": spec.accessible_toilet,
            "email": spec.email,
            "is_demo": True,
        },
    )
    return hub


def _space(hub: Hub, spec: SpaceSpec, parent: Space | None, loaded: _Loaded) -> Space:
    space, _created = Space.objects.update_or_create(
        hub=hub,
        name=spec.name,
        defaults={
            "parent": parent,
            "kind": spec.kind,
            "zone": spec.zone,
            "capacity": spec.capacity,
            "area_m2": spec.area_m2,
            "floor": spec.floor,
            "description": spec.description,
            "step_free": spec.step_free,
            "hearing_loop": spec.hearing_loop,
            "accessibility_notes": spec.accessibility_notes,
            "bookable": spec.bookable,
            "is_active": True,
        },
    )
    loaded.spaces[(hub.name, spec.name)] = space
    for code in spec.features:
        SpaceFeature.objects.get_or_create(space=space, code=code)
    if spec.staffed:
        _hours(hub, space, HoursKind.STAFFED, spec.staffed)
    for part in spec.parts:
        _space(hub, part, space, loaded)
    return space


def _hours(hub: Hub, space: Space | None, kind: str, hours: Hours) -> None:
    for weekday, (opens, closes) in sorted(hours.items()):
        OpeningHoursRule.objects.get_or_create(
            hub=hub,
            space=space,
            kind=kind,
            weekday=weekday,
            opens=opens,
            closes=closes,
            valid_from=None,
            valid_to=None,
        )


def _special_days(day: date, loaded: _Loaded) -> None:
    # Christmas Eve and New Year's Eve are the municipality's own days off: not public
    # holidays in `holidays.NO`, so they are exceptions for every hub (hub=None).
    for year in (day.year, day.year + 1):
        for special, reason in (
            (date(year, 12, 24), "Julaften"),
            (date(year, 12, 31), "Nyttårsaften"),
        ):
            OpeningException.objects.update_or_create(
                hub=None,
                space=None,
                date=special,
                defaults={
                    "kind": "",
                    "closed": True,
                    "opens": None,
                    "closes": None,
                    "reason": reason,
                },
            )

    closed_hub = loaded.hubs[CLOSED_HUB]
    next_wednesday = day + timedelta(days=7 - day.weekday() + 2)
    OpeningException.objects.update_or_create(
        hub=closed_hub,
        space=None,
        reason=CLOSURE_REASON,
        defaults={
            "date": next_wednesday,
            "kind": "",
            "closed": True,
            "opens": None,
            "closes": None,
        },
    )
    Notice.objects.update_or_create(
        hub=closed_hub,
        title=CLOSURE_NOTICE_TITLE,
        defaults={
            "space": None,
            "level": NoticeLevel.CLOSED,
            "text": (
                f"Innbyggertorget er stengt hele dagen onsdag {next_wednesday:%d.%m.%Y} "
                "på grunn av personalsamling (oppdiktet)."
            ),
            "starts": day,
            "ends": next_wednesday,
        },
    )

    hub_name, space_name = REFURBISHED
    Notice.objects.update_or_create(
        hub=loaded.hubs[hub_name],
        title=REFURBISHMENT_TITLE,
        defaults={
            "space": loaded.spaces[(hub_name, space_name)],
            "level": NoticeLevel.WARNING,
            "text": (
                "Storsalen får nytt gulv og ny scenebelysning og kan ikke bookes i denne perioden. "
                "Møterommene er åpne som vanlig. (Oppdiktet demodata.)"
            ),
            "starts": day - timedelta(days=3),
            "ends": day + timedelta(days=24),
        },
    )
