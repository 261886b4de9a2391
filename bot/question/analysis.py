"""Question analysis: what a question asks for and what it constrains, before any evidence.

analyze("Năm 2022 Hà Nội đặt mục tiêu bao nhiêu DN CNHT?") -> Query(kind="count",
head=("doanh", "nghiep"), years={"2022"}, places=("ha noi",), ...). Works on Vietnamese with
or without diacritics and on English (through the glossary). Patterns run on the folded,
lowercased question, so "bao nhieu" and "bao nhiêu" are the same question.

The kind of answer asked for comes from kinds.py (count, amount, percent, who, when, plan,
list, yesno, define, open); what is counted from counted.py. Constraints: years, places, roles, plan numbers, figures offered ("16% hay 10%"), whether
it asks for actual results rather than targets, and whether it asks if sources agree.

Deliberately not here: parsing. A handful of regular expressions read the question the way a
reader skims it; anything they do not recognise is an "open" question answered by a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.lang.english import is_english, plain, translate_terms
from bot.lang.names import PLAN_REF, english_names, places_in, plan_numbers, proper_names, roles_in
from bot.lang.spans import spell_out
from bot.lang.spelling import repair
from bot.lang.temporal import topic_years
from bot.lang.terms import question_terms, without_unit
from bot.question.counted import (
    NUMBER,
    countable_anywhere,
    countable_before,
    english_head,
    english_qualifier,
    english_verb,
    head_of,
    is_money,
    qualifier_of,
    unit_part,
    verb_of,
)
from bot.question.followup import Standalone
from bot.question.kinds import fold_question, kind_of, meta_asked, when_asked
from index.vntext import nfc, syllables

# A length is asked: its figure is written with a unit of length (glossary units "chieu dai").
LENGTH = ("chieu", "dai")
_LENGTH_ASKED = re.compile(
    r"\bbao xa\b|\bdai bao nhieu\b|\bchieu dai\b.*\bbao nhieu\b"
    r"|\bhow (?:long|far) (?:is|are|was|were|will be)\b|\bhow far\b|\blength of\b"
)
_AGREEMENT = re.compile(
    r"thong nhat|mau thuan|khac nhau|con so nao dung|so nao dung|dung hon|so khac|con so khac"
    r"|\bagree\b|\bconflict|\bdiffer|\bcontradict|\bhay\b.*%|%.*\bhay\b",
)
_CAUSE = re.compile(
    r"\b(?:vi|tai) sao\b|\b(?:do|vi) dau\b|\bnguyen nhan\b|\bly do\b"
    r"|\bwhy\b|\bwhat (?:caused|was the cause|is the cause|are the causes|were the causes)\b"
    r"|\b(?:the|main) reasons?\b"
)
# the tag of a yes-no question: "..., có đúng vậy không?", "phải không", "đúng chứ", "is that right"
_YESNO_TAG = re.compile(
    r"(?:[\s,]+(?:có|co|đúng|dung|phải|phai|không|khong|ko|vậy|vay|chứ|chu|nhỉ|nhi|hả|ha|à|a"
    r"|is that (?:right|true|correct)|right|true|correct))+\W*$",
    re.I,
)
_ACTUAL = re.compile(
    r"\bthuc te\b|\bda dat duoc\b|\bhien (?:dang )?co\b|\bhien nay\b|\bdat duoc bao nhieu\b"
    r"|\bactually\b|\bachieved\b|\bin reality\b|\bso far\b"
)


@dataclass(frozen=True)
class Query:
    text: str  # as asked, NFC; a follow-up's with its context, written out (str(Standalone))
    normalized: str  # shorthand expanded, typos fixed: what retrieval and matching read
    english: bool
    kind: str
    head: tuple[str, ...] = ()  # folded words of what is counted: ("doanh", "nghiep"); ("%",)
    years: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # folded titles asked about, "pho " kept when asked
    plan_refs: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()  # numbers the question itself offers
    actual: bool = False
    agreement: bool = False
    meta: str | None = None  # asks about the article itself: "author" | "date" | "outlet"
    # "time" | "date" | "duration" | "period" | "year" | "range" | "until" | None (any)
    when: str | None = None
    verb: str = ""  # folded word right before "bao nhiêu": "tang" in "tăng bao nhiêu"
    focus: frozenset[str] = frozenset()  # content words next to the question word
    agency: bool = False  # "cơ quan nào", "which agency": an organisation, not a person
    qualifier: tuple[str, ...] = ()  # folded words after the head: "dat tieu chuan quoc te"
    facts: tuple[str, ...] = ()  # figures the question states as given: "chỉ tiêu 400 DN ..."
    which: str = ""  # the noun a "which X" question lists: "so" in "những sở nào"
    compare: str = ""  # "more" | "less": is the first year's figure above / below the other's
    names: tuple[str, ...] = ()  # proper names the question states ("Chợ Rẫy", "HPBank")
    said: tuple[str, ...] = ()  # figures the conversation's last answer gave: not asked again
    cause: bool = False  # "vì sao", "nguyên nhân gì", "why": the answer says why
    terms: tuple[str, ...] = field(default=(), repr=False)

    @property
    def numeric(self) -> bool:
        """Answered by a figure; a yes-no question offering a figure is checked against one."""
        return self.kind in ("count", "amount", "percent") or (
            self.kind == "yesno" and bool(self.figures)
        )


def analyze(question: str | Standalone, vocabulary: Mapping[str, int] | None = None) -> Query:
    """Example: analyze('bn dn cnht nam 2022?').kind == 'count'; .head == ('doanh', 'nghiep').

    A resolved follow-up carries context (`Standalone.context`): what is asked (kind, head, the
    figures offered) comes from its own words; constraints and terms from both, the question's
    own years overriding the context's.
    """
    if not isinstance(question, Standalone):
        question = Standalone(question)
    text = nfc(str(question)).strip()
    asked_text, context = nfc(question.asked).strip(), nfc(question.context).strip()
    asked_norm = repair(asked_text, vocabulary)
    context_norm = repair(context, vocabulary) if context else ""
    english = is_english(asked_norm)
    if english:
        asked_norm = plain(asked_norm)  # "Nghe An's" names Nghệ An
    normalized = f"{asked_norm} {context_norm}".strip()
    asked = fold_question(asked_norm)
    kind = kind_of(asked, english)
    matchable = _matchable(asked_norm, english)
    folded = fold_question(matchable)  # read by several of the steps below
    if english:
        head = english_head(asked_norm, kind) if kind in ("count", "amount", "percent") else ()
    else:
        head = head_of(folded) if kind in ("count", "amount", "percent") else ()
    verb = english_verb(asked_norm) if english else verb_of(folded)
    if kind == "count" and not head and not english:
        counted = countable_before(folded)
        # "tổng vốn bao nhiêu": the word before the question word names what is counted,
        # it is no verb
        if counted and verb in ("", counted[-1]):
            head, verb = counted, ""
    if (
        kind in ("count", "amount")
        and english
        and re.search(r"how many of (?:them|those|these)\b", asked)
    ):
        head = ()  # "how many of them": what is counted is in the previous question
    if kind in ("count", "amount") and not head and context_norm:
        head = (
            english_head(context_norm, kind)
            if is_english(context_norm)
            else head_of(fold_question(spell_out(context_norm)))
        )
    if kind == "count" and not head and _LENGTH_ASKED.search(asked):
        head = LENGTH  # "bao xa", "dài bao nhiêu", "how far is": answered in km or m
    if kind == "count" and is_money(head):
        kind = "amount"
    if kind in ("count", "amount") and head[:1] == ("%",):
        kind = "percent"
    offered = _figures(asked_norm)
    if agreement_asked(asked) and kind in ("open", "yesno"):
        # "16% hay 10%?", "do the articles agree on the share ...": a figure question
        # whether sources agree is a question about a figure
        share = re.search(r"%|phan tram|ty (?:le|trong)|\bshare\b|percent", asked)
        kind = "percent" if share else "count"
    if kind == "plan" and plan_numbers(asked_norm) and not re.search(r"\bso (?:may|hieu)\b", asked):
        kind = "open"  # the plan is given ("Kế hoạch 267 thực hiện đề án nào?"): something else is asked
    compare = _comparison(asked)
    if compare and len(topic_years(asked_norm)) >= 2:
        # "Mục tiêu 2022 có cao hơn năm 2020 không?": the figure for each year, compared
        if kind in ("yesno", "open", "list"):
            share = re.search(r"%|phan tram|ty (?:le|trong)|\bshare\b|percent", asked)
            kind = "percent" if share else "count"
            if not share:
                head = english_head(asked_norm, kind) if english else countable_anywhere(asked)
    else:
        compare = ""
    if kind == "yesno" and any(f.endswith("%") for f in offered):
        head = ("%",)
    elif kind == "yesno" and offered:
        # "khởi công 50 cụm công nghiệp, đúng không?" asks about what follows the figure
        at = re.search(rf"(?<![\d/.,]){re.escape(offered[0])}(?![\d/])", asked_norm)
        slot = " how many " if english else " bao nhieu "
        with_slot = asked_norm[: at.start()] + slot + asked_norm[at.end() :] if at else ""
        # "... 5 sao, đúng không?": the tag asks for the verdict, it names no unit
        with_slot = _YESNO_TAG.sub("", with_slot)
        if english:
            head = english_head(with_slot, "count")
        else:
            head = head_of(fold_question(spell_out(with_slot)))
    return Query(
        text=text,
        normalized=normalized,
        english=english,
        kind=kind,
        head=("%",) if kind == "percent" else head,
        years=frozenset(topic_years(asked_norm) or topic_years(context_norm)),
        places=places_in(normalized),
        roles=roles_in(normalized),
        plan_refs=plan_numbers(normalized),
        figures=tuple(offered),
        facts=() if kind == "yesno" or agreement_asked(asked) else tuple(offered),
        actual=bool(_ACTUAL.search(asked)),
        agreement=agreement_asked(asked),
        meta=meta_asked(asked),
        when=when_asked(asked) if kind == "when" else None,
        verb=verb,
        which=_which_noun(asked) if kind in ("list", "who") else "",
        compare=compare,
        names=english_names(asked_norm) if english else proper_names(asked_norm),
        focus=_focus(folded, head),
        agency=bool(_AGENCY_ASKED.search(asked)),
        cause=kind == "open" and bool(_CAUSE.search(asked)),
        qualifier=english_qualifier(asked_norm, head) if english else qualifier_of(folded, head),
        terms=tuple(
            without_unit(
                question_terms(asked_norm),
                unit_part(head),
                hypothetical=kind == "yesno" or agreement_asked(asked),
            )
            + question_terms(context_norm)
        ),
    )


def _matchable(text: str, english: bool) -> str:
    """Vietnamese words to match: abbreviations expanded in place of themselves, English translated."""
    if english:
        return " ".join(translate_terms(text) + NUMBER.findall(text))
    return spell_out(text)


_MORE = re.compile(
    r"\b(?:cao hon|nhieu hon|lon hon|tang so voi|higher|more|greater|larger|above)\b"
)
_LESS = re.compile(r"\b(?:thap hon|it hon|nho hon|giam so voi|lower|fewer|less|smaller|below)\b")


_COMPARE = re.compile(
    r"\b(?:so sanh|chenh|chenh lech|thay doi|compare|comparison|versus|change[ds]?|differ\w*)\b"
)


def _comparison(folded: str) -> str:
    """'more' / 'less' for 'is X higher / lower than Y', 'both' for 'compare X and Y'."""
    if _MORE.search(folded):
        return "more"
    if _LESS.search(folded):
        return "less"
    return "both" if _COMPARE.search(folded) else ""


_AGENCY_ASKED = re.compile(
    r"\b(?:co quan|don vi|to chuc|so|bo|cuc|ban|hoi|cong ty|doanh nghiep) nao\b"
    r"|\bwhich (?:agency|department|body|organi[sz]ation|ministry|company|firm|enterprise)\b"
)
_WH = re.compile(
    r"\b(?:bao nhieu|may|nao|ai|gi|dau|khi nao|bao gio|bao lau|how many|how much|what|which|who|when)\b"
)
FOCUS_WINDOW = 3


def _focus(folded: str, head: tuple[str, ...]) -> frozenset[str]:
    """Content syllables within FOCUS_WINDOW words of the question word: the relation asked
    about. Example: 'ke hoach do co quan nao chu tri' -> {'co', 'quan', 'chu', 'tri'}."""
    from bot.lang.glossary import question_words

    singles, _ = question_words()
    words = syllables(folded)
    out: set[str] = set()
    for m in _WH.finditer(folded):
        at = len(syllables(folded[: m.start()]))
        span = len(syllables(m.group(0)))
        near = words[max(0, at - FOCUS_WINDOW) : at] + words[at + span : at + span + FOCUS_WINDOW]
        out |= {w for w in near if w not in singles and w not in head and not w.isdigit()}
    return frozenset(out)


def _which_noun(folded: str) -> str:
    """Example: 'phoi hop voi nhung so nao' -> 'so'; 'may nganh nao' -> 'nganh'."""
    m = re.search(r"\b(?:nhung|cac|may)?\s*(\w+) nao\b", folded)
    return m.group(1) if m and m.group(1) not in ("co", "la", "thi") else ""


def agreement_asked(folded: str) -> bool:
    return bool(_AGREEMENT.search(folded))


def _figures(text: str) -> list[str]:
    """Numbers the question offers, not years or plan numbers. Example: '16% hay 10%' -> ['16%', '10%']."""
    plain = PLAN_REF.sub(" ", text)
    out = []
    # not a number glued to letters ("nhà ga T1", "CO2"): spans.FIGURE does not read those
    for m in re.finditer(r"(?<![^\W\d_])(?<![^\W\d_]-)\d+(?:[.,]\d+)*\s*%?", plain):
        value = m.group(0).replace(" ", "")
        if not re.fullmatch(r"(?:19|20)\d{2}", value):
            out.append(value)
    return out
