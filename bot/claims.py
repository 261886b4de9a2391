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

from bot.evidence import Candidate
from bot.temporal import YEAR_FIT_ARTICLE

SUPPORT_RATIO = 0.6  # a side must score at least this share of the best candidate
SAME_MEASURE = 0.3
MAX_SIDES = 3


@dataclass
class Claim:
    value: str
    year: str | None
    members: list[Candidate] = field(default_factory=list)  # one per article, best first

    @property
    def lead(self) -> Candidate:
        return self.members[0]


def same_measure(a: Candidate, b: Candidate) -> bool:
    if not a.local or not b.local:
        return False
    return len(a.local & b.local) / len(a.local | b.local) >= SAME_MEASURE


def gather(best: Candidate, others: list[Candidate], years_asked: bool) -> list[Claim]:
    """Claims about the best candidate's measure, the best one's claim first.

    Candidates below SUPPORT_RATIO of the best, without an answer span, or about another
    measure are left out; with a year asked, so are those about other years.
    """
    claims = [Claim(_value(best), best.year, [best])]
    if best.found is None:
        return claims
    for c in others:
        if c.found is None or c.score < SUPPORT_RATIO * best.score or not same_measure(best, c):
            continue
        if c.fit_kind < best.fit_kind:  # "tăng trên 11%" vs a figure nobody says grows
            continue
        if years_asked and c.fit_year < YEAR_FIT_ARTICLE:
            continue
        value = _value(c)
        claim = next((k for k in claims if k.value == value and k.year == c.year), None)
        if claim is None:
            if len(claims) >= MAX_SIDES or _mentions(claims, c, value):
                continue
            claims.append(Claim(value, c.year, [c]))
        elif c.article not in {m.article for m in claim.members}:
            claim.members.append(c)
    return claims


def _mentions(claims: list[Claim], c: Candidate, value: str) -> bool:
    """An article already on a side for this year does not take another side with itself."""
    return any(c.article in {m.article for m in k.members} and k.year == c.year for k in claims)


def _value(c: Candidate) -> str:
    return c.found.value if c.found else c.span.text


def conflicting(claims: list[Claim]) -> bool:
    """Different values for the same year."""
    years = [k.year for k in claims]
    return len(claims) > 1 and len(set(years)) < len(years)
