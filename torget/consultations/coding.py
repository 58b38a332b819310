"""Theme suggestions for Norwegian free text, explained word by word.

Two sources, both over Snowball's Norwegian stems:

* keywords: a theme's keywords (words or short phrases) are stemmed; an answer word matches
  when its stem equals the keyword's stem, or — for Norwegian compounds — starts with a
  keyword stem of at least 4 letters ("seniorsenteret" → "senior") or ends with one of at
  least 6 ("byggesaksveiledning" → "veiledning");
* similarity: cosine similarity (tf-idf over stems, stop words left out) to answers staff
  have already confirmed for a theme.

Pure functions: no database. `services` feeds them rows and stores the suggestions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

import snowballstemmer

WORD = re.compile(r"[a-zæøåéèüäö0-9]+", re.IGNORECASE)
PREFIX_MIN = 4
SUFFIX_MIN = 6
SIMILARITY_THRESHOLD = 0.2
SIMILAR_WORDS_SHOWN = 4

# Common bokmål function words (Snowball's list, shortened) and words every answer about
# hubs uses, which say nothing about a theme.
STOP_WORDS = frozenset(
    [
        "og",
        "i",
        "jeg",
        "det",
        "at",
        "en",
        "et",
        "den",
        "til",
        "er",
        "som",
        "på",
        "de",
        "med",
        "han",
        "av",
        "ikke",
        "der",
        "så",
        "var",
        "meg",
        "seg",
        "men",
        "ett",
        "har",
        "om",
        "vi",
        "min",
        "mitt",
        "ha",
        "hadde",
        "hun",
        "nå",
        "over",
        "da",
        "ved",
        "fra",
        "du",
        "ut",
        "sin",
        "dem",
        "oss",
        "opp",
        "man",
        "kan",
        "hans",
        "hvor",
        "eller",
        "hva",
        "skal",
        "selv",
        "sjøl",
        "her",
        "alle",
        "vil",
        "bli",
        "ble",
        "blitt",
        "kunne",
        "inn",
        "når",
        "være",
        "kom",
        "noen",
        "noe",
        "ville",
        "dere",
        "deres",
        "kun",
        "ja",
        "etter",
        "ned",
        "skulle",
        "denne",
        "for",
        "deg",
        "si",
        "sine",
        "sitt",
        "mot",
        "å",
        "meget",
        "hvorfor",
        "dette",
        "disse",
        "uten",
        "hvordan",
        "ingen",
        "din",
        "ditt",
        "blir",
        "samme",
        "hvilken",
        "hvilke",
        "sånn",
        "inni",
        "mellom",
        "vår",
        "hver",
        "hvem",
        "vors",
        "hvis",
        "både",
        "bare",
        "enn",
        "fordi",
        "før",
        "mange",
        "også",
        "slik",
        "vært",
        "båe",
        "begge",
        "siden",
        "henne",
        "hennes",
        "veldig",
        "mye",
        "mer",
        "mest",
        "litt",
        "svært",
        "godt",
        "god",
        "bra",
        "fint",
        "viktig",
        "viktige",
        "helt",
        "også",
        "innbyggertorg",
        "innbyggertorget",
        "innbyggertorgene",
        "torget",
        "torg",
        "bibliotek",
        "biblioteket",
        "asker",
        "kommune",
        "kommunen",
    ]
)


@cache
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


@lru_cache(maxsize=4096)
def _stems(text: str) -> tuple[tuple[str, str], ...]:
    ws = words(text)
    return tuple(zip(ws, _stemmer().stemWords(ws), strict=True))


def stems(text: str) -> list[tuple[str, str]]:
    """(word, stem) for every word of the text."""
    return list(_stems(text or ""))


def _matches(token_stem: str, keyword_stem: str) -> bool:
    if token_stem == keyword_stem:
        return True
    if len(keyword_stem) >= PREFIX_MIN and token_stem.startswith(keyword_stem):
        return True
    return len(keyword_stem) >= SUFFIX_MIN and token_stem.endswith(keyword_stem)


@dataclass(frozen=True)
class Keyword:
    phrase: str
    stems: tuple[str, ...]
    exact: bool = False


@dataclass
class Theme:
    key: str
    keywords: Sequence[str]

    @cached_property
    def compiled(self) -> list[Keyword]:
        out = []
        for phrase in self.keywords:
            if phrase.startswith("="):
                forms = tuple(words(phrase[1:]))
                if forms:
                    out.append(Keyword(phrase[1:], forms, exact=True))
                continue
            parts = tuple(s for _w, s in stems(phrase))
            if parts:
                out.append(Keyword(phrase, parts))
        return out


@dataclass
class Suggestion:
    key: str
    score: float
    words: list[str] = field(default_factory=list)  # the answer's words that matched
    keywords: list[str] = field(default_factory=list)  # the codebook's keywords they matched
    similar_to: list[int] = field(default_factory=list)  # ids of similar coded answers
    similarity: float = 0.0
    shared_words: list[str] = field(default_factory=list)

    def reason(self) -> dict:
        return {
            "words": self.words,
            "keywords": self.keywords,
            "similar_to": self.similar_to,
            "similarity": round(self.similarity, 2),
            "shared_words": self.shared_words,
        }


def keyword_hits(text: str, theme: Theme) -> tuple[list[str], list[str]]:
    """(matched words of the text, matched keywords), each in first-seen order."""
    pairs = stems(text)
    token_stems = [s for _w, s in pairs]
    token_words = [w for w, _s in pairs]
    found_words: list[str] = []
    found_keywords: list[str] = []
    for keyword in theme.compiled:
        n = len(keyword.stems)
        for i in range(len(token_stems) - n + 1):
            if keyword.exact:
                hit = tuple(token_words[i : i + n]) == keyword.stems
            else:
                hit = all(_matches(token_stems[i + j], keyword.stems[j]) for j in range(n))
            if hit:
                phrase = " ".join(w for w, _s in pairs[i : i + n])
                if phrase not in found_words:
                    found_words.append(phrase)
                if keyword.phrase not in found_keywords:
                    found_keywords.append(keyword.phrase)
    return found_words, found_keywords


class Corpus:
    """tf-idf vectors over stems for a set of answers (the consultation's)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._vectors: dict[str, dict[str, float]] = {}
        documents = [self._bag(t) for t in texts]
        self.size = max(len(documents), 1)
        self.df: Counter[str] = Counter()
        for bag in documents:
            self.df.update(bag.keys())

    @staticmethod
    def _bag(text: str) -> Counter[str]:
        return Counter(s for w, s in stems(text) if w not in STOP_WORDS and len(s) > 1)

    def vector(self, text: str) -> dict[str, float]:
        cached = self._vectors.get(text)
        if cached is not None:
            return cached
        bag = self._bag(text)
        vec = {
            term: (1 + math.log(count)) * math.log((1 + self.size) / (1 + self.df.get(term, 0)) + 1)
            for term, count in bag.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        self._vectors[text] = {t: v / norm for t, v in vec.items()}
        return self._vectors[text]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


@dataclass
class CodedAnswer:
    id: int
    text: str
    keys: frozenset[str]


def suggest(
    text: str,
    themes: Sequence[Theme],
    coded: Sequence[CodedAnswer] = (),
    corpus: Corpus | None = None,
) -> list[Suggestion]:
    """The themes suggested for `text`, best first, each saying why."""
    found: dict[str, Suggestion] = {}
    for theme in themes:
        hit_words, hit_keywords = keyword_hits(text, theme)
        if hit_words:
            found[theme.key] = Suggestion(
                theme.key, float(len(hit_keywords)), hit_words, hit_keywords
            )
    if coded:
        corpus = corpus or Corpus([text, *(c.text for c in coded)])
        vec = corpus.vector(text)
        own = {s: w for w, s in stems(text)}
        best: dict[str, tuple[float, CodedAnswer]] = {}
        for other in coded:
            if other.text == text:
                continue
            other_vec = corpus.vector(other.text)
            sim = cosine(vec, other_vec)
            for key in other.keys:
                if key not in best or sim > best[key][0]:
                    best[key] = (sim, other)
        for key, (sim, other) in best.items():
            if sim < SIMILARITY_THRESHOLD:
                continue
            other_vec = corpus.vector(other.text)
            shared = sorted(
                (t for t in vec if t in other_vec), key=lambda t: -vec[t] * other_vec[t]
            )[:SIMILAR_WORDS_SHOWN]
            suggestion = found.setdefault(key, Suggestion(key, 0.0))
            suggestion.similar_to.append(other.id)
            suggestion.similarity = sim
            suggestion.shared_words = [own[t] for t in shared if t in own]
            suggestion.score += sim
    return sorted(found.values(), key=lambda s: -s.score)


@dataclass
class Scores:
    precision: float
    recall: float
    true_positives: int
    suggested: int
    expected: int

    @property
    def f1(self) -> float:
        if not self.precision + self.recall:
            return 0.0
        return 2 * self.precision * self.recall / (self.precision + self.recall)


def score(predicted: Sequence[set[str]], expected: Sequence[set[str]]) -> Scores:
    """Micro-averaged precision and recall of suggested themes against hand coding."""
    tp = sum(len(p & e) for p, e in zip(predicted, expected, strict=True))
    n_pred = sum(len(p) for p in predicted)
    n_exp = sum(len(e) for e in expected)
    return Scores(
        precision=tp / n_pred if n_pred else 0.0,
        recall=tp / n_exp if n_exp else 0.0,
        true_positives=tp,
        suggested=n_pred,
        expected=n_exp,
    )
