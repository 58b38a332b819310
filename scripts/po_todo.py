"""Print the bokmål catalogue's untranslated or fuzzy entries (msgid per line), for translators."""

import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "torget" / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def entries(po: Path) -> list[dict]:
    found, entry, field = [], {}, ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("msgid "):
            entry["id"], field = line[7:-1], "id"
        elif line.startswith("msgid_plural "):
            entry["plural"], field = line[14:-1], "plural"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            entry["str"], field = line.split(" ", 1)[1][1:-1], "str"
        elif line.startswith("msgstr["):
            field = ""
        elif line.startswith('"') and field:
            entry[field] = entry.get(field, "") + line[1:-1]
        elif not line.strip() and "id" in entry:
            if entry["id"]:
                found.append(entry)
            entry, field = {}, ""
    return found


if __name__ == "__main__":
    po = Path(sys.argv[1]) if len(sys.argv) > 1 else PO
    todo = [e for e in entries(po) if not e.get("str") or e.get("fuzzy")]
    for e in todo:
        print(("FUZZY " if e.get("fuzzy") else "") + e["id"] + (" ||| " + e["plural"] if "plural" in e else ""))
    print(f"# {len(todo)} to translate", file=sys.stderr)
