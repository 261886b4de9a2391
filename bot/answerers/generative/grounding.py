"""What a chat model's claims name and measure, checked against the passages they rest on;
and a reply without markers given the passages that state it.

1. Attribution: small models often write a right answer with no markers at all. Each sentence
   of such a reply is given the passage that states all its numbers and most of its new word
   pairs (folded syllable bigrams the question does not already hold). A sentence that only
   restates the question, or that no passage states, leaves the reply uncited: it falls back.
2. Names: the places a claim names (places.txt, English aliases included) and, in a Vietnamese
   claim, its proper names must appear in the articles of the passages it cites, as sent; a
   person's title must be one a sentence naming them gives. "TP.HCM có 300 doanh nghiệp [1]"
   over a passage about Hà Nội has every number right and the place wrong.
3. Units: a figure with a multiplier or a percent sign must be stated with the same one (or the
   same value written another way) by a cited passage: "150 triệu" where it says "150 tỷ" is
   flagged.
4. The question's constraints: a place, a proper name or a plan number the question states that
   no cited article mentions means the answer is about something else. When no passage sent
   mentions a place or plan number of a one-part question while they name another, the
   refusal replaces the reply: the model cannot have read it there (the extractive reader
   refuses the same question). A reply that does not give the kind of thing asked (a plan
   number, a figure, a date, the counted noun, the title asked) answers another question.

Deliberately not here: markers, numbers against the passage, refusals (verify.py); whether a
claim's words are true, which needs a model of its own.
"""

from __future__ import annotations

import re

from bot.answerers.extractive.constraints import folded_words
from bot.answerers.generative.numbers import NUMBER, readings, values
from bot.answerers.generative.passages import Passage
from bot.lang.dates import when_spans
from bot.lang.names import PLAN_REF, place_spans, proper_names, role_spans
from bot.lang.spans import figures, person_names
from bot.messages import message
from bot.question.analysis import Query
from index.vntext import has_diacritics, is_wellformed, split_sentences

# A sentence's share of new word pairs a passage must hold to be given that passage; less when
# the passage states the sentence's new figures too (the figure is what pins the source down).
MIN_SHARE = 0.5
MIN_SHARE_WITH_FIGURE = 0.2

_SCALES = (
    (r"nghìn tỷ|ngàn tỷ|nghìn tỉ|ngàn tỉ|trillion", 1e12),
    (r"tỷ|tỉ|billion|bn", 1e9),
    (r"triệu|million|mn", 1e6),
    (r"nghìn|ngàn|thousand", 1e3),
    (r"%|phần trăm|percent", "%"),
)
MEASURE = re.compile(
    r"(?<![\w])(\d+(?:[.,]\d+)*)\s*(" + "|".join(p for p, _ in _SCALES) + r")?(?!\w)", re.I
)


def support(passage: Passage) -> str:
    """What the model was shown of a passage: its text and its tag's title and date."""
    chunk = passage.hit.chunk
    return " ".join(x for x in (chunk.title, chunk.date, passage.text) if x)


# -- 1. attribution ---------------------------------------------------------------------------


def attribute(text: str, passages: list[Passage], question: str) -> str | None:
    """The reply with each sentence's passage marked, or None when a sentence has none.

    Example: ('Có khoảng 920 doanh nghiệp.', [passage 1 stating it], 'bao nhiêu DN?')
    -> 'Có khoảng 920 doanh nghiệp [1].'
    """
    out = []
    for span in split_sentences(text):
        sentence = span.text.strip()
        if not re.search(r"\w", sentence):
            continue
        n = stating(sentence, passages, question)
        if n is None:
            return None
        body = sentence.rstrip(" .;:!?")
        out.append(f"{body} [{n}]{sentence[len(body) :].strip()}")
    return " ".join(out) or None


