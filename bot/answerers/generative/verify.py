"""Checks a chat model's reply against the passages it was given, before anyone reads it.

1. Markers: '[1, 2]', '[1-3]', '[Đoạn 2]', '【2】', '(đoạn 2)' become '[1][2]'…; one naming no passage
   that was sent is removed, with a warning.
2. Numbers: every number in a claim (920, 16%, 150 triệu, 30-35, 9,78, 1.200) must appear in a
   passage that claim cites, read the Vietnamese way (1.200 = 1200, 9,78 = 9.78) or the English
   way; else a warning names it. A claim is the text up to a run of markers, so a sentence
   without markers is checked against the next markers (models often cite once at the end).
3. Refusal: the fixed refusal sentence with nothing cited means `refused`.
4. Citations: for each cited passage, the sentences of it that share most words and numbers
   with the claims citing it are quoted, so a citation shows what the claim rests on, not a
   whole chunk.

Deliberately not here: judging whether a claim's words are true (only numbers are checked,
because they are what a reader copies), or deciding to fall back (answerers/generative.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answerers.generative import grounding
from bot.answerers.generative.grounding import support
from bot.answerers.generative.numbers import NUMBER, readings, values
from bot.answerers.generative.passages import Passage
from bot.messages import message
from bot.question.understand import Question
from bot.records import Citation
from index.vntext import Span, fold, has_diacritics, split_sentences, syllables

_WORD = r"(?:đoạn|doan|passage|source|nguồn|nguon)\s*"
_LIST = r"(\d{1,3}(?:\s*(?:,|;|–|-|and|và)\s*\d{1,3})*)"
# '[2]', '[Đoạn 2]', '【2】', '(đoạn 2)' and 'đoạn văn số 4' — a bare '(2)' is too often an
# enumeration, and 'giai đoạn 2020' is a period, so unbracketed needs 'văn' or 'số'
MARKERS = re.compile(
    rf"[\[【]\s*(?:{_WORD})?{_LIST}\s*[\]】]|\(\s*{_WORD}{_LIST}\s*\)"
    r"|\b(?:đoạn|doan)\s+(?:(?:văn|van)\s+(?:(?:số|so)\s+)?|(?:số|so)\s+)(\d{1,2})\b",
    re.I,
)
CANONICAL = re.compile(r"\[(\d{1,3})\]")
MARKERS_ONLY = re.compile(rf"(?:\s*(?:{MARKERS.pattern})[\s.,;]*)+", re.I)
THINKING = re.compile(r"<think>.*?(?:</think>|$)", re.S | re.I)
NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10,
}  # fmt: skip


@dataclass
class Checked:
    text: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None  # why the reply cannot be used at all ('empty', 'garbled', ...)


def check_reply(
    reply: str, passages: list[Passage], refusal: str, question: Question | None = None
) -> Checked:
    """`question`: what was asked, for the checks of its constraints and for telling an
    answer from the question said back (grounding.py); without it they are skipped."""
    text = THINKING.sub("", reply).strip()
    if not text:
        return Checked("", False, problem=message("llm_empty"))
    if MARKERS_ONLY.fullmatch(text):  # small models write "[1]" and stop: where, not what
        return Checked(text, False, problem=message("llm_markers_only", markers=text))
    if _garbled(text):
        return Checked(text, False, problem=message("llm_garbled"))
    given = {p.n: p for p in passages}
    text, unknown = _canonical_markers(text, set(given))
    text = _markers_last(text)
    warnings = [message("llm_unknown_marker", n=n) for n in unknown]
    asked = str(question.standalone) if question else ""
    claims = _claims(text)
    if not claims:
        if _said(refusal, text):
            return Checked(refusal, True, warnings=warnings)
        attributed = grounding.attribute(text, passages, asked)
        if attributed is None:
            return Checked(text, False, warnings=warnings, problem=message("llm_uncited"))
        text, claims = attributed, _claims(attributed)
    # the question's numbers a passage sent states: a claim may repeat them ("niên vụ
    # 2024–2025") from the article's other passage
    context = values(asked) & values(" ".join(support(p) for p in passages))
    text = _recited(text, claims, given, asked, context)
    claims = _claims(text)
    for claim, refs in claims:
        refs_text = "".join(f"[{n}]" for n in refs)
        cited = [given[n] for n in refs]
        for number in _unsupported(claim, " ".join(support(p) for p in cited), context):
            warnings.append(message("llm_number_unsupported", number=number, refs=refs_text))
        article = grounding.same_articles(cited, passages)
        for key, values_ in grounding.claim_problems(claim, cited, article):
            warnings.append(message(key, refs=refs_text, **values_))
    if question is not None and not _said(refusal, text):
        replaced = _constraints(question, text, claims, given, warnings)
        if replaced:
            return Checked(refusal, True, warnings=replaced)
        # a reply that does not give the kind of thing asked answers another question: the
        # extractive reader answers instead (a reply to several parts is not told apart)
        missing = len(question.parts) == 1 and grounding.unanswered(
            question.parts[0], CANONICAL.sub("", text)
        )
        if missing:
            problem = message(missing[0], **missing[1])
            return Checked(text, False, warnings=warnings, problem=problem)
    return Checked(text, False, _citations(claims, given), warnings)


def _recited(text: str, claims, given: dict[int, Passage], asked: str, context: set) -> str:
    """The reply with a claim's markers replaced where the passages it cites do not state
    its numbers or names and another passage does: small models often cite the passage
    next to the right one. Example: 'Có 240 học sinh [2].' with 240 only in passage 1 ->
    'Có 240 học sinh [1].'"""
    passages = list(given.values())
    cursor = 0
    for claim, refs in claims:
        at = text.find(claim, cursor)
        if at < 0:
            continue
        cursor = at + len(claim)
        cited = [given[n] for n in refs]
        if _grounded(claim, cited, passages, context):
            continue
        # the passage stating the claim's numbers and names that shares most of its words
        holding = [
            p for p in passages if p.n not in refs and _grounded(claim, [p], passages, context)
        ]
        shares = {p.n: grounding.share(claim, p, asked) for p in holding}
        better = max(shares, key=shares.get, default=None)
        # a passage stating the same number about something else is no better a source
        if better is None or not (
            shares[better] >= grounding.MIN_SHARE_WITH_FIGURE or not has_diacritics(claim)
        ):
            continue
        run = _RUN_AFTER.match(text, cursor)
        if run:
            start = run.start(1) + len(run.group(1)) - len(run.group(1).lstrip())
            text = text[:start] + f"[{better}]" + text[run.end(1) :]
        else:
            text = f"{text[:cursor]} [{better}]{text[cursor:]}"
        cursor += len(f" [{better}]")
    return text


_RUN_AFTER = re.compile(r"[ \t.,;:]*((?:\s*\[\d{1,3}\])+)")


def _grounded(claim: str, cited: list[Passage], passages: list[Passage], context: set) -> bool:
    """Do the cited passages state the claim's numbers, and their articles its names?"""
    if _unsupported(claim, " ".join(support(p) for p in cited), context):
        return False
    return not grounding.unnamed(claim, grounding.same_articles(cited, passages))


