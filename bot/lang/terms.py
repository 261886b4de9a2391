"""Question terms: the IDF-weighted keys a sentence is matched on.

A syllable typed with diacritics matches only as written ('đặt' is not 'đạt'); one typed
without them matches any accents, through the folded key ('~dat'). Pairs of adjacent
syllables are keys too. English questions contribute the glossary's Vietnamese, names, and
'en:' markers for words the glossary does not know.

Deliberately not here: weights (lexical.py) or coverage (evidence.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from bot.lang.english import (
    codes,
    english_names,
    is_english,
    plain,
    translate_terms,
    untranslated_words,
)
from bot.lang.glossary import add_synonyms, content_tokens, expand_abbreviations
from bot.lang.names import PLAN_REF
from bot.lang.spans import spell_out
from index.vntext import FOLD_PREFIX, LOWER, UPPER, fold, has_diacritics, lexical_tokens


def without_unit(terms: list[str], head: tuple[str, ...], hypothetical: bool = False) -> list[str]:
    """Terms minus the unit asked for: in 'bao nhiêu triệu đồng' the unit says what kind of
    answer is wanted (checked by the answer's unit), not what the question is about. In a
    yes-no or "which is right" question the figures offered are guesses, not evidence words."""
    unit = set(head) - {"%"}
    out = [t for t in terms if t.startswith("en:") or not unit & key_words(t)]
    if hypothetical:
        out = [
            t for t in out if t.startswith("en:") or not any(w[:1].isdigit() for w in key_words(t))
        ]
    return out


def question_terms(text: str, vocabulary: Mapping[str, int] | None = None) -> list[str]:
    """Folded unigrams + bigrams of the question's content. English terms are translated first."""
    if not text:
        return []
    extra: list[str] = []
    # Plan numbers are checked as constraints, not matched as words.
    text = PLAN_REF.sub(" ", text)
    if is_english(text):
        text = plain(text)
        extra = [f"en:{w}" for w in untranslated_words(text)]
        # names and codes stay as they are (matched without diacritics)
        names = [w.lower() for w in english_names(text)] + codes(text)
        names += [w.lower() for w in re.findall(rf"[{UPPER}][{LOWER}]*", text) if not w.isascii()]
        text = " ".join(translate_terms(text) + names)
    else:
        text = add_synonyms(spell_out(text), vocabulary)
    # Years are left to the year fit: a sentence about 2021 must not score for saying "2021"
    # when the question asks about 2021 in another sense, and vice versa.
    text = re.sub(r"\b(?:năm|nam|year|in)\s+(?=(?:19|20)\d{2}\b)", " ", text, flags=re.I)
    tokens = [s for s in content_tokens(text) if not re.fullmatch(r"(?:19|20)\d{2}", s)]
    return term_keys(tokens) + extra


def term_keys(tokens: list[str]) -> list[str]:
    """Index keys for syllables and adjacent pairs: as written when typed with diacritics,
    folded (with the fold prefix) when typed without, so 'đặt' does not match 'đạt' but
    'dat' matches both. Example: ['đặt', 'muc'] -> ['đặt', '~muc', '~dat_muc']."""
    keys = [t if has_diacritics(t) else FOLD_PREFIX + t for t in tokens]
    for a, b in zip(tokens, tokens[1:]):
        both = has_diacritics(a) and has_diacritics(b)
        keys.append(f"{a}_{b}" if both else f"{FOLD_PREFIX}{fold(a)}_{fold(b)}")
    return keys


def key_words(key: str) -> set[str]:
    """Folded syllables of a term key. Example: '~dat_muc' -> {'dat', 'muc'}; 'đặt' -> {'dat'}."""
    return set(fold(key.removeprefix(FOLD_PREFIX)).split("_"))


@lru_cache(maxsize=32768)
def sentence_terms(text: str) -> frozenset[str]:
    """Every key a question term can match: syllables and pairs, as written and folded."""
    return frozenset(lexical_tokens(expand_abbreviations(text)))
