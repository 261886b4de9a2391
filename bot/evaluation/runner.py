"""Run a Q&A set through `bot.answer` and measure it. Evals report quality; tests only check this runs.

Item format (one JSON object per line): id, question, optional history, must_include (`a|b` =
either), sources, answerable, category, optional style. Metrics, per category and overall
(evals/README.md has the same list):
- accuracy: answerable items not refused whose answer contains every must_include (NFC, casefold);
  unanswerable items count as correct when refused;
- answered_ok: the same on answerable items only; false_refusal: refused share of answerable items;
- refusal_acc (= refusal_rec): refused share of unanswerable items; refusal_prec: unanswerable
  share of refused items (None when nothing was refused);
- cite_hit: answered items with at least one gold source cited; cite_prec: gold share of citations;
- cite_support: answered answerable items whose citation quotes contain every must_include;
- recall_at_k / recall_at_1 / recall_at_3 and MRR of the first gold source in the retrieved list;
- exact_match and f1 (SQuAD-format sets only, bot/evaluation/squad.py);
- latency p50/p95 of the whole answer;
- warned: share of answers carrying a warning (an LLM's unchecked number, a dropped marker, a
  context trimmed so that an article went unread); fallback: share where the LLM failed and
  the extractive answer stood in.
It judges by string containment only: it does not grade wording, and never special-cases a question.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from bot.evaluation.squad import squad_scores
from index.errors import BadInput
from index.vntext import nfc

REQUIRED = ("id", "question", "answerable", "category")


def load_items(path: Path) -> list[dict]:
    """Items of a JSONL set, or of a SQuAD-format JSON file (bot/evaluation/squad.py)."""
    from bot.evaluation.squad import is_squad, read_squad

    if not path.exists():
        raise BadInput(f"Không tìm thấy tệp đánh giá {path}.")
    if is_squad(path):
        return read_squad(path)[1]
    items = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise BadInput(f"{path}:{n}: JSON không hợp lệ ({err.msg}).") from None
        missing = [k for k in REQUIRED if k not in item]
        if missing:
            raise BadInput(f"{path}:{n}: thiếu trường {', '.join(missing)}.")
        items.append(item)
    if not items:
        raise BadInput(f"{path}: không có câu hỏi nào.")
    return items


def load_sets(paths: list[str | Path]) -> dict[str, list[dict]]:
    """Every file's items, keyed by the path as given; all are checked before any model loads."""
    return {str(p): load_items(Path(p)) for p in paths}


def _alternatives(entry: str) -> list[str]:
    return [nfc(alt).casefold() for alt in entry.split("|")]


def contains_all(answer: str, must_include: list[str]) -> bool:
    """Example: ('Khoảng 920 DN', ['920', '16%|10%']) -> False; alternatives split on '|'."""
    text = nfc(answer).casefold()
    return all(any(alt in text for alt in _alternatives(m)) for m in must_include)


def cite_supported(must_include: list[str], quotes: list[str]) -> bool:
    """Every entry is found in some quote (not necessarily the same one); [] needs one quote.

    Example: (['920', '2022|2021'], ['… 920 doanh nghiệp …', 'Năm 2022 …']) -> True.
    """
    texts = [nfc(q).casefold() for q in quotes]
    if not must_include:
        return bool(texts)
    return all(any(alt in t for t in texts for alt in _alternatives(m)) for m in must_include)


def gold_rank(item: dict, result: dict) -> int | None:
    """1-based rank of the first retrieved chunk from a gold source; 0 if none; None if no gold."""
    gold = set(item.get("sources", []))
    if not gold:
        return None
    retrieved = [r["source"] for r in result["retrieved"]]
    return next((i for i, s in enumerate(retrieved, 1) if s in gold), 0)


def judge(item: dict, result: dict) -> dict:
    gold = set(item.get("sources", []))
    cited = [c["source"] for c in result["citations"]]
    must = item.get("must_include", [])
    if item["answerable"]:
        correct = not result["refused"] and contains_all(result["answer"], must)
    else:
        correct = result["refused"]
    rank = gold_rank(item, result)
    quotes = [c["quote"] for c in result["citations"]]
    return squad_scores(item, result) | {
        "correct": correct,
        "cite_hit": bool(gold & set(cited)) if cited else None,
        "cite_prec": (sum(s in gold for s in cited) / len(cited)) if cited and gold else None,
        "cite_support": cite_supported(must, quotes) if item["answerable"] else None,
        "gold_rank": rank,
        "recall_at_k": None if rank is None else rank > 0,
        "rr": None if rank is None else (1 / rank if rank else 0.0),
    }


def recall_at(verdict: dict, n: int) -> bool | None:
    """Was a gold source among the first n retrieved chunks? None when the item has no gold."""
    rank = verdict["gold_rank"]
    return None if rank is None else 0 < rank <= n


