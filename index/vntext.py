"""Vietnamese text helpers: normalization, diacritic folding, syllable tokens, sentences.

Vietnamese writes one syllable per space-separated token, so syllables and syllable bigrams make
good lexical units without a word segmenter. Folding drops tone marks and maps đ -> d, so a
question typed without diacritics ("ha noi") meets the article's "Hà Nội".

Deliberately not here: word segmentation (e5 is fed the raw text; BM25 gets syllables + bigrams)
and any stemming or stop-word lists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A syllable, or a number with its Vietnamese separators kept ("9,78", "1.400"; "30-35" is two).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)
FOLD_PREFIX = "~"
# Vietnamese capital and small letters, spelled out: the code-point range À-Ỹ mixes both cases.
UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"  # folded tokens live in their own namespace so accents still reward exactness


# Invisible characters pasted from web pages and word processors (soft hyphen, zero-width
# space/joiners, word joiner, a BOM mid-text). Inside a word they split it in two for BM25 and
# for every rule that reads syllables, while the reader sees nothing: they are dropped.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def nfc(text: str) -> str:
    """Composed code points, invisible characters dropped.

    Example: 'Ha\u0300 No\u0323\u0302i' -> 'Hà Nội'; 'Hà\u200b Nội' -> 'Hà Nội'.
    """
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def fold(text: str) -> str:
    """Drop diacritics. Example: 'Hà Nội, Đàm' -> 'Ha Noi, Dam'."""
    if text.isascii():
        return text
    if len(text) <= 16:  # syllables and short words repeat endlessly: remember them
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:
    return _fold(text)


def syllables(text: str) -> list[str]:
    """Lowercased NFC syllables and numbers. Example: 'Hà Nội có 920 DN' -> ['hà','nội','có','920','dn']."""
    return _TOKEN.findall(nfc(text).lower())


def syllable_matches(text: str) -> list[re.Match]:
    """The syllables of an NFC text with where each is, case kept (`syllables` lowercases)."""
    return list(_TOKEN.finditer(text))


def lexical_tokens(text: str) -> list[str]:
    """Tokens for BM25: syllables, bigrams, and their folded forms.

    Example: 'Hà Nội' -> ['hà', 'nội', 'hà_nội', '~ha', '~noi', '~ha_noi'].
    """
    sylls = syllables(text)
    folded = [fold(s) for s in sylls]
    grams = sylls + [f"{a}_{b}" for a, b in zip(sylls, sylls[1:])]
    folded_grams = folded + [f"{a}_{b}" for a, b in zip(folded, folded[1:])]
    return grams + [FOLD_PREFIX + g for g in folded_grams]


_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
# Folded rhymes: a vowel group, then either a consonant coda or an off-glide, or nothing.
_RHYME = (
    r"(?:(?:uye|uya|oa|oe|uy|ua|ue|uo|ie|ye|ia|ya|a|e|i|o|u|y|oo)(?:ch|nh|ng|c|m|n|p|t)?"
    r"|(?:oai|oay|uay|uoi|uou|ieu|yeu|uyu|ai|ao|au|ay|eo|eu|iu|oi|ui|uu|ia|ua|ue|uya))"
)
_SYLLABLE = re.compile(rf"^{_ONSET}{_RHYME}$")
# Spelling rules every real syllable obeys: gh/ngh/k only before i e y; g/ng/c never before them.
_BAD_ORTHOGRAPHY = re.compile(r"^(?:(?:gh|ngh|k)[aou]|(?:ng|c)[iey]|g[ey])")


def is_wellformed(folded: str) -> bool:
    """Could this folded word be a Vietnamese syllable? Example: 'nghiep' -> True; 'ngiep',
    'daonh', 'support' -> False."""
    return bool(_SYLLABLE.match(folded)) and not _BAD_ORTHOGRAPHY.match(folded)


def has_diacritics(text: str) -> bool:
    """Example: 'ha noi' -> False; 'Hà Nội' -> True."""
    return fold(text) != text


@dataclass(frozen=True)
class Span:
    """A sentence (or other span) located by character offsets into a larger text."""

    start: int
    end: int
    text: str


# A sentence ends at . ! ? … (possibly followed by closing quotes/brackets) when the next
# non-space character starts a new sentence: an uppercase letter, a digit, a quote or a bullet.
_SENTENCE_END = re.compile(rf"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[•\-–]?[\d{UPPER}])")


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Split text into sentences with offsets; newlines always end a sentence.

    Example: 'Một. Hai ba.\\nBốn' -> spans 'Một.', 'Hai ba.', 'Bốn'.
    """
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        cut = 0
        for m in _SENTENCE_END.finditer(line):
            _append_stripped(spans, line, cut, m.end(), offset + pos)
            cut = m.end()
        _append_stripped(spans, line, cut, len(line), offset + pos)
        pos += len(line) + 1
    return spans


def _append_stripped(spans: list[Span], line: str, start: int, end: int, base: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = base + start + lead
    spans.append(Span(s, s + len(stripped), stripped))
