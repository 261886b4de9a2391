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

from bot.answerers.generative.passages import Passage
from bot.messages import message
from bot.records import Citation
from index.vntext import Span, fold, syllables

_WORD = r"(?:đoạn|doan|passage|source|nguồn|nguon)\s*"
_LIST = r"(\d{1,3}(?:\s*(?:,|;|–|-|and|và)\s*\d{1,3})*)"
# '[2]', '[Đoạn 2]', '【2】', and '(đoạn 2)' — a bare '(2)' is too often an enumeration
MARKERS = re.compile(
    rf"[\[【]\s*(?:{_WORD})?{_LIST}\s*[\]】]|\(\s*{_WORD}{_LIST}\s*\)",
    re.I,
)
CANONICAL = re.compile(r"\[(\d{1,3})\]")
NUMBER = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*")
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


def check_reply(reply: str, passages: list[Passage], refusal: str) -> Checked:
    text = THINKING.sub("", reply).strip()
    if not text:
        return Checked("", False, problem=message("llm_empty"))
    if _garbled(text):
        return Checked(text, False, problem=message("llm_garbled"))
    given = {p.n: p for p in passages}
    text, unknown = _canonical_markers(text, set(given))
    warnings = [message("llm_unknown_marker", n=n) for n in unknown]
    claims = _claims(text)
    cited = [n for _, refs in claims for n in refs]
    if not cited:
        if _said(refusal, text):
            return Checked(refusal, True, warnings=warnings)
        return Checked(text, False, warnings=warnings, problem=message("llm_uncited"))
    for claim, refs in claims:
        support = " ".join(_support(given[n]) for n in refs)
        for number in _unsupported(claim, support):
            refs_text = "".join(f"[{n}]" for n in refs)
            warnings.append(message("llm_number_unsupported", number=number, refs=refs_text))
    return Checked(text, False, _citations(claims, given), warnings)


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
        for n in _numbers_in(m.group(1) or m.group(2)):
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


def _support(passage: Passage) -> str:
    """What the model was shown of a passage: its text and its tag's title and date."""
    chunk = passage.hit.chunk
    return " ".join(x for x in (chunk.title, chunk.date, passage.text) if x)


def _said(refusal: str, text: str) -> bool:
    def key(t: str) -> str:
        return " ".join(fold(t).lower().split()).rstrip(".")

    return key(refusal) in key(text)


def _unsupported(claim: str, support: str) -> list[str]:
    """Numbers of the claim that no cited passage states, in order, each once."""
    have = set().union(*(readings(t) for t in NUMBER.findall(support)))
    have |= {float(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", support, re.I)}
    missing = [t for t in NUMBER.findall(claim) if not readings(t) & have]
    return list(dict.fromkeys(missing))


def readings(token: str) -> set[float]:
    """A number's values read the Vietnamese way and the English way, where valid.

    Example: '1.200' -> {1200.0, 1.2}; '9,78' -> {9.78}; '920' -> {920.0}.
    """
    return _read(token, ".", ",") | _read(token, ",", ".")


def _read(token: str, group: str, decimal: str) -> set[float]:
    if token.count(decimal) > 1:
        return set()
    whole, _, frac = token.partition(decimal)
    parts = whole.split(group)
    if any(len(p) != 3 for p in parts[1:]) or group in frac:
        return set()
    return {float("".join(parts) + (f".{frac}" if frac else ""))}


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
