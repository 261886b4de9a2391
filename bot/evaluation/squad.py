"""SQuAD-format sets: the format of most public reading-comprehension sets (UIT-ViQuAD too).

A SQuAD file ({"data": [{"title", "paragraphs": [{"context", "qas": [...]}]}]}) becomes
- a corpus: one article file per title, its paragraphs in order, written under the data
  directory (`eval-corpora/squad/<file>-<hash>/articles/`) and indexed like any other corpus;
- items: each question, its gold answers as one `must_include` with alternatives, the
  title's file as source; `is_impossible` questions (SQuAD 2.0) are unanswerable.

It adds the SQuAD metrics, exact match and token F1 against the best gold answer, computed on
the answer text without citation markers, after Vietnamese normalisation (NFC, lower case,
punctuation and spacing dropped; no English article removal). A refused unanswerable
question scores 1 on both, an answered one 0, as SQuAD 2.0 does. An extractive answer is a
short phrase or a sentence, so EM is strict and F1 is the fairer of the two.

Deliberately not here: tuning on public sets' items; they are for measuring only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from index.errors import BadInput
from index.vntext import nfc

SQUAD_DIR = Path("eval-corpora") / "squad"


@lru_cache(maxsize=4)
def _parsed(path: Path, stamp: tuple[int, int]) -> object:
    """The file's JSON, parsed once per content stamp (is_squad, read_squad and squad_corpus
    all read it; a public set is megabytes)."""
    return json.loads(path.read_text("utf-8"))


def _load(path: Path) -> object:
    st = path.stat()
    return _parsed(path.resolve(), (st.st_mtime_ns, st.st_size))


def is_squad(path: Path) -> bool:
    """A .json file (not JSONL) whose top level holds a "data" list."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    try:
        data = _load(path)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and isinstance(data.get("data"), list)


def _slug(title: str, n: int) -> str:
    ascii_ = re.sub(r"[^a-z0-9]+", "_", nfc(title).lower().encode("ascii", "ignore").decode())
    return f"sq{n:04d}_{ascii_.strip('_')[:40] or 'bai'}.txt"


def read_squad(path: Path) -> tuple[dict[str, str], list[dict]]:
    """(file name -> article text, items). Raises BadInput on a malformed file."""
    try:
        data = _load(path)["data"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise BadInput(f"{path}: không đọc được tệp SQuAD ({err}).") from None
    articles: dict[str, str] = {}
    items: list[dict] = []
    for n, entry in enumerate(data):
        try:
            title = nfc(str(entry.get("title") or f"Bài {n + 1}")).strip()
            paragraphs = entry["paragraphs"]
            name = _slug(title, n)
            articles[name] = title + "\n\n" + "\n\n".join(nfc(p["context"]) for p in paragraphs)
            for p in paragraphs:
                for qa in p.get("qas", []):
                    golds = [nfc(a["text"]).strip() for a in qa.get("answers", []) if a.get("text")]
                    impossible = bool(qa.get("is_impossible")) or not golds
                    items.append(
                        {
                            "id": str(qa.get("id", f"{name}-{len(items)}")),
                            "question": nfc(qa["question"]),
                            "history": [],
                            # "|" separates alternatives in must_include, so a gold holding one
                            # cannot be matched verbatim; the SQuAD metrics still read it whole
                            "must_include": []
                            if impossible
                            else ["|".join(g.replace("|", " ") for g in golds)],
                            "answers": [] if impossible else golds,
                            "sources": [] if impossible else [name],
                            "answerable": not impossible,
                            "category": "squad_unanswerable" if impossible else "squad",
                        }
                    )
        except (KeyError, TypeError, AttributeError) as err:
            raise BadInput(f"{path}: mục thứ {n + 1} không đúng định dạng SQuAD ({err}).") from None
    if not items:
        raise BadInput(f"{path}: không có câu hỏi nào.")
    return articles, items


def squad_corpus(path: Path, data_dir: Path) -> Path:
    """Write the file's contexts as articles (once per file content); returns the folder."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()[:8]
    stem = re.sub(r"[^\w-]+", "-", path.stem)
    folder = data_dir / SQUAD_DIR / f"{stem}-{digest}" / "articles"
    if not folder.is_dir():
        articles, _ = read_squad(path)
        tmp = folder.with_name("articles.tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        for name, text in articles.items():
            (tmp / name).write_text(text + "\n", encoding="utf-8")
        tmp.rename(folder)  # complete or absent: a crash mid-write leaves no half corpus
    return folder


_MARKERS = re.compile(r"\s*\[\d+\]")


def normalize(text: str) -> str:
    """Example: 'Khoảng 6,96 triệu tấn [1].' -> 'khoảng 6,96 triệu tấn'. Digits keep their
    separators ('6,96' is one number), other punctuation goes."""
    text = _MARKERS.sub("", nfc(text)).lower()
    text = re.sub(r"(?<!\d)[.,]|[.,](?!\d)|[^\w\s.,%]", " ", text)
    return " ".join(text.split())


def exact_match(prediction: str, golds: list[str]) -> float:
    return float(any(normalize(prediction) == normalize(g) for g in golds))


def token_f1(prediction: str, golds: list[str]) -> float:
    """The SQuAD F1 over syllables, against the best gold."""
    pred = normalize(prediction).split()
    best = 0.0
    for gold in golds:
        ref = normalize(gold).split()
        common = sum((Counter(pred) & Counter(ref)).values())
        if common:
            p, r = common / len(pred), common / len(ref)
            best = max(best, 2 * p * r / (p + r))
    return best


def squad_scores(item: dict, result: dict) -> dict:
    """{'em', 'f1'} for an item read from a SQuAD file; {} for other items."""
    if "answers" not in item:
        return {}
    if not item["answerable"]:
        score = float(result["refused"])
        return {"em": score, "f1": score}
    if result["refused"]:
        return {"em": 0.0, "f1": 0.0}
    return {
        "em": exact_match(result["answer"], item["answers"]),
        "f1": token_f1(result["answer"], item["answers"]),
    }


__all__ = ["is_squad", "normalize", "read_squad", "squad_corpus", "squad_scores", "token_f1"]
