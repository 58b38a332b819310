"""Norwegian is the default and English complete: the catalogues are whole and compiled."""

import gettext
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _entries(po: Path) -> list[tuple[str, str, bool, bool]]:
    """(msgid, first msgstr, fuzzy, plural) for each entry of a .po file."""
    entries: list[tuple[str, str, bool, bool]] = []
    entry: dict = {}
    field = ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("msgctxt "):
            entry["ctxt"], field = line[9:-1], "ctxt"
        elif line.startswith("msgid "):
            entry["id"], field = line[7:-1], "id"
        elif line.startswith("msgid_plural "):
            entry["plural"], field = True, ""
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            entry["str"], field = line.split(" ", 1)[1][1:-1], "str"
        elif line.startswith("msgstr["):
            field = ""
        elif line.startswith('"') and field:
            entry[field] = entry.get(field, "") + line[1:-1]
        elif not line.strip() and "id" in entry:
            if entry["id"]:
                # A msgid with a context is keyed "context\x04msgid", as gettext keys it.
                context = entry["ctxt"] + "\x04" if "ctxt" in entry else ""
                entries.append(
                    (
                        context + entry["id"],
                        entry.get("str", ""),
                        bool(entry.get("fuzzy")),
                        bool(entry.get("plural")),
                    )
                )
            entry, field = {}, ""
    return entries


# djangojs: what Django's bokmål for the admin's JavaScript lacks ("Velg alle %s").
@pytest.mark.parametrize(("lang", "domain"), [("nb", "django"), ("nb", "djangojs")])
def test_catalogue_is_complete_and_not_fuzzy(lang, domain):
    po = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
    missing = [msgid for msgid, msgstr, fuzzy, _plural in _entries(po) if not msgstr or fuzzy]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {lang}: {missing[:10]}"


@pytest.mark.parametrize(
    ("lang", "domain"), [("nb", "django"), ("en", "django"), ("nb", "djangojs")]
)
def test_compiled_catalogue_matches_its_source(lang, domain):
    """Fresh machines may lack msgfmt, so the .mo files are committed; they must match the .po
    (compared by content: a git checkout does not keep file times)."""
    po = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
    with (po.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr, fuzzy, plural in _entries(po)
        if msgstr
        and not fuzzy
        and not plural
        and "\\" not in msgid
        and compiled.gettext(msgid) != _unescape(msgstr)
    ]
    assert not stale, f"{lang}: the .mo is older than the .po, run `make messages`: {stale[:5]}"


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n")


def test_norwegian_is_the_default_and_english_switches(db):
    with translation.override("nb"):
        assert translation.gettext("Hall") == "Sal"
    client = Client()
    assert 'lang="nb"' in client.get("/").content.decode()
    assert 'lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize("header", ["no-NO,no;q=0.9,en;q=0.8", "nn-NO,nn;q=0.9,en-US;q=0.8", "nb"])
def test_norwegian_browsers_get_bokmaal(db, header):
    assert 'lang="nb"' in Client().get("/", HTTP_ACCEPT_LANGUAGE=header).content.decode()


def test_english_browsers_get_english(db):
    assert (
        'lang="en"'
        in Client().get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,nb;q=0.5").content.decode()
    )
