"""A hand-coded test set for the theme suggestions, and the measurement.

The answers are invented but written the way people answer an open hub survey (short and
long, typos, dialect-ish words, several themes or none). Each was coded by hand with the six
default themes BEFORE the keywords were last changed; they are not the seed's quotes and
not the demo's answers. `manage.py consultations_evaluate` prints precision and recall.
"""

from __future__ import annotations

from torget.consultations import catalogue
from torget.consultations import coding as engine

N, M, K, F, S, A = "naerhet", "moteplass", "kommunal_hjelp", "fellesskap", "senior", "ansatte"

EVAL_SET: list[tuple[str, set[str]]] = [
    ("Det må være innbyggertorg der folk bor. Jeg har ikke bil og bussen går sjelden.", {N}),
    (
        "Vær så snill og ikke legg ned Tofte. For oss som er over 80 er det eneste stedet vi "
        "treffer andre.",
        {S, F},
    ),
    ("Damene i skranken hjalp meg med BankID da jeg ikke fikk det til selv. Uvurderlig!", {K, A}),
    (
        "Bra med strikkekafé og foredrag på onsdager. Skulle gjerne hatt flere kurs på kveldstid.",
        {M},
    ),
    ("Biblioteket bør være åpent på søndager.", set()),
    (
        "Hvis torget forsvinner må jeg ta to busser for å få hjelp med skjemaer. Det klarer jeg "
        "ikke.",
        {N, K},
    ),
    ("De ansatte er fantastiske, alltid blide og løsningsorienterte.", {A}),
    ("Seniorsenteret er hele livet mitt etter at kona døde. Her har jeg fått nye venner.", {S, F}),
    ("Flere møterom som lag og foreninger kan låne gratis.", {M}),
    ("Jeg bruker det mest til å lese aviser og drikke en kopp kaffe.", {M}),
    (
        "Viktig å ha et sted å gå hvor man ikke må kjøpe noe. Et sted for alle, uansett lommebok.",
        {M, F},
    ),
    ("Synes det er for dårlig skilting inne på senteret, vanskelig å finne fram.", set()),
    (
        "Vi nyankomne lærer norsk på språkkaféen og blir kjent med naboer. Det hjelper oss å bli "
        "integrert.",
        {M, F},
    ),
    ("Mor på 91 går på trim for eldre hver tirsdag. Det holder henne i gang.", {S, M}),
    (
        "Kommunen må ikke sentralisere alt til Asker sentrum. Vi på Spikkestad trenger tilbud "
        "lokalt.",
        {N},
    ),
    ("Hjelp til å søke bostøtte og fylle ut papirer fra NAV har vært gull verdt.", {K}),
    ("Personalet kjenner oss og vet hvem som trenger litt ekstra omtanke.", {A}),
    ("Åpningstidene er for korte. Stengt når folk er ferdig på jobb.", set()),
    ("Ungdommen trenger også et sted å være etter skolen, ikke bare pensjonistene.", {M, S}),
    ("Jeg er alene og torget er det som gir meg noe å stå opp til.", {F}),
    ("Gangavstand er viktig for meg som ikke kjører lenger.", {N}),
    (
        "Fikk veiledning om byggesak uten å måtte dra til rådhuset. Sparte meg for en halv dag.",
        {K, N},
    ),
    (
        "Allsangen på fredager er høydepunktet i uka! Og folka som jobber der er så hyggelige.",
        {M, A},
    ),
    ("Legg heller ned noen av kontorene i rådhuset enn de lokale torgene.", {N}),
    ("Det er for lite parkering ved Holmen.", set()),
    ("Kaffe, aviser, en prat med andre. Enkelt, men betyr så mye for oss eldre.", {M, F, S}),
    ("Bemanningen må ikke kuttes. Uten folk i skranken er det bare et tomt lokale.", {A}),
    ("Jeg har fått hjelp med nettbank og mobil flere ganger, tålmodige og flinke folk.", {K, A}),
    (
        "Tofte er langt unna alt annet i kommunen. Torget er vår eneste kontakt med kommunen.",
        {N, K},
    ),
    ("Selvbetjent bibliotek med meråpent er fint, men det erstatter ikke mennesker.", {A}),
    ("Klesbyttedagene og reparasjonskafeen er supre tiltak for miljøet.", {M}),
    ("Leksehjelp for barna i nærmiljøet er viktig.", {M, N}),
    ("Her møter man folk på tvers av alder og bakgrunn. Det bygger et lokalsamfunn.", {F, N, M}),
    ("Jeg savner konserter og kulturarrangementer på Heggedal.", {M}),
    (
        "Eldrerådet bruker torget til å møte innbyggerne. Det er verdifullt for rådets arbeid.",
        {S, M},
    ),
    ("Jeg forstår at kommunen må spare, men ikke på de svakeste.", set()),
    ("Det ville vært ille for de hjemmeboende eldre om seniortilbudet forsvant.", {S}),
    ("Trenger hjelp med skatten hvert år og får det på torget.", {K}),
    ("Sett opp en benk ved inngangen.", set()),
    ("De ansatte på Sætre gjør en kjempejobb og fortjener ros.", {A}),
    ("Ensomhet er et stort problem. Torget motvirker det ved å samle folk.", {F, M}),
    ("Jeg kan ikke PC og må ha noen som hjelper meg med digitale tjenester.", {K}),
    ("Flott at man kan låne verktøy og sykler, ikke bare bøker.", set()),
    (
        "Det lokale biblioteket er i gangavstand for skolebarna. Flytter dere det, blir det "
        "mer kjøring.",
        {N},
    ),
    ("Som pensjonist setter jeg pris på formiddagstreffene og turgruppa.", {S, M}),
    ("Servicen er alltid god og man blir møtt med et smil.", {A}),
    ("Torget er navet i bygda, der nyheter og beskjeder går fra person til person.", {N, F}),
    ("Dere bør lage et tilbud for småbarnsforeldre, babysang eller barselgruppe.", {M}),
    ("Jeg hadde ikke klart å søke barnehageplass uten hjelpen jeg fikk der.", {K}),
    ("Få heller flere frivillige inn, så kan dere holde åpent lenger.", {F}),
    ("Valglokale på torget er praktisk, jeg slipper å reise langt for å stemme.", {K, N}),
    ("Et trygt sted for oss som ikke har så mange andre å snakke med.", {F}),
    ("Jeg er 76 og bruker datahjelpen hver uke. Der er de tålmodige med oss gamle.", {S, K, A}),
    ("Mye støy fra kafeen inn i lesesalen.", set()),
    ("Samlokalisering med helsestasjon og frivilligsentral ville vært smart.", {K, F}),
    ("Min mann med demens trives på dagtilbudet og jeg får en pause.", {S}),
    ("Jeg flyttet hit i fjor og kjente ingen. Gjennom torget har jeg fått en vennegjeng.", {F}),
    ("Bussen til Asker sentrum går bare en gang i timen, så det lokale torget er nødvendig.", {N}),
    ("Fint med utstillinger av lokale kunstnere i vestibylen.", {M}),
    ("Bibliotekarene gir gode boktips og kjenner lesevanene mine.", {A}),
]


