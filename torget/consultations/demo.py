"""Demo citizen input (invented): the autumn-2024 consultation with 144 invented answers,
about two thirds coded and some moderated quotes, its summary published; an open
consultation about opening hours with a few answers; a standing "input to the hub" per hub.

Every answer is made up from the sentences below (none is a real person's); the themes each
sentence carries are what demo "staff" confirm. Idempotent: a consultation that already has
its demo answers is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from torget.accounts.models import User
from torget.consultations import services
from torget.consultations.models import (
    Answer,
    Channel,
    Coding,
    CodingStatus,
    Consultation,
    Identity,
    Moderation,
    ModerationLogEntry,
    Question,
    QuestionKind,
    Response,
    Status,
)
from torget.core.timeutil import local_tz, today
from torget.places.models import Hub

AUTUMN_SLUG = "innspill-om-bibliotek-og-innbyggertorg-hosten-2024"
OPEN_SLUG = "apningstider-pa-innbyggertorgene"
RESPONDENTS = 144
CODED_SHARE = 0.65

# (sentence, themes). {hub} is the respondent's own hub.
SENTENCES: list[tuple[str, set[str]]] = [
    (
        "Innbyggertorget på {hub} må bestå, det er det eneste stedet i nærheten der vi kan få hjelp.",
        {"naerhet", "kommunal_hjelp"},
    ),
    (
        "Jeg har ikke bil, og bussen til Asker sentrum går sjelden. Tilbudet må være lokalt.",
        {"naerhet"},
    ),
    (
        "Det er kort vei for meg til {hub}, og det betyr alt når man ikke er så sprek lenger.",
        {"naerhet", "senior"},
    ),
    ("Vi som bor her ute trenger noe i nærmiljøet, ikke alt samlet i sentrum.", {"naerhet"}),
    (
        "Om {hub} legges ned blir det lang reisevei for barnefamilier og eldre.",
        {"naerhet", "senior"},
    ),
    (
        "Torget er en møteplass for hele bygda, med kafé, kurs og konserter.",
        {"moteplass", "naerhet"},
    ),
    ("Strikkekafeen og språkkafeen på {hub} er fantastiske tilbud.", {"moteplass"}),
    ("Flere aktiviteter på kveldstid, gjerne foredrag og kurs for voksne.", {"moteplass"}),
    (
        "Lag og foreninger bruker lokalene hver uke. Uten dem har vi ingen steder å være.",
        {"moteplass"},
    ),
    ("Allsangen på fredager samler folk i alle aldre.", {"moteplass", "fellesskap"}),
    ("Leksehjelpen for ungdom er et viktig tilbud som må fortsette.", {"moteplass"}),
    ("Jeg får hjelp med BankID og nettbank når jeg står fast.", {"kommunal_hjelp"}),
    ("Fikk veiledning om byggesak uten å måtte ringe rundt i kommunen.", {"kommunal_hjelp"}),
    ("Her får man svar på spørsmål om skatt, NAV og skjemaer på ett sted.", {"kommunal_hjelp"}),
    ("Det er det eneste stedet jeg vet hvordan jeg kan nå kommunen.", {"kommunal_hjelp"}),
    ("Stemmelokalet på torget er praktisk for oss som bor her.", {"kommunal_hjelp", "naerhet"}),
    ("Jeg har fått mange nye venner gjennom aktivitetene her.", {"fellesskap", "moteplass"}),
    ("For meg som bor alene er torget et sted å treffe kjente og slå av en prat.", {"fellesskap"}),
    ("Vi som er nye i Norge blir kjent med naboer og føler oss integrert.", {"fellesskap"}),
    ("Et fellesskap der alle er velkomne, uansett alder og lommebok.", {"fellesskap"}),
    ("Frivillige og innbyggere får til mye sammen her.", {"fellesskap"}),
    ("Seniorsenteret er en gave for oss pensjonister.", {"senior"}),
    ("Trim for eldre og turgruppa holder meg i gang.", {"senior", "moteplass"}),
    ("Mange eldre blir ensomme om eldresenteret forsvinner.", {"senior", "fellesskap"}),
    ("Som godt voksen setter jeg pris på formiddagstreffene.", {"senior", "moteplass"}),
    ("De ansatte på {hub} er alltid imøtekommende og hjelpsomme.", {"ansatte"}),
    ("Personalet kjenner oss og vet hva lokalsamfunnet trenger.", {"ansatte", "naerhet"}),
    ("Bemanningen må ikke kuttes. Det er menneskene som gjør stedet.", {"ansatte"}),
    ("Bibliotekarene gir de beste boktipsene.", {"ansatte"}),
    ("Hyggelig service hver gang jeg kommer innom.", {"ansatte"}),
    ("Åpningstidene burde vært lengre på lørdager.", set()),
    ("Det trengs bedre skilting fra parkeringen.", set()),
    ("Biblioteket bør ha flere nye bøker på andre språk.", set()),
    ("Jeg skjønner at kommunen må spare, men tenk langsiktig.", set()),
    ("Lokalene trenger oppussing, særlig toalettene.", set()),
]
# Things only the last question gets ("Har du andre innspill?").
OTHER = [
    ("Takk for at dere spør oss!", set()),
    ("Håper politikerne leser dette.", set()),
    ("Hilsen Gunnar, fast gjest på {hub}. Ring meg gjerne på 912 34 567.", {"ansatte"}),
    ("Det er helt idiotisk å legge ned noe som fungerer så godt.", set()),
    ("Hold {hub} åpent, det er et fyrtårn for hele lokalsamfunnet.", {"naerhet"}),
]
# Hubs the respondents mostly belong to (weights roughly like the 2024 answers).
HUB_WEIGHTS = {
    "Holmen": 24,
    "Tofte": 16,
    "Sætre": 16,
    "Heggedal": 14,
    "Slemmestad": 14,
    "Spikkestad": 10,
    "Vollen": 8,
    "Borgen": 6,
    "Asker sentrum": 8,
}
DEMO_NAMES = ["Ola (oppdiktet)", "Randi (oppdiktet)", "Per (oppdiktet)"]


def _hub_names() -> dict[str, Hub]:
    return {h.name: h for h in Hub.objects.filter(name__in=HUB_WEIGHTS)}


def _compose(rng: random.Random, hub: str, pool, k: int) -> tuple[str, set[str]]:
    picked = rng.sample(pool, k)
    text = " ".join(s.format(hub=hub) for s, _t in picked)
    themes = set().union(*(t for _s, t in picked))
    return text, themes


def _staff() -> User | None:
    return (
        User.objects.filter(username="desk-holmen").first()
        or User.objects.filter(is_superuser=True).first()
    )


def _autumn(hubs: dict[str, Hub]) -> None:
    existing = Consultation.objects.filter(slug=AUTUMN_SLUG).first()
    if existing is not None and existing.responses.count() == RESPONDENTS:
        return
    if existing is not None:
        existing.delete()
    opens = date(2024, 9, 10)
    consultation = services.consultation_from_template(
        opens_on=opens,
        hubs=list(hubs.values()),
        title="Innspill om bibliotek og innbyggertorg høsten 2024",
    )
    consultation.slug = AUTUMN_SLUG
    consultation.closes_on = date(2024, 9, 22)
    consultation.identity_delete_on = today() + timedelta(days=30)
    consultation.is_demo = True
    consultation.summary_text = (
        "Hovedtrekket i innspillene er at mange er opptatt av å bevare sitt lokale "
        "innbyggertorg. (Demo: svarene er oppdiktet.)"
    )
    consultation.save()
    questions = list(consultation.questions.all())
    rng = random.Random(2024)
    tz = local_tz()
    hub_names = [n for n in HUB_WEIGHTS if n in hubs] or list(HUB_WEIGHTS)
    weights = [HUB_WEIGHTS[n] for n in hub_names]
    truth: dict[int, set[str]] = {}
    pieces: dict[int, int] = {}  # how many invented statements an answer is made of
    staff = _staff()
    channels = [Channel.WEB] * 8 + [Channel.KIOSK] + [Channel.PAPER]
    for n in range(RESPONDENTS):
        hub_name = rng.choices(hub_names, weights)[0]
        channel = rng.choice(channels)
        day = opens + timedelta(days=rng.randrange(13))
        submitted = datetime.combine(day, time(8 + rng.randrange(13), rng.randrange(60)), tz)
        response = Response.objects.create(
            consultation=consultation,
            channel=channel,
            hub=hubs.get(hub_name) if channel != Channel.WEB else None,
            submitted=submitted,
            entered_by=staff if channel == Channel.PAPER else None,
            is_demo=True,
        )
        if n % 20 == 0:
            Identity.objects.create(
                response=response, name=DEMO_NAMES[n % len(DEMO_NAMES)], contact=""
            )
        answered = rng.sample(range(4), rng.choice([1, 1, 2, 2, 2, 3, 4]))
        for qi in sorted(answered):
            k = 1 if qi == 3 else rng.choice([1, 1, 2, 2, 3])
            pool = OTHER + SENTENCES[-5:] if qi == 3 else SENTENCES
            text, themes = _compose(rng, hub_name, pool, k)
            answer = Answer.objects.create(response=response, question=questions[qi], text=text)
            truth[answer.pk] = themes
            pieces[answer.pk] = k
    services.suggestions_refresh(consultation)
    codes = {c.key: c for c in consultation.codes.all()}
    answers = list(
        Answer.objects.filter(response__consultation=consultation).order_by(
            "response__submitted", "pk"
        )
    )
    now = timezone.now()
    quotes_per_theme: dict[str, int] = {}
    for answer in answers[: int(len(answers) * CODED_SHARE)]:
        themes = truth.get(answer.pk, set())
        existing_codings = {c.code.key: c for c in answer.codings.select_related("code")}
        for key, code in codes.items():
            coding = existing_codings.get(key)
            if key in themes:
                if coding is None:
                    coding = Coding(answer=answer, code=code, reason={})
                coding.status = CodingStatus.CONFIRMED
            elif coding is not None:
                coding.status = CodingStatus.REJECTED
            else:
                continue
            coding.decided_by = staff
            coding.decided_at = now
            coding.save()
        answer.coded = True
        proposal, hidden = services.redaction_proposal(answer.text)
        answer.moderation = Moderation.APPROVED
        answer.moderated_text = proposal
        # Two quotes per theme, from answers that carry exactly that one theme and are one
        # invented statement: an answer joined from several reads, quoted, like sentences
        # of different people put together.
        if len(themes) == 1 and pieces.get(answer.pk) == 1:
            (only,) = themes
            if quotes_per_theme.get(only, 0) < 2 and not hidden:
                answer.is_quote = True
                quotes_per_theme[only] = quotes_per_theme.get(only, 0) + 1
        answer.save()
        ModerationLogEntry.objects.create(
            answer=answer,
            action=ModerationLogEntry.Action.REDACTED
            if hidden
            else ModerationLogEntry.Action.APPROVED,
            hidden_parts=hidden,
            by=staff,
            reason="Personopplysninger/ufint språk" if hidden else "",
        )
    services.suggestions_refresh(consultation)
    Consultation.objects.filter(pk=consultation.pk).update(status=Status.PUBLISHED)


def _open_consultation(hubs: dict[str, Hub]) -> None:
    existing = Consultation.objects.filter(slug=OPEN_SLUG).first()
    if existing is not None:
        if existing.opens_on != today() - timedelta(days=5):
            Consultation.objects.filter(pk=existing.pk).update(
                opens_on=today() - timedelta(days=5), closes_on=today() + timedelta(days=16)
            )
        return
    consultation = Consultation.objects.create(
        title="Åpningstider på innbyggertorgene",
        slug=OPEN_SLUG,
        purpose=(
            "Vi vurderer å endre åpningstidene fra neste år. Når passer det deg å komme, og "
            "hvilket innbyggertorg bruker du?"
        ),
        use_of_input=(
            "Svarene leses av torglederne og brukes når åpningstidene for neste år "
            "bestemmes i januar. En oppsummering publiseres her."
        ),
        consent_text="Svarene er anonyme. Skriv ikke navn eller telefonnummer i svarfeltene.",
        channels=[Channel.WEB, Channel.KIOSK, Channel.PAPER, Channel.MEETING],
        opens_on=today() - timedelta(days=5),
        closes_on=today() + timedelta(days=16),
        is_demo=True,
    )
    consultation.hubs.set(hubs.values())
    q_hub = Question.objects.create(
        consultation=consultation,
        order=1,
        kind=QuestionKind.HUB,
        text="Hvilket innbyggertorg bruker du mest?",
    )
    q_when = Question.objects.create(
        consultation=consultation,
        order=2,
        kind=QuestionKind.MULTIPLE,
        text="Når passer det best for deg å komme?",
        help_text="Velg alle som passer.",
        choices=["Formiddag", "Ettermiddag", "Kveld", "Lørdag"],
    )
    q_often = Question.objects.create(
        consultation=consultation,
        order=3,
        kind=QuestionKind.SINGLE,
        text="Hvor ofte er du innom?",
        choices=["Hver uke", "Hver måned", "Sjeldnere"],
    )
    Question.objects.create(
        consultation=consultation,
        order=4,
        kind=QuestionKind.TEXT,
        text="Er det noe mer du vil si om åpningstidene?",
    )
    services.codebook_ensure_default(consultation)
    services.consultation_set_status(consultation, Status.OPEN)
    rng = random.Random(7)
    names = list(hubs)
    for _n in range(12):
        services.response_submit(
            consultation,
            {
                q_hub.pk: hubs[rng.choice(names)].pk if names else None,
                q_when.pk: rng.sample(q_when.choices, rng.randint(1, 2)),
                q_often.pk: rng.choice(q_often.choices),
            },
        )
    Response.objects.filter(consultation=consultation).update(is_demo=True)


def load() -> None:
    hubs = _hub_names()
    _autumn(hubs)
    _open_consultation(hubs)
    for hub in Hub.objects.filter(is_demo=True):
        services.standing_consultation(hub)