def _markers_last(text: str) -> str:
    """A reply written marker first ('[2] Khu nhà … 240 học sinh.') with each sentence's
    markers moved to its end, where the claims are cut. Only when the reply opens with one:
    elsewhere a marker after a full stop cites the sentence before it."""
    if not re.match(r"\[\d{1,3}\]", text):
        return text
    out, pos = [], 0
    for s in split_sentences(text):
        m = _LEADING.match(s.text)
        piece = s.text
        if m and re.search(r"\w", m.group(2)):
            markers = "".join(m.group(1).split())
            piece = f"{m.group(2).rstrip()} {markers}{m.group(3)}"
        out.append(text[pos : s.start] + piece)
        pos = s.end
    return "".join(out) + text[pos:]


_LEADING = re.compile(r"((?:\[\d{1,3}\]\s*)+)(.+?)([.!?…]*)$", re.S)


def _constraints(question: Question, text: str, claims, given, warnings: list[str]):
    """Warnings for the question's places, names and plan numbers the cited passages'
    articles do not mention (appended to `warnings`); for a one-part question whose place or
    plan number no passage sent mentions (while they name another), the warnings that
    replace the reply by the refusal."""
    passages = list(given.values())
    cited = [given[n] for n in dict.fromkeys(n for _, refs in claims for n in refs)]
    article = grounding.same_articles(cited, passages)
    refs_text = "".join(f"[{p.n}]" for p in cited)
    for query in question.parts:
        nowhere = grounding.unmet(query, passages)
        hard = [what for kind, what in nowhere if kind in ("place", "plan")]
        if len(question.parts) == 1 and hard:
            return [message("llm_constraint_refused", what=hard[0]), *warnings]
        for _, what in grounding.unmet(query, article):
            warnings.append(message("llm_constraint_uncited", what=what, refs=refs_text))
    return None