def spread(items: list[dict], n: int) -> list[dict]:
    """n items spread evenly over a set, first and last included, every kind of question
    where the set has them in blocks. Example: spread(ten, 3) -> items 0, 4 and 9."""
    if n >= len(items):
        return items
    if n == 1:
        return items[:1]
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def run_eval(bot, items: list[dict], k: int | None = None, progress: bool = False) -> dict:
    from tqdm import tqdm

    results = []
    for item in tqdm(items, desc="Đánh giá", unit="câu", disable=not progress or None):
        answer = bot.answer(item["question"], item.get("history", []), k=k)
        result = answer.to_json()
        results.append(
            result
            | {"id": item["id"], "category": item["category"], "answerable": item["answerable"]}
            | {"verdict": judge(item, result)}
        )
    return {"summary": summarize(results), "results": results}


def _mean(values: list) -> float | None:
    values = [float(v) for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def summarize(results: list[dict]) -> dict:
    groups: dict[str, list[dict]] = {}
    for r in results:
        groups.setdefault(r["category"], []).append(r)
    summary = {cat: _metrics(rs) for cat, rs in sorted(groups.items())}
    summary["overall"] = _metrics(results)
    return summary


def _metrics(rs: list[dict]) -> dict:
    answerable = [r for r in rs if r["answerable"]]
    unanswerable = [r for r in rs if not r["answerable"]]
    answered = [r for r in answerable if not r["refused"]]
    refused = [r for r in rs if r["refused"]]
    verdicts = [r["verdict"] for r in answerable]
    latency = [r["timings_ms"]["total"] for r in rs]
    refusal_rec = _mean([r["refused"] for r in unanswerable])
    return {
        "n": len(rs),
        "accuracy": _mean([r["verdict"]["correct"] for r in rs]),
        "answered_ok": _mean([v["correct"] for v in verdicts]),
        "refusal_acc": refusal_rec,
        "refusal_prec": _mean([not r["answerable"] for r in refused]),
        "refusal_rec": refusal_rec,
        "false_refusal": _mean([r["refused"] for r in answerable]),
        "cite_hit": _mean([r["verdict"]["cite_hit"] for r in answered]),
        "cite_prec": _mean([r["verdict"]["cite_prec"] for r in answered]),
        "cite_support": _mean([r["verdict"]["cite_support"] for r in answered]),
        "recall_at_k": _mean([v["recall_at_k"] for v in verdicts]),
        "recall_at_1": _mean([recall_at(v, 1) for v in verdicts]),
        "recall_at_3": _mean([recall_at(v, 3) for v in verdicts]),
        "mrr": _mean([v["rr"] for v in verdicts]),
        # SQuAD-format sets only (None otherwise): exact match and token F1, all items
        "exact_match": _mean([r["verdict"].get("em") for r in rs]),
        "f1": _mean([r["verdict"].get("f1") for r in rs]),
        "p50_ms": _pct(latency, 50),
        "p95_ms": _pct(latency, 95),
        # with an LLM: answers carrying a warning, and answers that fell back to extractive
        "warned": _mean([bool(r.get("warnings")) for r in rs]),
        "fallback": _mean(
            [bool(r.get("warnings")) and r.get("answerer") == "extractive" for r in rs]
        ),
    }


# What the printed table shows; cite_hit, refusal_rec (= refusal_acc) and recall_at_1/3 are in
# the JSON only, to keep the table narrow enough to read in a terminal.
COLUMNS = (
    "n",
    "accuracy",
    "answered_ok",
    "refusal_acc",
    "refusal_prec",
    "false_refusal",
    "cite_prec",
    "cite_support",
    "recall_at_k",
    "mrr",
    "p50_ms",
    "p95_ms",
)


def cell(value) -> str:
    """Example: None -> '–', 0.5 -> '0.50', 12 -> '12'."""
    if value is None:
        return "–"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table with padded columns, so it also reads as plain text."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(head), rule, *(line(r) for r in rows)])


def format_table(summary: dict) -> str:
    """A Markdown table: one row per category, then overall (and a line on warnings, if any)."""
    columns = COLUMNS
    if summary.get("overall", {}).get("f1") is not None:
        columns = (*COLUMNS[:3], "exact_match", "f1", *COLUMNS[3:])
    rows = [[cat, *(cell(m[c]) for c in columns)] for cat, m in summary.items()]
    table = markdown_table(["category", *columns], rows)
    overall = summary.get("overall", {})
    if overall.get("warned"):
        table += (
            f"\n\nwarned {cell(overall['warned'])} of answers; "
            f"fallback to extractive {cell(overall['fallback'])}."
        )
    return table
