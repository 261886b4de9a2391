"""The eval runner's judging and summaries on small crafted results (no model), the ablation's
README block, and the searcher switches the ablation turns (on the session's real index)."""

import unicodedata

import pytest

from bot.evaluation.ablation import END, START, write_block
from bot.evaluation.runner import cite_supported, format_table, judge, recall_at, summarize
from index.errors import BadInput

GOLD = "000_b948209b1d8cc5f8.txt"
OTHER = "004_4cc5af691a9d048a.txt"


def item(answerable=True, must=("920",), sources=(GOLD,), category="number"):
    return {
        "id": "x",
        "question": "?",
        "must_include": list(must),
        "sources": list(sources),
        "answerable": answerable,
        "category": category,
    }


def result(answer="", refused=False, quotes=(), retrieved=(GOLD,), source=GOLD, ms=10.0):
    return {
        "answer": answer,
        "refused": refused,
        "citations": [{"source": source, "quote": q} for q in quotes],
        "retrieved": [{"source": s} for s in retrieved],
        "timings_ms": {"total": ms},
    }


def judged(it, res):
    return res | {k: it[k] for k in ("category", "answerable")} | {"verdict": judge(it, res)}


def test_cite_support_needs_every_entry_in_some_quote():
    quotes = [
        "Năm 2022, Hà Nội phấn đấu có 920 doanh nghiệp.",
        "Khoảng 300 doanh nghiệp đạt chuẩn.",
    ]
    assert cite_supported(["920", "300"], quotes)  # entries may sit in different quotes
    assert cite_supported(["999|920"], quotes)  # an alternative is enough
    assert not cite_supported(["920", "18%"], quotes)
    assert not cite_supported(["920"], [])
    assert cite_supported([], ["Một câu."]) and not cite_supported([], [])


def test_cite_support_folds_case_and_unicode_form():
    decomposed = unicodedata.normalize("NFD", "HÀ NỘI có 920 doanh nghiệp")
    assert cite_supported(["hà nội"], [decomposed])


def test_judge_supported_and_unsupported_citation():
    answer = "Hà Nội đặt mục tiêu 920 doanh nghiệp [1]."
    good = judge(item(), result(answer, quotes=["… có 920 doanh nghiệp công nghiệp hỗ trợ …"]))
    bad = judge(item(), result(answer, quotes=["Năm 2020 có 900 doanh nghiệp."]))
    assert good["correct"] and good["cite_support"] is True
    assert bad["correct"] and bad["cite_support"] is False  # right answer, quote does not back it
    assert (
        judge(item(answerable=False, must=(), sources=()), result(refused=True))["cite_support"]
        is None
    )


def test_gold_rank_recall_and_mrr():
    v = judge(item(), result("920", retrieved=(OTHER, OTHER, GOLD, OTHER)))
    assert v["gold_rank"] == 3 and v["rr"] == pytest.approx(1 / 3)
    assert (recall_at(v, 1), recall_at(v, 3), v["recall_at_k"]) == (False, True, True)
    missing = judge(item(), result("920", retrieved=(OTHER,)))
    assert missing["gold_rank"] == 0 and missing["rr"] == 0.0 and recall_at(missing, 5) is False
    assert judge(item(sources=()), result("920"))["gold_rank"] is None


def test_refusal_precision_with_one_wrong_refusal():
    no = item(answerable=False, must=(), sources=(), category="unanswerable")
    results = [
        judged(no, result(refused=True)),
        judged(no, result(refused=True)),
        judged(no, result("Có 5 cụm.", quotes=["Có 5 cụm."])),  # should have refused
        judged(item(), result(refused=True)),  # wrong refusal of an answerable item
        judged(item(), result("920", quotes=["920 doanh nghiệp"])),
    ]
    s = summarize(results)
    overall = s["overall"]
    assert overall["refusal_prec"] == pytest.approx(2 / 3, abs=1e-3)
    assert overall["refusal_rec"] == overall["refusal_acc"] == pytest.approx(2 / 3, abs=1e-3)
    assert overall["false_refusal"] == 0.5
    assert overall["cite_support"] == 1.0  # only the answered answerable item counts
    assert s["number"]["refusal_prec"] == 0.0 and s["unanswerable"]["refusal_prec"] == 1.0


def test_table_shows_dash_where_a_metric_is_undefined():
    s = summarize([judged(item(), result("920", quotes=["920"]))])
    assert s["number"]["refusal_prec"] is None
    head, _, row, _ = [
        [c.strip() for c in line.strip("|").split("|")] for line in format_table(s).splitlines()
    ]
    assert "cite_support" in head and "cite_hit" not in head  # cite_hit is in the JSON only
    assert row[head.index("refusal_prec")] == "–" and row[head.index("cite_support")] == "1.00"


def test_write_block_replaces_only_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Evals\n\nintro\n{START}\nold table\n{END}\n\nafter\n", "utf-8")
    write_block(readme, "new table")
    text = readme.read_text("utf-8")
    assert "old table" not in text and f"{START}\nnew table\n{END}" in text
    assert text.startswith("# Evals\n\nintro\n") and text.endswith("\n\nafter\n")
    write_block(readme, "newer")
    assert readme.read_text("utf-8").count(START) == 1 and "newer" in readme.read_text("utf-8")


def test_write_block_adds_markers_at_end_or_refuses_a_lone_one(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Evals\n", "utf-8")
    write_block(readme, "table")
    assert readme.read_text("utf-8") == f"# Evals\n\n{START}\ntable\n{END}\n"
    fresh = tmp_path / "new.md"
    write_block(fresh, "table")
    assert fresh.read_text("utf-8") == f"{START}\ntable\n{END}\n"
    broken = tmp_path / "broken.md"
    broken.write_text(f"{START}\nno end\n", "utf-8")
    with pytest.raises(BadInput):
        write_block(broken, "table")


def test_searcher_switches(the_bot):
    from bot.retrieval.hybrid import SearchOptions

    searcher = the_bot.searcher
    english = "How many supporting industry enterprises did Hanoi target?"
    question = "Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp?"
    dense = searcher.find(question, 5, SearchOptions("dense", analyze=False)).hits
    assert len(dense) == 5 and all(h.lexical is None and h.dense is not None for h in dense)
    bm25_raw = SearchOptions("bm25", analyze=False)
    assert searcher.find(english, 5, bm25_raw).hits == []  # raw English words are not there
    found = searcher.find(english, 5, SearchOptions("bm25"))  # analysis adds Vietnamese terms
    bm25 = found.hits
    assert bm25 and all(h.dense is None and h.lexical is not None for h in bm25)
    assert [h.rank for h in bm25] == list(range(len(bm25)))
    assert {"embed", "dense", "bm25", "fuse"} <= set(found.timings)
    assert found.vector is None  # no dense search: no question vector
    with pytest.raises(ValueError):
        SearchOptions("sparse")
    # the options in place serve a search that names none
    assert searcher.search(question, 5) == searcher.find(question, 5, SearchOptions()).hits


def test_a_sample_is_spread_over_the_whole_set():
    from bot.evaluation.runner import spread

    items = [{"id": str(i)} for i in range(10)]
    assert [i["id"] for i in spread(items, 4)] == ["0", "3", "6", "9"]
    assert spread(items, 20) == items and spread(items, 1) == items[:1]