def stating(sentence: str, passages: list[Passage], question: str) -> int | None:
    """The passage that states the sentence: all its numbers (those the question gives only
    need to be in some passage sent) and most of its new word pairs; None when none does."""
    asked, asked_numbers = _pairs(question), values(question)
    numbers = [readings(t) for t in NUMBER.findall(sentence)]
    new_numbers = [r for r in numbers if not r & asked_numbers]
    new = _pairs(sentence) - asked
    if not new and not new_numbers:
        return None  # the question said back: no answer in it
    english = not has_diacritics(sentence)  # an English reply shares figures, not words
    best, best_share = None, -1.0
    for p in passages:
        have = values(support(p))
        if any(not r & have for r in new_numbers):
            continue
        held = share(sentence, p, question)
        if held > best_share:
            best, best_share = p.n, held
    if best is None:
        return None
    if best_share >= MIN_SHARE:
        return best
    if new_numbers and (best_share >= MIN_SHARE_WITH_FIGURE or english):
        return best
    return None


def share(sentence: str, passage: Passage, question: str) -> float:
    """The share of the sentence's new word pairs (not in the question) the passage holds."""
    new = _pairs(sentence) - _pairs(question)
    return len(new & _pairs(support(passage))) / len(new) if new else 0.0


def same_articles(cited: list[Passage], passages: list[Passage]) -> list[Passage]:
    """The passages sent from the cited passages' articles: a name is checked against the
    article as the model saw it, since a passage refers back to what its article names."""
    ids = {p.hit.chunk.article_id for p in cited}
    return [p for p in passages if p.hit.chunk.article_id in ids]


def _pairs(text: str) -> set[tuple[str, str]]:
    words = folded_words(text).split()
    return set(zip(words, words[1:]))


# -- 2, 3. a claim's names and units -----------------------------------------------------------


def claim_problems(
    claim: str, cited: list[Passage], article: list[Passage]
) -> list[tuple[str, dict]]:
    """(message key, its values) for each name, title or unit of the claim that is not as
    its passages state it: names and titles against the cited passages' articles as sent,
    units against the cited passages.

    Example: ('TP.HCM có khoảng 300 doanh nghiệp', [a passage about Hà Nội], same)
    -> [('llm_place_unsupported', {'place': 'TP.HCM'})].
    """
    out = unnamed(claim, article)
    for name, role in _titles_not_held(claim, person_names(claim), article):
        out.append(("llm_role_unsupported", {"name": name, "role": role}))
    cited_text = " ".join(support(p) for p in cited)
    for written, stated in _unit_mismatches(claim, cited_text):
        out.append(("llm_unit_mismatch", {"figure": written, "stated": stated}))
    return out


def unnamed(claim: str, article: list[Passage]) -> list[tuple[str, dict]]:
    """(message key, its values) for each place or proper name of the claim the passages do
    not mention."""
    text = " ".join(support(p) for p in article)
    out: list[tuple[str, dict]] = []
    have = {canonical for canonical, _ in place_spans(text)}
    for canonical, written in dict(place_spans(claim)).items():
        if canonical not in have:
            out.append(("llm_place_unsupported", {"place": written}))
    names = proper_names(claim) if has_diacritics(claim) else ()  # English capitals: words
    said = folded_words(text)
    for name in names:
        if folded_words(name) not in said:
            out.append(("llm_name_unsupported", {"name": name}))
    return out


def _titles_not_held(claim: str, names: set[str], article: list[Passage]) -> list[tuple[str, str]]:
    """(person, title) where the claim gives a person a title that no sentence naming them
    gives: 'Giám đốc … Đàm Tiến Thắng' where every sentence says 'Phó Giám đốc'."""
    titles = role_spans(claim)
    if not titles or not names:
        return []
    out = []
    for name in names:
        key = folded_words(name)
        around = [s.text for p in article for s in p.sentences if key in folded_words(s.text)]
        held = {canonical for text in around for canonical, _ in role_spans(text)}
        if around and held:  # a name no sentence gives a title to says nothing either way
            out += [(name, written) for canonical, written in titles if canonical not in held]
    return out


def _measures(text: str) -> list[tuple[str, set[float], object]]:
    """(as written, its values, its scale: a multiplier, '%' or None)."""
    out = []
    for m in MEASURE.finditer(text):
        unit = m.group(2)
        scale = next((s for p, s in _SCALES if unit and re.fullmatch(p, unit, re.I)), None)
        out.append((m.group(0), readings(m.group(1)), scale))
    return out


