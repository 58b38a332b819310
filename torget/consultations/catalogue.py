"""Ready-made content: the autumn-2024 questionnaire and the default hub codebook.

The questionnaire is the one Asker used 10–22 September 2024 ("Innspill fra publikum om
bibliotek og innbyggertorg"): a name field and four open questions. Here the name is the
optional identity (anonymous by default), kept apart from the answers.

The codebook's six themes are the ones the staff found in the 144 answers; the keywords
("=word": that form only, see `coding`) are ordinary bokmål words people use for them (stemmed when matched, so one form covers
"møteplass", "møteplassen", "møteplasser").
"""

from __future__ import annotations

from typing import Any

AUTUMN_2024: dict[str, Any] = {
    "title": "Innspill om bibliotek og innbyggertorg",
    "purpose": (
        "Kommunen vurderer endringer i innbyggertorg og bibliotek: hvor de ligger, hva de "
        "tilbyr, åpningstider og bemanning. Vi vil høre hva du mener før noe blir bestemt."
    ),
    "use_of_input": (
        "Alle innspill leses av Bibliotekene og Innbyggerdialog og frivillighet. Vi "
        "oppsummerer temaene som går igjen, med utvalgte sitater uten navn, i et notat til "
        "politikerne som en del av saken om endringer i innbyggertorgstruktur. "
        "Oppsummeringen publiseres her."
    ),
    "consent_text": (
        "Svarene dine brukes bare i dette arbeidet. Du kan være anonym. Oppgir du navn, "
        "holdes det adskilt fra svarene og slettes når arbeidet er ferdig. Vi kan sitere "
        "deler av svaret ditt uten navn, etter at personopplysninger er fjernet."
    ),
    "ask_identity": True,
    "channels": ["web", "kiosk", "paper"],
    "duration_days": 12,
    "questions": [
        "Har du innspill til hvor det bør være innbyggertorg og/eller hvor det bør være bibliotek?",
        "Har du innspill til hvilke tilbud og tjenester det bør være på innbyggertorg og/eller "
        "bibliotek? (Spesifiser gjerne hvilket innbyggertorg/bibliotek)",
        "Har du innspill til hvordan endringer i innbyggertorg – og/eller bibliotekstilbudet "
        "(lokasjoner, tilbud, åpningstider, bemanning) vil kunne påvirke deg eller ditt "
        "lokalsamfunn?",
        "Har du andre innspill?",
    ],
}

