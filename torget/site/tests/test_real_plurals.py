"""No "place(s)" or "plass(er)" for people to read: counts use real plural forms
(`ngettext`, `{% blocktranslate count %}`), so a Norwegian reader gets "1 plass" and
"2 plasser" (issue 17.5). Scans every template and every string in the Python source."""

import io
import re
import tokenize
from pathlib import Path

import torget

ROOT = Path(torget.__file__).parent
# A word with its plural ending in brackets: place(s), column(s), plass(er), kolonne(n)e.
PSEUDO_PLURAL = re.compile(r"[A-Za-zÆØÅæøå]\((s|es|er|e|r|ne|ene|en|a)\)(?![A-Za-z])")


def _sources(pattern: str) -> list[Path]:
    return [path for path in ROOT.rglob(pattern) if "tests" not in path.relative_to(ROOT).parts]


def _python_strings(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]


def test_no_pseudo_plurals_in_templates():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for path in _sources("*.html") + _sources("*.txt")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PSEUDO_PLURAL.search(line)
    ]
    assert found == []


def test_no_pseudo_plurals_in_python_strings():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {text[:100]}"
        for path in _sources("*.py")
        for number, text in _python_strings(path)
        if PSEUDO_PLURAL.search(text)
    ]
    assert found == []


def test_the_scan_finds_what_it_looks_for():
    for text in ("1 place(s)", "plass(er) igjen", "the column(s) x", "kolonne(r)."):
        assert PSEUDO_PLURAL.search(text), text
    for text in ("article 6(1)(e)", "count(entries)", "f(x) (s)", "(s)"):
        assert not PSEUDO_PLURAL.search(text), text