def default_themes() -> list[engine.Theme]:
    return [engine.Theme(key, keywords) for key, _l, _d, keywords in catalogue.DEFAULT_CODEBOOK]


def evaluate_keywords() -> engine.Scores:
    themes = default_themes()
    predicted = [{s.key for s in engine.suggest(text, themes)} for text, _e in EVAL_SET]
    return engine.score(predicted, [e for _t, e in EVAL_SET])


def evaluate_with_coded_half() -> engine.Scores:
    """As staff work: the first half is coded by hand; the second half gets keyword and
    similarity suggestions. Scored on the second half only."""
    themes = default_themes()
    half = len(EVAL_SET) // 2
    coded = [
        engine.CodedAnswer(n, text, frozenset(keys))
        for n, (text, keys) in enumerate(EVAL_SET[:half])
        if keys
    ]
    rest = EVAL_SET[half:]
    corpus = engine.Corpus([t for t, _e in EVAL_SET])
    predicted = [{s.key for s in engine.suggest(text, themes, coded, corpus)} for text, _e in rest]
    return engine.score(predicted, [e for _t, e in rest])


def evaluate_keywords_second_half() -> engine.Scores:
    themes = default_themes()
    rest = EVAL_SET[len(EVAL_SET) // 2 :]
    predicted = [{s.key for s in engine.suggest(text, themes)} for text, _e in rest]
    return engine.score(predicted, [e for _t, e in rest])


# Written after the keywords above were frozen (commit "consultations: held-out set"), and
# never used to change them: the numbers in docs/citizen-input.md come from this set.
HELD_OUT: list[tuple[str, set[str]]] = [
    ("Jeg går dit hver torsdag for bridge og en kopp kaffe med de andre pensjonistene.", {M, S, F}),
    ("Uten torget i bygda må vi kjøre helt inn til byen for den minste ting.", {N}),
    ("Hun som jobber i resepsjonen er et gull av et menneske.", {A}),
    ("Fikk hjelp til å bestille nytt pass og time hos fastlegen på nett.", {K}),
    ("Flere arrangementer for barnefamilier i helgene, takk.", {M}),
    ("Det viktigste er at det er bemannet. En skjerm kan ikke erstatte en person.", {A}),
    ("Jeg er enke og har ikke så mange å være sammen med. Her føler jeg meg velkommen.", {F}),
    ("Bussforbindelsen fra Tofte til Holmen er elendig, så vi trenger vårt eget tilbud.", {N}),
    ("Eldre som ikke er digitale blir hengende etter hvis de ikke får hjelp på torget.", {S, K}),
    ("Lesesirkelen på biblioteket har gitt meg nye venner.", {M, F}),
    ("Parkeringsplassen burde vært større.", set()),
    ("Dyktige og kunnskapsrike folk som alltid tar seg tid.", {A}),
    ("Nærheten er alt. Jeg kan trille rullatoren bort til torget.", {N, S}),
    ("Et flott sted å møtes for store og små.", {M}),
    ("De hjalp meg å søke om parkeringstillatelse for forflytningshemmede.", {K}),
    ("Integreringen av flyktninger i bygda skjer her, på språkkafeen og i strikkegruppa.", {F, M}),
    ("Seniordansen på mandager må fortsette!", {S, M}),
    ("Jeg liker at det er stille og rolig der, et godt sted å lese.", set()),
    ("Kommunen bør spørre oss før de bestemmer noe. Dette skjemaet er en god start.", set()),
    ("Dersom Sætre stenger blir det ingen kommunal tilstedeværelse på sydspissen.", {N, K}),
    ("Ansatte som kjenner lokalmiljøet er en stor styrke.", {A, N}),
    ("Vi i pensjonistforeningen har møtene våre der hver måned.", {S, M}),
    ("Jeg fikk svar på spørsmål om eiendomsskatten på fem minutter.", {K}),
    ("Folk treffes på tvers av generasjoner, det er sjelden ellers.", {F}),
    ("Hjelp til å fylle ut søknad om startlån var avgjørende for at vi fikk kjøpt bolig.", {K}),
    ("Det sosiale er det viktigste, mange bor alene.", {F}),
    ("Åpne opp for at lag og foreninger kan bruke rommene på kveldstid.", {M}),
    ("Alltid blid og hyggelig betjening.", {A}),
    ("Jeg er 84 og har ikke bil. Torget er innen rekkevidde med buss.", {S, N}),
    ("Barna mine går på leksehjelpen to dager i uka.", {M}),
    ("Reparasjonskafeen er et fint miljøtiltak og et sosialt treffpunkt.", {M, F}),
    ("Trenger bedre belysning på gangveien opp til inngangen.", set()),
    ("Ikke flytt biblioteket ut av sentrum, da blir det for langt å gå.", {N}),
    ("Hjemmetjenesten anbefalte meg trimgruppa for eldre, og det har hjulpet mye.", {S, M}),
    ("Staben fortjener en stor takk for innsatsen under pandemien.", {A}),
    ("Her kan jeg printe ut dokumenter og få hjelp med e-post.", {K}),
    ("Det er et møtested for hele lokalsamfunnet.", {M, N}),
    ("Kutt heller i konsulentbruken enn i tilbudet til innbyggerne.", set()),
    ("Ensomme eldre trenger et sted å gå der noen ser dem.", {S, F}),
    ("Torgvertene er flinke til å ta imot nye og vise dem rundt.", {A, F}),
]


def evaluate_held_out() -> engine.Scores:
    """Keyword suggestions on the held-out set (no answer there is coded by staff yet)."""
    themes = default_themes()
    predicted = [{s.key for s in engine.suggest(text, themes)} for text, _e in HELD_OUT]
    return engine.score(predicted, [e for _t, e in HELD_OUT])


def evaluate_held_out_with_coded_dev() -> engine.Scores:
    """The held-out set with the dev set as answers staff have already coded (similarity
    suggestions join the keyword ones)."""
    themes = default_themes()
    coded = [engine.CodedAnswer(n, t, frozenset(k)) for n, (t, k) in enumerate(EVAL_SET) if k]
    corpus = engine.Corpus([t for t, _e in EVAL_SET + HELD_OUT])
    predicted = [
        {s.key for s in engine.suggest(text, themes, coded, corpus)} for text, _e in HELD_OUT
    ]
    return engine.score(predicted, [e for _t, e in HELD_OUT])


def demo_answers(count: int = 300) -> list[tuple[str, set[str]]]:
    """Answers put together like the demo's (its sentences, written after the keywords were
    frozen), with the themes each sentence carries."""
    import random

    from torget.consultations import demo

    rng = random.Random(11)
    hubs = list(demo.HUB_WEIGHTS)
    out = []
    for _n in range(count):
        pool = demo.SENTENCES + demo.OTHER
        picked = rng.sample(pool, rng.choice([1, 1, 2, 2, 3]))
        hub = rng.choice(hubs)
        out.append(
            (" ".join(s.format(hub=hub) for s, _t in picked), set().union(*(t for _s, t in picked)))
        )
    return out


def evaluate_demo() -> engine.Scores:
    themes = default_themes()
    answers = demo_answers()
    predicted = [{s.key for s in engine.suggest(text, themes)} for text, _e in answers]
    return engine.score(predicted, [e for _t, e in answers])


def report() -> list[tuple[str, engine.Scores, int]]:
    return [
        ("held-out set, keywords", evaluate_held_out(), len(HELD_OUT)),
        ("held-out set, keywords + similarity", evaluate_held_out_with_coded_dev(), len(HELD_OUT)),
        ("demo answers, keywords", evaluate_demo(), 300),
        ("development set, keywords (tuned on)", evaluate_keywords(), len(EVAL_SET)),
    ]
