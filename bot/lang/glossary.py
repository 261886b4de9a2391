"""Language knowledge loaded from data files: abbreviations, synonyms, units, question words.

`expand_abbreviations("Mục tiêu CNHT?")` -> "Mục tiêu CNHT (công nghiệp hỗ trợ)?" so both the
short and the long form match. The general glossary (bot/data/glossary.json) is merged with the
topic files in use (bot/data/domains/*.json, chosen by `use_domains`).

Deliberately not here: English questions (english.py, which reads the same data).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from index.errors import BadInput
from index.vntext import fold, has_diacritics, nfc, syllables

# Topic knowledge, one file per topic in bot/data/domains/, each with any of glossary.json's
# sections; None: every shipped file. Chosen by Config.domains (HOIDAP_DOMAINS) through use_domains.
_domains: tuple[str, ...] | None = None


def shipped_domains() -> tuple[str, ...]:
    folder = resources.files("bot.data").joinpath("domains")
    if not folder.is_dir():
        return ()
    return tuple(sorted(f.name[:-5] for f in folder.iterdir() if f.name.endswith(".json")))


def use_domains(names: tuple[str, ...] | None) -> None:
    """Read the glossary with these topic files from now on (None: all shipped). Everything
    cached from the glossary is dropped, so indexes built from it must be built again."""
    global _domains
    unknown = sorted(set(names or ()) - set(shipped_domains()))
    if unknown:
        have = ", ".join(shipped_domains()) or "không có"
        raise BadInput(
            f"Không có tệp chủ đề {', '.join(unknown)} trong bot/data/domains/ (có: {have})."
        )
    if names == _domains:
        return
    _domains = names
    _clear_caches()


def active_domains() -> tuple[str, ...]:
    return shipped_domains() if _domains is None else _domains


def _clear_caches() -> None:
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith("bot.") or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@cache
def _glossary() -> dict:
    data = json.loads(resources.files("bot.data").joinpath("glossary.json").read_text("utf-8"))
    # english.json: everyday news words of any topic; glossary.json's own entries come first
    lexicon = resources.files("bot.data").joinpath("english.json")
    if lexicon.is_file():
        words = json.loads(lexicon.read_text("utf-8"))["words"]
        data["english"] = {**words, **data["english"]}
    for name in active_domains():
        path = resources.files("bot.data").joinpath("domains", f"{name}.json")
        _merge(data, json.loads(path.read_text("utf-8")))
    data["english"].pop("_why", None)
    return data


def _merge(data: dict, topic: dict) -> None:
    """A topic file's entries on top of the general ones (its words win where both have one)."""
    for section, entries in topic.items():
        if section.startswith("_"):
            continue
        if section == "countable":
            data["countable"]["list"] += [w for w in entries if w not in data["countable"]["list"]]
        elif section == "contrasts":
            data["contrasts"]["pairs"] += entries
        else:
            data[section] = {**data.get(section, {}), **entries}


@cache
def classifiers() -> frozenset[str]:
    """Count words ('ca', 'hộ', 'lượt'), folded and lower-cased: see glossary.json."""
    return frozenset(fold(w).lower() for w in _glossary()["classifiers"]["list"])


@cache
def measures() -> tuple[tuple[str, ...], ...]:
    """Units of measure ('ha', 'MW', 'hải lý'), each as folded lower-cased syllables, longest
    first so 'hải lý/giờ' wins over 'hải lý': see glossary.json."""
    units = {tuple(fold(w).lower() for w in u.split()) for u in _glossary()["measures"]["list"]}
    return tuple(sorted(units, key=len, reverse=True))


def glossary() -> dict:
    """The parsed glossary.json (abbreviations, English terms, shorthand, unit names)."""
    return _glossary()


@cache
def abbreviation_table() -> dict[str, str]:
    """Every abbreviation, upper-cased, and its reading. Example: 'CNHT' -> 'công nghiệp hỗ trợ'."""
    return {k.upper(): v for k, v in _glossary()["abbreviations"].items()}


