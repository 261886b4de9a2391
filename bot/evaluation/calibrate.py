"""The refusal curve: sweep the fitted threshold (the least probability of the best sentence
to answer with) over eval sets, report refusal precision and recall and answer accuracy for
each value.

Each threshold is a full run of the sets (the other refusal rules stay on), so a row is exactly
what `hoidap eval` would report with that value. The value in use is fitted by `hoidap fit`
(`bot/data/reader.json`); this module only measures, it does not change it. Without a fitted
ranker the hand-set coverage floor is swept instead. Tables go into a Markdown file between
calibration markers, like the ablation's.
"""

from __future__ import annotations

from dataclasses import replace

from bot.evaluation.runner import cell, contains_all, markdown_table

THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.93, 0.96)
COVERAGE_THRESHOLDS = (0.0, 0.05, 0.08, 0.10, 0.12, 0.15, 0.18, 0.20, 0.25, 0.30)
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"


def sweep(sets: dict[str, list[tuple[object, dict]]], thresholds=None) -> dict[str, list[dict]]:
    """{set: one row per threshold}, plus "all sets" when there are several: each threshold is
    one run of every (bot, item) pair through `bot.answer` (sets asked of different corpora
    come with their own bots)."""
    pairs = [pair for group in sets.values() for pair in group]
    answerers = list({id(b): b.extractive for b, _ in pairs}.values())
    fitted = in_use([b for b, _ in pairs])[0] == "probability"
    thresholds = thresholds or (THRESHOLDS if fitted else COVERAGE_THRESHOLDS)
    saved = [a.options for a in answerers]
    out: dict[str, list[dict]] = {name: [] for name in sets}
    if len(sets) > 1:
        out["all sets"] = []
    try:
        for t in thresholds:
            for answerer, options in zip(answerers, saved):
                if fitted:
                    ranker = replace(options.ranker, min_probability=t)
                    answerer.options = replace(options, ranker=ranker)
                else:
                    answerer.options = replace(options, min_coverage=t)
            runs = {name: _run(group) for name, group in sets.items()}
            for name, (items, refused, correct) in runs.items():
                out[name].append(_row(t, items, refused, correct))
            if "all sets" in out:
                # the runs' items, refusals and verdicts, each list joined across the sets
                joined = [[x for run in runs.values() for x in run[i]] for i in range(3)]
                out["all sets"].append(_row(t, *joined))
    finally:
        for answerer, options in zip(answerers, saved):
            answerer.options = options
    return out


def in_use(bots: list[object]) -> tuple[str, float]:
    """What the sweep varies and its value in use: ('probability', 0.88) when every bot's
    answerer has a fitted ranker, else ('coverage', 0.12)."""
    options = bots[0].extractive.options
    if all(b.extractive.options.ranker is not None for b in bots):
        return "probability", options.ranker.min_probability
    return "coverage", options.min_coverage


def _run(pairs: list[tuple[object, dict]]) -> tuple[list[dict], list[bool], list[bool]]:
    items, refused, correct = [], [], []
    for bot, item in pairs:
        result = bot.answer(item["question"], item.get("history", []))
        items.append(item)
        refused.append(result.refused)
        if item["answerable"]:
            must = item.get("must_include", [])
            correct.append(not result.refused and contains_all(result.answer, must))
        else:
            correct.append(result.refused)
    return items, refused, correct


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


def format_sweep(name: str, n: int, rows: list[dict], chosen: float, measure: str = "") -> str:
    head = [f"{measure or 'threshold'} ≥", "refusal precision", "refusal recall", "answered_ok"]
    head.append("accuracy")
    table = [
        [
            f"**{r['threshold']:.2f}**"
            if abs(r["threshold"] - chosen) < 1e-9
            else f"{r['threshold']:.2f}",
            cell(r["refusal_prec"]),
            cell(r["refusal_rec"]),
            cell(r["answered_ok"]),
            cell(r["accuracy"]),
        ]
        for r in rows
    ]
    return f"**{name}** (n = {n}; bold: the threshold in use)\n\n" + markdown_table(head, table)
