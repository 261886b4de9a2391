"""Run a Q&A set through `bot.answer` and measure it. Evals report quality; tests only check this runs.

Item format (one JSON object per line): id, question, optional history, must_include (`a|b` =
either), sources, answerable, category. Metrics, per category and overall:
- accuracy: answerable items not refused whose answer contains every must_include (NFC, casefold);
  unanswerable items count as correct when refused;
- answered_ok: the same on answerable items only; refusal_acc: refused share of unanswerable items;
- cite_hit: answered items with at least one gold source cited; cite_prec: gold share of citations;
- recall@k and MRR of the first gold source in the retrieved list; latency p50/p95.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from index.errors import BadInput
from index.vntext import nfc

REQUIRED = ("id", "question", "answerable", "category")


def load_items(path: Path) -> list[dict]:
    if not path.exists():
        raise BadInput(f"Không tìm thấy tệp đánh giá {path}.")
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


def contains_all(answer: str, must_include: list[str]) -> bool:
    """Example: ('Khoảng 920 DN', ['920', '16%|10%']) -> False; alternatives split on '|'."""
    text = nfc(answer).casefold()
    return all(any(nfc(alt).casefold() in text for alt in m.split("|")) for m in must_include)


def judge(item: dict, result: dict) -> dict:
    gold = set(item.get("sources", []))
    retrieved = [r["source"] for r in result["retrieved"]]
    cited = [c["source"] for c in result["citations"]]
    first_gold = next((i for i, s in enumerate(retrieved) if s in gold), None)
    if item["answerable"]:
        correct = not result["refused"] and contains_all(
            result["answer"], item.get("must_include", [])
        )
    else:
        correct = result["refused"]
    return {
        "correct": correct,
        "cite_hit": bool(gold & set(cited)) if cited else None,
        "cite_prec": (sum(s in gold for s in cited) / len(cited)) if cited and gold else None,
        "recall_at_k": (first_gold is not None) if gold else None,
        "rr": (1 / (first_gold + 1) if first_gold is not None else 0.0) if gold else None,
    }


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
    latency = [r["timings_ms"]["total"] for r in rs]
    return {
        "n": len(rs),
        "accuracy": _mean([r["verdict"]["correct"] for r in rs]),
        "answered_ok": _mean([r["verdict"]["correct"] for r in answerable]),
        "refusal_acc": _mean([r["refused"] for r in unanswerable]),
        "false_refusal": _mean([r["refused"] for r in answerable]),
        "cite_hit": _mean([r["verdict"]["cite_hit"] for r in answered]),
        "cite_prec": _mean([r["verdict"]["cite_prec"] for r in answered]),
        "recall_at_k": _mean([r["verdict"]["recall_at_k"] for r in answerable]),
        "mrr": _mean([r["verdict"]["rr"] for r in answerable]),
        "p50_ms": _pct(latency, 50),
        "p95_ms": _pct(latency, 95),
    }


COLUMNS = (
    "n",
    "accuracy",
    "answered_ok",
    "refusal_acc",
    "false_refusal",
    "cite_hit",
    "cite_prec",
    "recall_at_k",
    "mrr",
    "p50_ms",
    "p95_ms",
)


def format_table(summary: dict) -> str:
    """A Markdown table: one row per category, then overall."""
    head = "| category | " + " | ".join(COLUMNS) + " |"
    rule = "|---" * (len(COLUMNS) + 1) + "|"
    rows = [head, rule]
    for cat, m in summary.items():
        cells = [
            "–" if m[c] is None else (f"{m[c]:.2f}" if isinstance(m[c], float) else str(m[c]))
            for c in COLUMNS
        ]
        rows.append(f"| {cat} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
