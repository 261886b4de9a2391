"""Constraints a question states, checked against an article or a sentence: the places and
names it must mention, the figures it states as given, the title and the body a person holds.

Example: asked about 'Bệnh viện Chợ Rẫy', an article about another hospital answers nothing;
asked 'Ai là Giám đốc Trung tâm Ung bướu', 'Giám đốc Bệnh viện Đa khoa' holds another body's
title.

Deliberately not here: what to do when one is unmet (evidence.py weighs, refusal.py refuses).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.lang.names import places_in
from bot.lang.spans import spell_out
from bot.question.analysis import Query
from index.vntext import fold, syllables


def states(text: str, figure: str) -> bool:
    """Does the text state this figure? Example: ('khoảng 400 doanh nghiệp', '400') -> True."""
    core = re.escape(figure.rstrip("%").strip())
    return bool(re.search(rf"(?<![\d.,/]){core}(?![\d/]|[.,]\d)", text))


@lru_cache(maxsize=256)
def role_body(question: str, roles: tuple[str, ...]) -> tuple[str, ...]:
    """The body a title asked is of, folded, up to a function word. Example: ('Ai là Giám đốc
    Trung tâm Ung bướu của Bệnh viện?', ('giam doc',)) -> ('trung', 'tam', 'ung', 'buou')."""
    words = folded_words(question)
    for role in roles:
        at = words.find(f" {role} ")
        if at >= 0:
            after = words[at + len(role) + 2 :].split()
            body = []
            for w in after:
                if w in _BODY_END or not re.fullmatch(r"[a-z]+", w):
                    break
                body.append(w)
            return tuple(body[:5])
    return ()


_BODY_END = {
    "cua",
    "tai",
    "o",
    "la",
    "tinh",
    "huyen",
    "da",
    "dang",
    "co",
    "duoc",
    "noi",
    "phat",
    "cho",
    "ve",
    "hien",
}


def other_body(person: str, roles: tuple[str, ...], asked: tuple[str, ...]) -> bool:
    """The person's title is of another body than asked: 'Giám đốc Bệnh viện Đa khoa' when
    asked 'Giám đốc Trung tâm Ung bướu' (not 'Tổng giám đốc công ty' when asked the company's)."""
    own = role_body(person, roles)
    if not own or not asked:
        return False
    return sum(w in asked for w in own) / len(own) < 0.5


def holds_role(person: str, roles: tuple[str, ...]) -> bool:
    """Is one of the asked titles in this person's span, deputy or not as asked? Example:
    ('Ông Đỗ Minh Trí, Tổng giám đốc công ty', ('tong giam doc',)) -> True."""
    words = folded_words(person)
    for role in roles:
        plain = role.removeprefix("pho ")
        for m in re.finditer(f" {re.escape(plain)} ", words):
            deputy = words[: m.start()].endswith(" pho")
            if deputy == role.startswith("pho "):
                return True
    return False


@lru_cache(maxsize=4096)  # whole articles are asked about again with every question
def folded_words(text: str) -> str:
    """Abbreviations spelt out, syllables folded, spaced at both ends for whole-word tests."""
    return " " + " ".join(fold(s) for s in syllables(spell_out(text))) + " "


def missing_place(query: Query, article_text: str) -> str | None:
    present = set(places_in(article_text))
    return next((p for p in query.places if p not in present), None)


def missing_name(query: Query, article_text: str) -> str | None:
    """A name the question states that the article never mentions: asked about 'Bệnh viện
    Chợ Rẫy', an article about another hospital does not answer. The article, not the
    sentence: a sentence refers back to what its article is about ('trung tâm')."""
    if query.meta:  # the article's author or date: the name only picks the article
        return None
    said = folded_words(article_text)
    return next((n for n in query.names if folded_words(n) not in said), None)
