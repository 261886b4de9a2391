"""Calibrate the refusal threshold: sweep the coverage cut-off over eval sets, report refusal
precision and recall and answer accuracy for each value.

Each threshold is a full run of the set (the other refusal rules stay on), so a row is exactly
what `hoidap eval` would report with that value. The value in use lives in
`bot.refusal.MIN_COVERAGE`; this module only measures, it does not change it. Tables go into
a Markdown file between calibration markers, like the ablation's.
"""

from __future__ import annotations

from bot.evaluate import cell, contains_all, markdown_table

THRESHOLDS = (0.0, 0.05, 0.08, 0.10, 0.12, 0.15, 0.18, 0.20, 0.25, 0.30)
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"


def sweep(pairs: list[tuple[object, dict]], thresholds=THRESHOLDS) -> list[dict]:
    """One row per threshold, each a full run of the (bot, item) pairs through `bot.answer`
    (sets asked of different corpora come with their own bots): refusal precision / recall,
    answerable and overall accuracy."""
    answerers = list({id(b): b.extractive for b, _ in pairs}.values())
    saved = [a.min_coverage for a in answerers]
    items = [item for _, item in pairs]
    rows = []
    try:
        for t in thresholds:
            for answerer in answerers:
                answerer.min_coverage = t
            refused, correct = [], []
            for bot, item in pairs:
                result = bot.answer(item["question"], item.get("history", []))
                refused.append(result.refused)
                if item["answerable"]:
                    must = item.get("must_include", [])
                    correct.append(not result.refused and contains_all(result.answer, must))
                else:
                    correct.append(result.refused)
            rows.append(_row(t, items, refused, correct))
    finally:
        for answerer, value in zip(answerers, saved):
            answerer.min_coverage = value
    return rows


def _row(t: float, items: list[dict], refused: list[bool], correct: list[bool]) -> dict:
    answerable = [i["answerable"] for i in items]
    return {
        "threshold": t,
        "refusal_prec": _share([not a for a, r in zip(answerable, refused) if r]),
        "refusal_rec": _share([r for a, r in zip(answerable, refused) if not a]),
        "answered_ok": _share([c for a, c in zip(answerable, correct) if a]),
        "accuracy": _share(correct),
    }


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def format_sweep(name: str, n: int, rows: list[dict], chosen: float) -> str:
    head = ["coverage ≥", "refusal precision", "refusal recall", "answered_ok", "accuracy"]
    table = [
        [
            f"**{r['threshold']:.2f}**" if r["threshold"] == chosen else f"{r['threshold']:.2f}",
            cell(r["refusal_prec"]),
            cell(r["refusal_rec"]),
            cell(r["answered_ok"]),
            cell(r["accuracy"]),
        ]
        for r in rows
    ]
    return f"**{name}** (n = {n}; bold: the threshold in use)\n\n" + markdown_table(head, table)
