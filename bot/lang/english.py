"""English questions over Vietnamese articles: is a question English, which of its words the
glossary translates (bot/data/english.json and the topic files), and the names it states.

`translate_terms("How many enterprises?")` -> ['doanh nghiệp', ...] so an English question meets
Vietnamese text in BM25 and in sentence matching; a word the glossary does not know counts as
untranslated, never against the question.

Deliberately not here: a translation model. The glossary is small, data, and easy to extend.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from bot.lang.glossary import _glossary, question_words
from bot.lang.names import english_names as vietnamese_runs
from bot.lang.names import place_spans
from index.vntext import LOWER, UPPER, is_wellformed

_ENGLISH_HINTS = {
    "what",
    "how",
    "which",
    "who",
    "when",
    "the",
    "did",
    "does",
    "is",
    "are",
    "many",
    "much",
}


# "Nghe An's", "EVN's": the possessive is no part of the name
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# "EVN", "OCOP", "FarmiQ", "HURC1", "T2": written the same in Vietnamese text, so matched as
# they are rather than translated
_CODE = re.compile(r"\b(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z\d])[A-Za-z][A-Za-z\d]*\b")


def plain(text: str) -> str:
    """An English question without possessives. Example: "FarmiQ's loss" -> 'FarmiQ loss'."""
    return _POSSESSIVE.sub("", text)


def codes(text: str) -> list[str]:
    """Acronyms and brand names an English question states, lower case (the glossary's own
    entries aside). Example: 'Did EVN raise prices for FarmiQ?' -> ['evn', 'farmiq']."""
    known = _glossary()["english"]
    words = [m.group(0) for m in _CODE.finditer(plain(text))]
    return list(dict.fromkeys(w.lower() for w in words if w.lower() not in known))


@cache
def _function_words() -> frozenset[str]:
    """English words that carry no topic (english.json's "function_words"): an English
    question's "from", "during", "mentioned" are not evidence words the glossary failed to
    translate. Not scikit-learn's list: importing it costs about 2 s on every cold start."""
    lexicon = resources.files("bot.data").joinpath("english.json")
    if not lexicon.is_file():
        return frozenset()
    return frozenset(json.loads(lexicon.read_text("utf-8")).get("function_words", ()))


@cache
def _english_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_glossary()["english"], key=len, reverse=True))


def is_english(text: str) -> bool:
    """ASCII words, many of which could not be Vietnamese syllables (abbreviations aside).

    Example: 'How many enterprises?' -> True; 'hanoi trade fair support?' -> True;
    'bao nhieu doanh nghiep cnht' -> False.
    """
    # Vietnamese names inside an English question ("What did Đàm Tiến Thắng say?") are names.
    text = re.sub(
        rf"\b[{UPPER}][{LOWER}]*(?:\s+[{UPPER}][{LOWER}]*)+",
        lambda m: "" if not m.group(0).isascii() else m.group(0),
        text,
    )
    if any(ord(ch) > 0x7F and ch.isalpha() for ch in text):
        return False
    short = {k.lower() for k in _glossary()["abbreviations"]} | set(_glossary()["informal"])
    words = [w for w in re.findall(r"[a-zA-Z']+", text.lower()) if w not in short]
    if len(words) < 2:
        return False
    foreign = [w for w in words if not is_wellformed(w.replace("'", ""))]
    hints = _ENGLISH_HINTS.intersection(words)
    return len(foreign) >= 0.4 * len(words) or (len(hints) >= 2 and len(foreign) >= 1)


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[\w'%]+", text.lower())) + " "


@cache
def _vietnamese(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Vietnamese names and places an English question writes without diacritics, as
    written, and the words to match them by (a place by its own name: 'Hanoi' -> 'ha noi').

    Example: 'Who coached hai phong at Hoa Xuan stadium?' -> (('Hoa Xuan', 'hai phong'),
    ('hoa', 'xuan', 'hai', 'phong'))."""
    text = plain(text)
    places = place_spans(text)
    runs = [r for r in vietnamese_runs(text)] + [written for _, written in places]
    words = [w.lower() for r in vietnamese_runs(text) for w in r.split()]
    words += [w for canonical, _ in places for w in canonical.split()]
    return tuple(runs), tuple(dict.fromkeys(words))


def _split_english(text: str) -> tuple[list[str], list[str]]:
    """Glossary translations (longest phrase first) and the words left over."""
    low = _words(plain(text))
    # Vietnamese names and places are not English words: "Dong Thap" is no "đồng", the "Song"
    # of "Song Hong" no "ca khúc"
    for written in _vietnamese(text)[0]:
        low = low.replace(_words(written), " ")
    found: list[str] = []
    for phrase in _english_longest_first():
        needle = f" {phrase} "
        if needle in low:
            low = low.replace(needle, " ")
            vi = _glossary()["english"][phrase]
            if vi not in found:
                found.append(vi)
    left = []
    for word in low.split():  # "targeting" -> "target", "recognized" -> "recognize"
        stem = next(
            (
                w
                for w in (word[:-3], word[:-2], word[:-1], word[:-3] + "e")
                if w in _glossary()["english"] and len(w) > 2
            ),
            None,
        )
        if stem and word.endswith(("ing", "ed", "es", "s")):
            vi = _glossary()["english"][stem]
            if vi not in found:
                found.append(vi)
        else:
            left.append(word)
    return found, left


def last_term(text: str) -> str | None:
    """The Vietnamese for the last English key term in a phrase (English puts the noun last).

    Example: 'supporting industry companies' -> 'doanh nghiệp'.
    """
    low = " " + " ".join(re.findall(r"[\w'%]+", text.lower().replace("-", " "))) + " "
    best: tuple[int, int, str] | None = None
    for phrase, vi in _glossary()["english"].items():
        at = low.rfind(f" {phrase} ")
        if at >= 0:
            end = at + len(phrase)
            if best is None or (end, len(phrase)) > best[:2]:
                best = (end, len(phrase), vi)
    return best[2] if best else None


def translate_terms(text: str) -> list[str]:
    """Vietnamese for the English key terms found, longest phrase first.

    Example: 'supporting industry enterprises' -> ['công nghiệp hỗ trợ', 'doanh nghiệp'].
    """
    return _split_english(text)[0]


def untranslated_words(text: str) -> list[str]:
    """English content words the glossary does not cover; capitalised words (names, written
    without diacritics: 'Pham Tuan Anh') are not among them.

    Example: 'laughing gas hanoi' -> ['laughing', 'gas'].
    """
    singles, _ = question_words()
    names = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", text)[1:]}
    # codes are matched as written; a word with diacritics is a Vietnamese name
    names |= set(codes(text))
    skip = singles | _function_words()
    leftover = _split_english(text)[1]
    return [
        w
        for w in leftover
        if w not in skip and not w.isdigit() and len(w) > 2 and w not in names and w.isascii()
    ]


def english_names(text: str) -> list[str]:
    """Capitalised words after the first, and the words of Vietnamese names and places, in an
    English question: names typed without diacritics, lower case. Example: 'What position
    does Pham Tuan Anh hold in hai phong?' -> ['pham', 'tuan', 'anh', 'hai', 'phong']."""
    known = _glossary()["english"]
    named = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", text)[1:] if w.lower() not in known}
    named |= set(_vietnamese(text)[1])
    # in the question's order, so that a name's syllables pair up as the article writes them
    return list(dict.fromkeys(w for w in re.findall(r"[a-z]+", plain(text).lower()) if w in named))