def _garbled(text: str) -> bool:
    """No words or figures ('10-12% [1].' is an answer), or mostly characters no writer types
    (replacement marks, controls)."""
    meaningful = sum(ch.isalnum() for ch in CANONICAL.sub("", MARKERS.sub("", text)))
    junk = sum(ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\t\r") for ch in text)
    return meaningful < 2 or junk > len(text) * 0.1


def _canonical_markers(text: str, known: set[int]) -> tuple[str, list[int]]:
    """Example: ('A [1, 9]. B [2-3].', {1, 2, 3}) -> ('A [1]. B [2][3].', [9])."""
    unknown: list[int] = []

    def one(m: re.Match) -> str:
        out = []
        for n in _numbers_in(next(g for g in m.groups() if g)):
            if n in known:
                out.append(f"[{n}]")
            elif n not in unknown:
                unknown.append(n)
        return "".join(out)

    text = MARKERS.sub(one, text)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)  # a removed marker leaves no gap
    return re.sub(r"[ \t]{2,}", " ", text).strip(), unknown


def _numbers_in(group: str) -> list[int]:
    """Example: '1, 3-5' -> [1, 3, 4, 5] (a range is capped at ten passages)."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|;|and|và)\s*", group, flags=re.I):
        ends = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x.strip().isdigit()]
        if len(ends) == 2 and 0 <= ends[1] - ends[0] < 10:
            out += range(ends[0], ends[1] + 1)
        else:
            out += ends
    return out


def _claims(text: str) -> list[tuple[str, list[int]]]:
    """The answer cut after each run of markers: each piece is a claim citing that run.

    Text after the last run cites what came before it. Example:
    'A, B [1][2], trong đó C [3]. D.' -> [('A, B', [1, 2]), ('trong đó C', [3]), ('D', [3])].
    """
    out: list[tuple[str, list[int]]] = []
    pos = 0
    for m in re.finditer(r"(?:\s*\[\d{1,3}\])+", text):
        refs = [int(n) for n in CANONICAL.findall(m.group(0))]
        claim = text[pos : m.start()]
        if out and not re.search(r"\w", claim):  # "… doanh nghiệp. [2]": cites what is before
            out[-1] = (out[-1][0], list(dict.fromkeys(out[-1][1] + refs)))
        else:
            out.append((claim, list(dict.fromkeys(refs))))
        pos = m.end()
    tail = text[pos:]
    if out and re.search(r"\w", tail):
        out.append((tail, out[-1][1]))
    return [(claim.strip(" ,;.:"), refs) for claim, refs in out if claim.strip(" ,;.:")]


def says_refusal(text: str) -> bool:
    """Does the text give the refusal sentence (anywhere, spelling and case aside)?"""
    return _said(message("refusal"), text)


def _said(refusal: str, text: str) -> bool:
    def key(t: str) -> str:
        return " ".join(fold(t).lower().split()).rstrip(".")

    return key(refusal) in key(text)


def _unsupported(claim: str, support: str, context: set[float] = frozenset()) -> list[str]:
    """Numbers of the claim that no cited passage states (nor `context`), in order, once each."""
    have = values(support) | context
    have |= {float(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", support, re.I)}
    missing = [t for t in NUMBER.findall(claim) if not readings(t) & have]
    return list(dict.fromkeys(missing))


def _citations(claims: list[tuple[str, list[int]]], given: dict[int, Passage]) -> list[Citation]:
    chosen: dict[int, list[Span]] = {}
    for claim, refs in claims:
        for n in refs:
            best = _best_sentence(claim, given[n])
            if best is not None and best not in chosen.setdefault(n, []):
                chosen[n].append(best)
    out = []
    for n, spans in chosen.items():
        chunk = given[n].hit.chunk
        start, end = min(s.start for s in spans), max(s.end for s in spans)
        quote = chunk.text[start - chunk.start : end - chunk.start]
        out.append(
            Citation(n, chunk.article_id, chunk.title, chunk.date, quote, start, end, chunk.outlet)
        )
    return out


def _best_sentence(claim: str, passage: Passage) -> Span | None:
    """The passage sentence sharing most of the claim's numbers (first) and words; the
    headline only when no body sentence does as well (it states, it does not source)."""
    words = {fold(w) for w in syllables(claim)}
    numbers = set().union(*(readings(t) for t in NUMBER.findall(claim)))
    title = passage.hit.chunk.title.strip()

    def score(s: Span) -> tuple[int, bool, float]:
        have = set().union(*(readings(t) for t in NUMBER.findall(s.text)))
        shared = {fold(w) for w in syllables(s.text)} & words
        return len(numbers & have), s.text.strip() != title, len(shared) / (1 + len(words))

    return max(passage.sentences, key=score, default=None)
