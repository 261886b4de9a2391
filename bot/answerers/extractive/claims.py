"""Agreement and conflict: the same fact from several articles is one claim with all citations;
different values for the same measure and year are a conflict, reported side by side.

Two candidates state the same measure when both hold an answer span of the asked kind and the
words around their spans overlap (Jaccard of terms >= SAME_MEASURE). They are the same claim when
the values match ('16%' == 'khoảng 16%'). With the same year and different values they conflict;
with different years (and no year asked) they are the answer for each year.

Deliberately not here: deciding which side is right. The bot reports; the reader judges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answerers.extractive.evidence import Candidate
from bot.lang.temporal import YEAR_FIT_ARTICLE

# a side must match the question, around its figure, this well relative to the best
SIDE_LOCAL_RATIO = 0.35
SAME_MEASURE = 0.4
# another article's own answer to the question (a rival) needs only some words in common
RIVAL_MEASURE = 0.05
MAX_SIDES = 3


@dataclass
class Claim:
    value: str
    year: str | None
    members: list[Candidate] = field(default_factory=list)  # one per article, best first

    @property
    def lead(self) -> Candidate:
        return self.members[0]


def same_measure(a: Candidate, b: Candidate, least: float = SAME_MEASURE) -> bool:
    """The words around both figures are mostly the same (folded syllables, numbers aside)."""
    x, y = _words(a), _words(b)
    if not x or not y:
        return False
    return len(x & y) / len(x | y) >= least


def _words(c: Candidate) -> set[str]:
    return {t for t in c.local if t.startswith("~") and "_" not in t and not t[1:2].isdigit()}


def gather(
    best: Candidate,
    others: list[Candidate],
    years_asked: bool,
    figures: bool = True,
    rivals: list[Candidate] = (),
) -> list[Claim]:
    """Claims about the best candidate's measure, the best one's claim first.

    Candidates below SIDE_LOCAL_RATIO of the best, without an answer span, or about another
    measure are left out; with a year asked, so are those about other years. `rivals` are
    other articles' own answers to the question (the caller vouches that each would answer
    it alone): they need only a few words in common around their figures (RIVAL_MEASURE),
    since two outlets word one fact differently ("phục vụ 812 suất ăn" / "nấu khoảng 780 suất")."""
    claims = [Claim(_value(best), best.year, [best])]
    if best.found is None:
        return claims
    rival = {id(r) for r in rivals}  # rivals are drawn from `others`
    for c in others:
        least = RIVAL_MEASURE if id(c) in rival else SAME_MEASURE
        if c.found is None or not same_measure(best, c, least):
            continue
        if c.found.value.endswith("%") != (best.found.value.endswith("%")):
            continue  # a share and a count are not two sides of one figure
        # A side is judged by how well the words around its figure match the question, not by
        # the whole sentence: a short headline can outscore the body sentence saying the same.
        if c.local_cover < SIDE_LOCAL_RATIO * best.local_cover and id(c) not in rival:
            continue  # (a rival's words were judged already: close in probability and coverage)
        if c.fit_kind < best.fit_kind:  # "tăng trên 11%" vs a figure nobody says grows
            continue
        if years_asked and c.fit_year < YEAR_FIT_ARTICLE:
            continue
        value = _value(c)
        if not figures:  # a plan number or a name: other articles can only confirm it
            if value == claims[0].value and c.article not in {m.article for m in claims[0].members}:
                claims[0].members.append(c)
            continue
        claim = next((k for k in claims if k.value == value and same_year(k.year, c.year)), None)
        if claim is None:
            if len(claims) >= MAX_SIDES or _mentions(claims, c, value):
                continue
            claims.append(Claim(value, c.year, [c]))
        elif c.article not in {m.article for m in claim.members}:
            claim.members.append(c)
    # The side more articles take comes first; then the best-matching one.
    return sorted(claims, key=lambda k: -len(k.members))


def _mentions(claims: list[Claim], c: Candidate, value: str) -> bool:
    """An article already on a side for this year does not take another side with itself."""
    return any(
        c.article in {m.article for m in k.members} and same_year(k.year, c.year) for k in claims
    )


def _value(c: Candidate) -> str:
    return c.found.value if c.found else c.span.text


def same_year(a: str | None, b: str | None) -> bool:
    """A figure whose year neither its sentence nor its article says may be about any year."""
    return a is None or b is None or a == b


def conflicting(claims: list[Claim]) -> bool:
    """Different values for the same year (or for a year one side does not say)."""
    return any(same_year(a.year, b.year) for i, a in enumerate(claims) for b in claims[i + 1 :])
