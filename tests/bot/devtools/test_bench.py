"""`hoidap bench` at a small size: every section runs for real (temp index, serving process,
cold starts, the naive recipe) and the report holds numbers where the targets expect them."""

from __future__ import annotations

import json

import pytest

from bot.app.cli import main
from bot.devtools import bench, bench_report
from bot.devtools.scale import derived_vectors, variant_chunks
from bot.evaluation.runner import load_items


def test_small_bench_runs_every_section(seeds_dir, tmp_path):
    from pathlib import Path

    items = load_items(Path(__file__).resolve().parents[3] / "evals" / "cnht_vi.jsonl")[:6]
    report = bench.run(seeds_dir, items, sizes=(120,), sample=8, progress=lambda _: None)
    ing, ans, (size,), srv, cold, naive = (
        report[k] for k in ("ingest", "answer", "scale", "serve", "cold", "naive")
    )
    assert ing["chunks"] == 46 and 0.5 < ing["embed_share"] < 1
    assert set(ing["chunks_per_s_by_batch"]) == set(bench.BATCHES)
    assert 0 < ans["p50_ms"] <= ans["p95_ms"] and ans["split_p50_ms"]["embed question"] > 0
    assert size["chunks"] == 120 and size["embedded_for_real"] == 46 + 8 and size["p50_ms"] > 0
    assert srv["peak_rss_mb"] > 50 and srv["asked"] == 6
    assert 0 < cold["help_s"] < cold["ask_s"]
    assert naive["chunks"] > 0 and 0 <= naive["recall_at_1"] <= naive["recall_at_3"] <= 1
    text = bench_report.format_report(report)
    assert "| warm answer p50 (seeds)" in text and "naive / hoidap" in text and "120" in text
    bench_report.write_json(report, tmp_path / "b.json")
    assert json.loads((tmp_path / "b.json").read_text("utf-8"))["scale"][0]["chunks"] == 120


def test_scaled_corpus_is_real_text_with_new_figures(the_bot):
    seeds = the_bot.searcher.lexical.chunks
    made = variant_chunks(seeds, 50)
    assert len({c.id for c in made}) == 50 and len({c.text for c in made}) == 50
    seed_text = " ".join(c.text for c in seeds)
    assert all(c.text not in seed_text for c in made)  # recombined, not copied
    assert variant_chunks(seeds, 10) == made[:10]  # the first ones do not depend on the size
    real = the_bot.embedder.embed_documents([c.text for c in made[:4]])
    import numpy as np

    vectors = derived_vectors(np.asarray(real), 20)
    assert vectors.shape == (20, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1)
    cosines = vectors[4:] @ vectors[:4].T
    assert 0.8 < cosines.max(axis=1).mean() < 0.97  # near a real vector, not a copy of one


@pytest.mark.parametrize("argv", [["--sizes", "1k"], ["--set", "nope.jsonl"], ["--seeds", "nope"]])
def test_bench_arguments_fail_before_any_work(argv, capsys):
    assert main(["bench", *argv]) == 2
    assert "Traceback" not in capsys.readouterr().err