def _scaled(nums: set[float], scale: object) -> set[float]:
    factor = scale if isinstance(scale, float) else 1.0
    return {round(v * factor, 6) for v in nums}


def _unit_mismatches(claim: str, text: str) -> list[tuple[str, str]]:
    """Figures of the claim whose number the passages state with another multiplier or
    without the percent sign, and never with the claim's. Example: ('150 triệu', '… 150 tỷ
    đồng …') -> [('150 triệu', '150 tỷ')]."""
    stated = _measures(text)
    out = []
    for written, nums, scale in _measures(claim):
        if scale is None:
            continue  # "150" alone: a dropped unit is not a wrong one
        same = [s for s in stated if s[1] & nums]
        if not same:
            continue  # the number check says it is missing
        pct = scale == "%"
        if any((s[2] == "%") == pct and (pct or _scaled(s[1], s[2]) & _scaled(nums, scale))
               for s in stated):  # fmt: skip
            continue
        other = next((s for s in same if s[2] is not None and s[2] != scale), None)
        if other:
            out.append((written.strip(), other[0].strip()))
    return out


# -- 4. the question's constraints --------------------------------------------------------------


def unmet(query: Query, passages: list[Passage]) -> list[tuple[str, str]]:
    """(kind, as the question writes it) for each place, name or plan number of the question
    that none of the passages mentions: a place or plan only when they name another one (a
    passage naming no place may still be about the one asked, as the extractive reader
    holds). Kinds: 'place', 'name', 'plan'."""
    text = " ".join(support(p) for p in passages)
    out = []
    have = {canonical for canonical, _ in place_spans(text)}
    written = dict(place_spans(query.text))
    for place in query.places:
        if have and place not in have:
            out.append(("place", written.get(place, place)))
    if not query.meta:  # the article's author or date: a name only picks the article
        said = folded_words(text)
        out += [("name", n) for n in query.names if folded_words(n) not in said]
    plans = {m.group(0).split("/")[0] for m in PLAN_REF.finditer(text)}
    for n in query.plan_refs:
        if plans and n not in plans and not _bare_plan(n, text):
            out.append(("plan", n))
    return out


def unanswered(query: Query, reply: str) -> tuple[str, dict] | None:
    """(message key, values) when the reply does not give what kind of thing the question
    asks: a plan number, a figure the question does not already state, a date or period (a
    duration or frequency when it asks "bao lâu"); or
    gives another title than the one asked ('Phó Giám đốc' for 'Giám đốc')."""
    if query.kind == "plan" and not PLAN_REF.search(reply):
        return "llm_kind_missing", {"what": message("llm_what_plan")}
    # a question offering figures ("16% hay 10%?") is answered with them
    if query.numeric and query.kind != "yesno" and not query.figures:
        if not figures(reply):
            return "llm_kind_missing", {"what": message("llm_what_figure")}
        head = [w for w in query.head if w != "%"] if query.kind == "count" else []
        typed = all(is_wellformed(w) for w in head)  # a head with a typo is not matched
        if (
            head
            and typed
            and not query.english
            and f" {' '.join(head)} " not in folded_words(reply)
        ):
            return "llm_head_missing", {"head": " ".join(head)}  # "mấy bàn": 400 doanh nghiệp
    if query.kind == "when" and not query.meta and not when_spans(reply):
        return "llm_kind_missing", {"what": message("llm_what_when")}
    # "bao lâu (một lần)", "how long": a point in time ("năm 2022") answers another question
    if query.when == "duration" and not query.english and not when_spans(reply, "duration"):
        return "llm_kind_missing", {"what": message("llm_what_duration")}
    if query.kind == "who" and query.roles:
        said = role_spans(reply)
        if said and not any(canonical in query.roles for canonical, _ in said):
            asked = next((w for c, w in role_spans(query.text) if c in query.roles), None)
            return "llm_role_mismatch", {"asked": asked or query.roles[0], "said": said[0][1]}
    return None


def _bare_plan(number: str, text: str) -> bool:
    """'Kế hoạch 35' in a passage that writes the number without its code."""
    return bool(
        re.search(rf"(?:kế hoạch|nghị định|quyết định|đề án)(?: số)? {number}\b", text, re.I)
    )
