"""Fill a catalogue's untranslated or fuzzy entries from other sources.

    python scripts/po_fill.py TARGET.po SOURCE [SOURCE...]

A SOURCE is another .po file (its translated, non-fuzzy entries count) or a JSON file
mapping msgid to msgstr (a list of strings for plural forms; "context\u0004msgid" for an
entry with a context). Entries with a translation
already are left alone; the fuzzy flag goes when an entry is filled. Used when branches'
catalogues are merged and when a batch of translations is written at once.
"""

import json
import re
import sys
from pathlib import Path


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.split("\n\n")]


def read(block: list[str]) -> dict:
    entry: dict = {"str": [], "fuzzy": False}
    field = None
    for line in block:
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("msgctxt "):
            entry["ctxt"], field = line[9:-1], "ctxt"
        elif line.startswith("msgid "):
            entry["id"], field = line[7:-1], "id"
        elif line.startswith("msgid_plural "):
            entry["plural"], field = line[14:-1], "plural"
        elif re.match(r"msgstr(\[\d+\])? ", line):
            entry["str"].append(line.split(" ", 1)[1][1:-1])
            field = "str"
        elif line.startswith('"') and field:
            if field == "str":
                entry["str"][-1] += line[1:-1]
            else:
                entry[field] += line[1:-1]
    return entry


def key(entry: dict) -> str:
    """msgid, with its context in front (as gettext keys them) when it has one."""
    return entry["ctxt"] + "\x04" + entry["id"] if "ctxt" in entry else entry["id"]


def translations(source: Path) -> dict[str, list[str]]:
    if source.suffix == ".json":
        data = json.loads(source.read_text(encoding="utf-8"))
        return {
            escape(k): [escape(v)] if isinstance(v, str) else [escape(x) for x in v]
            for k, v in data.items()
        }
    found = {}
    for block in blocks(source.read_text(encoding="utf-8")):
        entry = read(block)
        if entry.get("id") and not entry["fuzzy"] and all(entry["str"]) and entry["str"]:
            found[key(entry)] = entry["str"]
    return found


def fill(target: Path, known: dict[str, list[str]]) -> tuple[int, int]:
    out, filled, left = [], 0, 0
    for block in blocks(target.read_text(encoding="utf-8")):
        entry = read(block)
        needs = entry.get("id") and (entry["fuzzy"] or not all(entry["str"]))
        if needs and key(entry) in known and len(known[key(entry)]) == len(entry["str"]):
            kept = []
            for line in block:
                if line.startswith("#|"):
                    continue
                if line.startswith("#,"):
                    flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                    if flags:
                        kept.append("#, " + ", ".join(flags))
                    continue
                if re.match(r"msgstr(\[\d+\])? ", line):
                    break
                kept.append(line)
            plural = "plural" in entry
            for i, text in enumerate(known[key(entry)]):
                kept.append((f"msgstr[{i}]" if plural else "msgstr") + f' "{text}"')
            block, filled = kept, filled + 1
        elif needs:
            left += 1
        out.append("\n".join(block))
    target.write_text("\n\n".join(out), encoding="utf-8")
    return filled, left


if __name__ == "__main__":
    target, *sources = (Path(arg) for arg in sys.argv[1:])
    known: dict[str, list[str]] = {}
    for source in reversed(sources):  # the first source wins
        known.update(translations(source))
    filled, left = fill(target, known)
    print(f"{target}: {filled} filled, {left} still to translate")
