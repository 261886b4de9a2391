"""Ablation: the same eval sets through the full pipeline with parts switched off.

Each variant puts its own frozen options in place: the searcher's `SearchOptions` (mode,
question analysis in retrieval) and the extractive answerer's `ReaderOptions` (analysis, ranker;
without analysis the answerer picks the sentence that shares most of the question's words, with
the coverage threshold as its only refusal rule), runs every item through `bot.answer` and
judges it with `bot.evaluation.runner` — no metric is computed here. It does not tune thresholds, touch
the index or compare answerers, and it always leaves the searcher on hybrid + question analysis.
`write_block` puts the tables into a Markdown file between two markers, so a README keeps the
latest numbers next to the command that made them.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from bot.evaluation.runner import cell, markdown_table, run_eval
from index.errors import BadInput


class Variant(NamedTuple):
    name: str
    mode: str  # SearchOptions.mode
    analyze: bool  # SearchOptions.analyze: question analysis in retrieval
    answer_analysis: bool  # ReaderOptions.analysis: question analysis in answering
    ranker: bool = True  # ReaderOptions.ranker: the fitted ranker (else the hand-set score)
    topic: bool = True  # the topic files of bot/data/domains/ (else the general glossary alone)


VARIANTS = (
    Variant("dense only", "dense", False, False),
    Variant("BM25 only", "bm25", False, False),
    Variant("hybrid", "hybrid", False, False),
    Variant("hybrid + question analysis in retrieval", "hybrid", True, False),
    Variant("full system, hand-set sentence score", "hybrid", True, True, False),
    Variant("full system, no topic file (bot/data/domains/)", "hybrid", True, True, True, False),
    Variant("hybrid + question analysis (full system)", "hybrid", True, True),
)
# (summary key, column header); every key is computed by bot.evaluation.runner.summarize.
COLUMNS = (
    ("recall_at_1", "recall@1"),
    ("recall_at_3", "recall@3"),
    ("mrr", "MRR"),
    ("accuracy", "accuracy"),
    ("refusal_acc", "refusal_acc"),
)
START, END = "<!-- ablation:start -->", "<!-- ablation:end -->"


def run_ablation(
    bot, sets: dict[str, list[dict]], k: int | None = None, progress: bool = False
) -> dict[str, dict[str, dict]]:
    """{file: {variant name: overall summary}} for every variant and eval set."""
    from dataclasses import replace

    from bot.retrieval.hybrid import SearchOptions

    searcher, answerer = bot.searcher, bot.extractive
    saved = searcher.options, answerer.options
    report: dict[str, dict[str, dict]] = {name: {} for name in sets}
    try:
        for variant in VARIANTS:
            if not variant.topic:
                for name, items in sets.items():
                    report[name][variant.name] = _without_topics(bot, items, k, progress)
                continue
            searcher.options = SearchOptions(variant.mode, variant.analyze)
            answerer.options = replace(
                saved[1],
                analysis=variant.answer_analysis,
                ranker=saved[1].ranker if variant.ranker else None,
            )
            for name, items in sets.items():
                overall = run_eval(bot, items, k=k, progress=progress)["summary"]["overall"]
                report[name][variant.name] = overall
    finally:
        searcher.options, answerer.options = saved
    return report


def _without_topics(bot, items: list[dict], k: int | None, progress: bool) -> dict:
    """The set answered by a bot built with no topic file: the glossary is read when the bot
    and its BM25 view are built, so the switch is a new bot, then the old choice restored."""
    from dataclasses import replace

    from bot.lang.glossary import use_domains

    try:
        plain = type(bot)(replace(bot.config, domains="none"))
        return run_eval(plain, items, k=k, progress=progress)["summary"]["overall"]
    finally:
        use_domains(bot.config.domain_names)


def format_ablation(report: dict[str, dict[str, dict]]) -> str:
    """One Markdown table per eval set: a row per variant, a column per metric."""
    head = ["retrieval", *(h for _, h in COLUMNS)]
    parts = []
    for name, rows in report.items():
        n = next(iter(rows.values()))["n"] if rows else 0
        table = [[v, *(cell(m[key]) for key, _ in COLUMNS)] for v, m in rows.items()]
        parts.append(f"**{name}** (n = {n})\n\n" + markdown_table(head, table))
    return "\n\n".join(parts)


def write_block(path: Path, block: str, start_mark: str = START, end_mark: str = END) -> None:
    """Replace what lies between the ablation markers in `path`; add the markers at the end if absent.

    Example: 'a\\n<!-- ablation:start -->old<!-- ablation:end -->\\nb' -> 'old' replaced by block.
    """
    text = path.read_text("utf-8") if path.exists() else ""
    start, end = text.find(start_mark), text.find(end_mark)
    if (start < 0) != (end < 0) or end < start:
        raise BadInput(f"{path}: cần cả {start_mark} rồi đến {end_mark}, theo đúng thứ tự.")
    if start < 0:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "")
        text += f"{start_mark}\n{end_mark}\n"
        start, end = text.find(start_mark), text.find(end_mark)
    path.write_text(text[: start + len(start_mark)] + f"\n{block}\n" + text[end:], "utf-8")


def readme_block(report: dict[str, dict[str, dict]], command: str, day: str) -> str:
    """The tables plus how and when they were made, for `write_block`."""
    return f"{format_ablation(report)}\n\nGenerated by `{command}` on {day}."
