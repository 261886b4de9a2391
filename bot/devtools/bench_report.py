"""`hoidap bench`'s printed report: one Markdown table per section of bench.py's dict, each
measure beside its target (✓/✗), and the JSON file `--json` writes.

Deliberately not here: measuring (bench.py).
"""

from __future__ import annotations

import json
from pathlib import Path


def write_json(report: dict, path: Path) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")


def _shown(path: Path) -> str:
    """A corpus folder as the user would name it: relative to here when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_report(r: dict) -> str:
    from bot.evaluation.runner import markdown_table

    def ok(value, target) -> str:
        return "–" if value is None else ("✓" if value <= target else "✗")

    ing, ans, srv, cold, nv = r["ingest"], r["answer"], r["serve"], r["cold"], r["naive"]
    corpus = _shown(Path(r.get("corpus", "seeds")))
    largest = r["scale"][-1] if r.get("scale") else None
    big = largest["p50_ms"] if largest and largest["chunks"] >= 100_000 else None
    rss = srv.get("peak_rss_mb")
    rows = [
        [f"warm answer p50 ({corpus})", f"{ans['p50_ms']:.1f} ms", "≤ 50 ms", ok(ans["p50_ms"], 50)],
        ["retrieval p50 at 100k chunks", "–" if big is None else f"{big:.1f} ms", "≤ 50 ms",
         ok(big, 50)],
        ["`hoidap --help`", f"{cold['help_s']:.2f} s", "≤ 0.5 s", ok(cold["help_s"], 0.5)],
        ["`hoidap ask` cold", f"{cold['ask_s']:.2f} s", "≤ 5 s", ok(cold["ask_s"], 5)],
        ["serving process peak RSS", "–" if rss is None else f"{rss:.0f} MB", "< 1500 MB",
         ok(rss, 1500)],
        ["ingest: embedder's share of the time", f"{ing['embed_share']:.0%}", "most of it",
         "✓" if ing["embed_share"] >= 0.8 else "✗"],
    ]  # fmt: skip
    out = [f"## Targets ({r['machine']['cpus']} CPUs, {r['questions']} questions)", ""]
    out.append(markdown_table(["measure", "value", "target", ""], rows))
    batches = ", ".join(f"batch {b}: {v:.1f}" for b, v in ing["chunks_per_s_by_batch"].items())
    out += [
        "",
        f"## Ingest ({corpus}/)",
        "",
        f"{ing['chunks']} chunks in {ing['seconds']:.1f} s = {ing['chunks_per_s']:.1f} chunks/s "
        f"(batch {ing['batch']}); embedding {ing['embed_share']:.0%} of the time. "
        f"Embedder alone, chunks/s by batch size: {batches}.",
        "",
        "## Warm answers (median ms per step)",
        "",
        markdown_table(
            ["p50", "p95", *ans["split_p50_ms"]],
            [
                [
                    f"{ans['p50_ms']:.1f}",
                    f"{ans['p95_ms']:.1f}",
                    *(f"{v:.1f}" for v in ans["split_p50_ms"].values()),
                ]
            ],
        ),  # fmt: skip
        "",
        "## Retrieval at scale",
        "",
    ]
    rows = [
        [f"{s['chunks']:,}", f"{s['embedded_for_real']:,}", f"{s['insert_s']:.1f}",
         f"{s['load_and_bm25_s']:.1f}", f"{s['p50_ms']:.1f}", f"{s['p95_ms']:.1f}",
         " / ".join(f"{v:.1f}" for v in s["split_p50_ms"].values())]
        for s in r.get("scale", [])
    ]  # fmt: skip
    heads = ["chunks", "embedded for real", "insert s", "load + BM25 s", "p50 ms", "p95 ms",
             "embed / dense / BM25 / fuse ms"]  # fmt: skip
    out += [
        markdown_table(heads, rows),
        "",
        "Texts are seed sentences recombined with new figures; vectors beyond the real sample "
        "are real ones plus noise (bot/devtools/scale.py), because embedding them all would take hours.",
        "",
        "## Side by side: the naive LangChain recipe (same embedder, same questions)",
        "",
    ]
    ratio = [
        ["recall@1", f"{ans['recall_at_1']:.2f}", f"{nv['recall_at_1']:.2f}",
         _ratio(nv["recall_at_1"], ans["recall_at_1"])],
        ["recall@3", f"{ans['recall_at_3']:.2f}", f"{nv['recall_at_3']:.2f}",
         _ratio(nv["recall_at_3"], ans["recall_at_3"])],
        ["retrieval p50 ms", f"{ans['retrieve_p50_ms']:.1f}", f"{nv['p50_ms']:.1f}",
         _ratio(nv["p50_ms"], ans["retrieve_p50_ms"])],
        ["retrieval p95 ms", f"{ans['retrieve_p95_ms']:.1f}", f"{nv['p95_ms']:.1f}",
         _ratio(nv["p95_ms"], ans["retrieve_p95_ms"])],
    ]  # fmt: skip
    out += [
        markdown_table(["", "hoidap", "naive", "naive / hoidap"], ratio),
        "",
        f"Naive recipe: RecursiveCharacterTextSplitter(1000, 200) -> {nv['chunks']} chunks, "
        "Chroma, similarity_search(k=4). hoidap's retrieval includes question repair, BM25 and "
        "fusion; its whole answer is in the table above.",
    ]
    if "error" in srv:
        out += ["", f"Serving process: {srv['error']}"]
    else:
        out += ["", f"Serving process: ready in {srv['ready_s']:.1f} s, answered {srv['asked']} "
                f"questions through /ask."]  # fmt: skip
    return "\n".join(out)


def _ratio(a: float, b: float) -> str:
    return "–" if not b else f"{a / b:.2f}×"
