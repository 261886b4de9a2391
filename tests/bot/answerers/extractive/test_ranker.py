"""The fitted sentence ranker, its refusal threshold, and the fit that produces them."""

import json
from pathlib import Path

import pytest

from bot.answerers.extractive.ranker import FEATURES, Ranker, default_ranker
from bot.evaluation.fit import first_holds, fit, measure
from bot.evaluation.runner import load_items
from bot.question.analysis import analyze


def test_ranker_file_round_trips_and_rejects_other_features():
    r = Ranker(tuple(0.1 * i for i in range(len(FEATURES))), -1.0, 0.5)
    assert Ranker.from_json(json.loads(json.dumps(r.to_json()))) == r
    other = r.to_json() | {"features": ["coverage"]}
    assert Ranker.from_json(other) is None  # fitted for other features: not misread
    assert 0.0 < r.probability([1.0] * len(FEATURES)) < 1.0


def test_the_shipped_ranker_is_loaded_and_scores_are_probabilities(the_bot):
    ranker = default_ranker()
    assert ranker is not None, "bot/data/reader.json is missing or stale: run `make fit`"
    assert 0.0 < ranker.min_probability < 1.0
    reading = the_bot.extractive.reading()
    q = "Năm 2022 Hà Nội phấn đấu có thêm bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"
    hits, _ = the_bot.evidence(q, 5)
    scorer = reading.scorer(analyze(q, the_bot.searcher.vocabulary), hits)
    ranked = scorer.candidates(hits)
    assert all(0.0 <= c.score <= 1.0 for c in ranked)
    assert "920" in ranked[0].span.text
    assert len(scorer.features(ranked[0])) == len(FEATURES)


def test_fit_learns_from_real_items_and_picks_a_threshold(the_bot):
    items = load_items(Path("evals/cnht_vi.jsonl"))
    picked = [i for i in items if i["category"] in ("number", "unanswerable")][:24]
    groups = measure(("cnht", the_bot, item) for item in picked)
    assert any(not g.answerable for g in groups) and any(g.answerable for g in groups)
    ranker = fit(groups)
    assert len(ranker.weights) == len(FEATURES)
    assert 0.0 <= ranker.min_probability < 1.0
    holds = first_holds(groups, ranker)["cnht"]
    assert holds >= first_holds(groups, None)["cnht"] - 0.1  # fitted on them: not worse


@pytest.mark.parametrize(
    "question,names",
    [
        ("Bệnh nhân được Bệnh viện Chợ Rẫy ghép thận bao nhiêu tuổi?", ("Chợ Rẫy",)),
        ("Lãi suất kỳ hạn 12 tháng của DHBank hiện là bao nhiêu?", ("DHBank",)),
        ("Cầu Đại Ngãi dự kiến hợp long vào thời gian nào?", ("Đại Ngãi",)),
        ("Ai là Giám đốc Sở Tài chính tỉnh Bắc Ninh?", ("Sở Tài",)),  # the place is checked as one
        ("Nhà ga T2 Cát Bi khai thác khi nào?", ("Cát Bi",)),
        ("Giám đốc Sở Công Thương Quảng Trị là ai?", ("Sở Công Thương",)),
        ("Hiệp hội BĐS Khánh Hòa kiến nghị gì?", ()),
        ("Phòng CSGT tước bao nhiêu GPLX?", ()),  # acronyms are often written out
        ("Ông Nguyễn Văn An nói gì về Kế hoạch 267/KH-UBND?", ("Nguyễn Văn An",)),
    ],
)
def test_proper_names_of_a_question(question, names):
    from bot.lang.names import proper_names

    assert proper_names(question) == names


def test_a_name_the_articles_never_mention_is_refused(the_bot):
    a = the_bot.answer("Bệnh viện Chợ Rẫy có bao nhiêu doanh nghiệp công nghiệp hỗ trợ?")
    assert a.refused
    assert "Chợ Rẫy" in a.reason or "coverage" in a.reason or "probability" in a.reason
    named = the_bot.answer("Năm 2022 Hà Nội phấn đấu có thêm bao nhiêu doanh nghiệp CNHT?")
    assert not named.refused and "920" in named.answer