# key, label (bokmål: the codebook is the staff's working language), description, keywords
DEFAULT_CODEBOOK: list[tuple[str, str, str, list[str]]] = [
    (
        "naerhet",
        "Nærhet til tilbudene",
        "Kort vei, lokalt tilbud, reisevei og transport.",
        [
            "nær",
            "nærhet",
            "nærmiljø",
            "nærområde",
            "nærkontakt",
            "i nærheten",
            "lokal",
            "lokalt",
            "lokalsamfunn",
            "gangavstand",
            "avstand",
            "kort vei",
            "langt",
            "reise",
            "reisevei",
            "buss",
            "bil",
            "kjøre",
            "transport",
            "sentrum",
            "bygda",
            "sydspissen",
            "der vi bor",
            "gå til",
            "nabolag",
        ],
    ),
    (
        "moteplass",
        "Tilgjengelige møteplasser med varierte aktiviteter",
        "Et sted å møtes, aktiviteter, kurs, arrangementer og lokaler.",
        [
            "møteplass",
            "møtepunkt",
            "møtested",
            "treffsted",
            "aktivitet",
            "arrangement",
            "kurs",
            "foredrag",
            "allsang",
            "kaffe",
            "kafé",
            "kafe",
            "språkkafé",
            "strikke",
            "=lokaler",
            "=lokalene",
            "møterom",
            "rom",
            "arena",
            "samling",
            "varierte tilbud",
            "tilbudene der",
            "klesbytte",
            "konsert",
            "leksehjelp",
            "åpent hus",
            "sted å være",
            "=møte",
            "=møtes",
            "=møter",
            "treff",
            "treffene",
            "samle",
            "prat",
            "utstilling",
            "babysang",
            "trim",
            "turgruppe",
            "sted for alle",
        ],
    ),
    (
        "kommunal_hjelp",
        "Kommunal hjelp",
        "Veiledning, svar på spørsmål, digital hjelp og kontakt med kommunen.",
        [
            "hjelp",
            "veiledning",
            "byggesak",
            "skjema",
            "søknad",
            "søke",
            "spørsmål",
            "henvendelse",
            "informasjon",
            "info",
            "digital",
            "bankid",
            "nettbank",
            "pc",
            "mobil",
            "=nav",
            "skatt",
            "stemmelokale",
            "nå kommunen",
            "kontakt med kommunen",
            "saksbehandler",
            "tjenester",
            "servicetorg",
            "papirer",
            "brev",
            "datahjelp",
            "valglokale",
            "stemme",
            "helsestasjon",
        ],
    ),
    (
        "fellesskap",
        "Sosiale nettverk og fellesskap",
        "Å treffe folk, tilhørighet, mot ensomhet, integrering.",
        [
            "fellesskap",
            "sosial",
            "sosialt",
            "nettverk",
            "venner",
            "ensom",
            "ensomhet",
            "alene",
            "tilhøre",
            "tilhørighet",
            "integrert",
            "integrering",
            "inkludering",
            "kjente",
            "naboer",
            "samhold",
            "treffe",
            "bli kjent",
            "frivillig",
            "dugnad",
            "hverdagen",
            "livskvalitet",
            "snakke med",
            "prat",
            "folk",
            "samle folk",
            "frivilligsentral",
            "kjente ingen",
        ],
    ),
    (
        "senior",
        "Seniortilbudene",
        "Seniorsenter, eldresenter, tilbud til pensjonister og eldre.",
        [
            "senior",
            "eldre",
            "eldresenter",
            "seniorsenter",
            "pensjonist",
            "godt voksen",
            "eldreråd",
            "sykehjem",
            "alderdom",
            "gamle",
            "trim for eldre",
            "seniordans",
            "hjemmeboende",
            "80 år",
            "70 år",
            "over 80",
            "dagtilbud",
            "demens",
            "oss gamle",
        ],
    ),
    (
        "ansatte",
        "Verdsatte kommunale medarbeidere",
        "De som jobber der: service, kunnskap, vennlighet, bemanning.",
        [
            "ansatte",
            "ansatt",
            "medarbeider",
            "personale",
            "personalet",
            "betjening",
            "service",
            "imøtekommende",
            "hyggelig",
            "hjelpsom",
            "=vennlig",
            "=vennlige",
            "dyktig",
            "de som jobber",
            "bemanning",
            "bemannet",
            "=bibliotekar",
            "=bibliotekarene",
            "vert",
            "verter",
            "folka der",
            "damene",
            "gjør en fantastisk jobb",
            "kjenner oss",
            "tålmodig",
            "flink",
            "mennesker",
            "skranken",
            "folk i skranken",
        ],
    ),
]

# What the API states when a client creates an open consultation without saying how the
# input will be used (the contract does not require it; opening without it is not allowed).
DEFAULT_USE_OF_INPUT = (
    "Innspillene leses av de ansatte som har ansvar for saken. Temaene som går igjen, "
    "oppsummeres med utvalgte sitater uten navn, og oppsummeringen publiseres på nettsiden."
)

# The standing "input to the hub" channel (stored content is bokmål, like the codebook).
STANDING_TITLE = "Innspill til {hub}"
STANDING_PURPOSE = "Her kan du når som helst si fra om noe til innbyggertorget på {hub}."
STANDING_USE = (
    "De ansatte på {hub} leser alle innspill hver uke og bruker dem når de planlegger "
    "tilbudet. Temaene som går igjen, oppsummeres på nettsiden."
)
STANDING_QUESTION = "Hva vil du si til innbyggertorget?"
STANDING_HELP = "Ideer, ros, noe som bør bli bedre: alt blir lest."