@cache
def _abbrev_pattern() -> tuple[re.Pattern, re.Pattern]:
    data = _glossary()
    sensitive = set(data["case_sensitive"])
    keys = sorted(data["abbreviations"], key=len, reverse=True)

    def alt(ks):
        return "|".join(re.escape(k) for k in ks) or "(?!)"

    # \w-boundaries that also treat '/', '-' and '.' inside plan numbers (35/KH-UBND) as edges.
    insens = re.compile(
        rf"(?<![\w.])({alt([k for k in keys if k not in sensitive])})(?![\w])", re.I
    )
    sens = re.compile(rf"(?<![\w.])({alt([k for k in keys if k in sensitive])})(?![\w])")
    return insens, sens


def abbreviations_in(text: str) -> list[str]:
    """Example: 'cnht và DN' -> ['công nghiệp hỗ trợ', 'doanh nghiệp']."""
    table = abbreviation_table()
    found = []
    for pattern in _abbrev_pattern():
        for m in pattern.finditer(text):
            exp = table[m.group(1).upper()]
            if exp not in found:
                found.append(exp)
    return found


def add_synonyms(text: str, vocabulary=None) -> str:
    """The articles' wording for question words: replaces a phrase the corpus never uses
    (its words would only count against the match), else is appended.

    Example: 'tỷ trọng CNHT' -> 'chiếm CNHT' when no article says 'tỷ trọng'.
    """
    table = {k: v for k, v in _glossary()["synonyms"].items() if not k.startswith("_")}
    extra = []
    for phrase, vi in table.items():
        at = text.lower().find(phrase)
        if at < 0:
            continue
        unseen = vocabulary and any(fold(w) not in vocabulary for w in syllables(phrase))
        if unseen:
            text = text[:at] + vi + text[at + len(phrase) :]
        else:
            extra.append(vi)
    return f"{text} ({'; '.join(extra)})" if extra else text


def expand_abbreviations(text: str) -> str:
    """Append the long forms of abbreviations found. Example: 'CNHT 2022' -> 'CNHT 2022 (công nghiệp hỗ trợ)'."""
    found = abbreviations_in(text)
    return f"{text} ({'; '.join(found)})" if found else text


@cache
def question_words() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """Folded stop syllables and multi-syllable stop phrases."""
    text = resources.files("bot.data").joinpath("question_words.txt").read_text("utf-8")
    entries = [fold(line.strip().lower()) for line in text.splitlines()]
    entries = [e for e in entries if e and not e.startswith("#")]
    singles = frozenset(e for e in entries if " " not in e)
    phrases = tuple(tuple(e.split()) for e in entries if " " in e)
    return singles, phrases


@cache
def _accented_stop_words() -> frozenset[str]:
    text = resources.files("bot.data").joinpath("question_words.txt").read_text("utf-8")
    return frozenset(
        nfc(line.strip().lower())
        for line in text.splitlines()
        if line.strip() and " " not in line.strip()
    )


def content_tokens(text: str) -> list[str]:
    """Syllables as written (NFC, lowercase) minus question words. A word typed with
    diacritics is a stop word only as spelled ('cơ' of 'cơ quan' is not 'có'); one typed
    without them is compared folded. Example: 'Cơ quan nào có DN?' -> ['cơ', 'quan', 'dn']."""
    singles, _ = question_words()
    accented = _accented_stop_words()
    raw = syllables(text)
    sylls = [fold(s) for s in raw]
    out = []
    for r, f, in_phrase in zip(raw, sylls, _in_question_phrase(sylls)):
        stop = (r in accented) if has_diacritics(r) else (f in singles)
        if not in_phrase and not stop:
            out.append(r)
    return out


def _in_question_phrase(sylls: list[str]) -> list[bool]:
    """Which folded syllables belong to a multi-syllable question phrase ('bao nhieu')."""
    _, phrases = question_words()
    drop = [False] * len(sylls)
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(sylls) - n + 1):
            if tuple(sylls[i : i + n]) == phrase:
                drop[i : i + n] = [True] * n
    return drop
