"""Claims, refusal rules and composed answers: crafted inputs, plus the real index where the
mechanism needs real articles (a conflict exists only between real sources)."""

from bot.answerers.extractive.claims import conflicting, gather
from bot.answerers.extractive.evidence import Candidate
from bot.answerers.extractive.refusal import contrasted, missing_place, missing_role, refusal_reason
from bot.lang.spans import Found
from bot.question.analysis import analyze
from bot.records import Hit
from index.records import Chunk
from index.vntext import Span


def candidate(article, sentence, figure, year="2022", local=None, cover=0.8, fit=1.0):
    chunk = Chunk(f"{article}:0", article, sentence, 0, len(sentence), 0, "T")
    at = sentence.index(figure)
    found = Found(figure, at, at + len(figure), figure.split()[-1])
    words = local or {"~chi", "~so", "~phat", "~trien", "~tang", "~tren"}
    return Candidate(
        Hit(chunk, 1.0, 0),
        Span(0, len(sentence), sentence),
        0.6,
        0.5,
        found,
        True,
        frozenset(words),
        year,
        fit,
        1.0,
        cover,
    )


def test_same_figure_merges_different_figure_same_year_conflicts():
    a = candidate("000", "chỉ số phát triển tăng trên 11%", "trên 11%")
    b = candidate("001", "chỉ số phát triển tăng trên 11%", "trên 11%")
    c = candidate("003", "chỉ số phát triển hằng năm tăng trên 10%", "trên 10%")
    claims = gather(a, [b, c], years_asked=True)
    assert [(k.value, [m.article for m in k.members]) for k in claims] == [
        ("11%", ["000", "001"]),
        ("10%", ["003"]),
    ]
    assert conflicting(claims)


def test_other_years_are_sides_by_year_and_other_measures_stay_out():
    a = candidate("000", "chỉ số phát triển tăng trên 11%", "trên 11%")
    b = candidate("004", "chỉ số phát triển tăng trên 12 %", "trên 12 %", year="2020")
    other = candidate("002", "giá trị tăng 10-12%", "10-12%", local={"~gia", "~tri"})
    claims = gather(a, [b, other], years_asked=False)
    assert [k.year for k in claims] == ["2022", "2020"] and not conflicting(claims)
    # a plan number or a name is confirmed by other articles, never "disputed"
    assert len(gather(a, [b], years_asked=False, figures=False)) == 1


def test_refusal_rules_on_crafted_evidence():
    good = candidate("000", "Hà Nội đặt mục tiêu tăng trên 11%", "trên 11%")
    article = "Hà Nội đặt mục tiêu tăng trên 11%. Phó Giám đốc Sở Công thương phát biểu."
    assert refusal_reason(analyze("Hà Nội tăng bao nhiêu phần trăm?"), good, article) is None
    assert "place" in refusal_reason(analyze("TP.HCM tăng bao nhiêu phần trăm?"), good, article)
    assert missing_place(analyze("Đà Nẵng có bao nhiêu DN?"), article) == "da nang"
    assert missing_role(analyze("Giám đốc Sở Công Thương là ai?"), article) == "giam doc"
    assert missing_role(analyze("Phó Giám đốc Sở Công Thương là ai?"), article) is None
    assert "year" in refusal_reason(
        analyze("Năm 2030 tăng bao nhiêu %?"), _with(good, fit_year=0.3), article
    )
    weak = _with(good, coverage=0.05)
    assert "coverage" in refusal_reason(analyze("Giá vàng hôm nay bao nhiêu?"), weak, article)
    q = analyze("Hội chợ trong nước được hỗ trợ bao nhiêu tiền?")
    assert contrasted(q, "hỗ trợ 150 triệu đồng/đơn vị tham gia hội chợ quốc tế")


def _with(c: Candidate, **changes) -> Candidate:
    from dataclasses import replace

    return replace(c, **changes)


def test_conflicting_articles_are_reported_side_by_side(the_bot):
    result = the_bot.answer(
        "Năm 2022 giá trị sản xuất công nghiệp hỗ trợ chiếm bao nhiêu phần trăm giá trị sản "
        "xuất công nghiệp chế biến, chế tạo của Hà Nội?"
    )
    assert result.answer.startswith("Các bài báo không thống nhất:")
    assert "16%" in result.answer and "10%" in result.answer
    sources = {c.source[:3] for c in result.citations}
    assert {"000", "001", "003"} <= sources


def test_short_answers_lead_and_follow_ups_resolve(the_bot):
    r = the_bot.answer("Năm 2022 Hà Nội dự kiến khởi công bao nhiêu cụm công nghiệp?")
    assert r.answer.startswith("43 cụm công nghiệp [")
    r = the_bot.answer("Ông Phạm Tuấn Anh giữ chức vụ gì?")
    assert "Phó Cục trưởng Cục Công nghiệp" in r.answer
    r = the_bot.answer("CNHT là viết tắt của gì?")
    assert "công nghiệp hỗ trợ" in r.answer.lower() and r.citations
    history = [
        {"role": "user", "content": "Kế hoạch 267/KH-UBND muốn thu hút bao nhiêu doanh nghiệp?"}
    ]
    r = the_bot.answer("Trong đó bao nhiêu sản phẩm được công nhận lần đầu?", history)
    assert "15-20" in r.answer and "267/KH-UBND" in r.standalone_question


def test_refusals_on_the_real_index(the_bot):
    for q in (
        "TP.HCM có bao nhiêu doanh nghiệp công nghiệp hỗ trợ?",
        "Giám đốc Sở Công Thương Hà Nội là ai?",
        "Đến năm 2030 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?",
        "Tổng ngân sách cho chương trình công nghiệp hỗ trợ năm 2022 là bao nhiêu tỷ đồng?",
    ):
        assert the_bot.answer(q).refused, q


def test_two_questions_in_one_are_split_where_both_sides_ask():
    from bot.question.followup import Standalone
    from bot.question.multipart import split_question as split_standalone

    def split_question(text):
        return split_standalone(Standalone(text))

    parts = split_question("Kế hoạch 267 thu hút bao nhiêu doanh nghiệp và bao nhiêu sản phẩm?")
    assert parts[0] == Standalone("Kế hoạch 267 thu hút bao nhiêu doanh nghiệp?")
    assert parts[1].asked == "bao nhiêu sản phẩm?" and parts[1].context.startswith("Kế hoạch 267")
    # a coordinated subject or object is one question
    whole = "Hà Nội và TP.HCM có bao nhiêu DN?"
    assert split_question(whole) == [Standalone(whole)]
    q = "How many technology and equipment makers are invited, and from which countries?"
    assert len(split_question(q)) == 2 and "makers are invited" in split_question(q)[0].asked
    # a follow-up's context goes to every part
    both = split_standalone(Standalone("bao nhiêu DN và bao nhiêu sản phẩm?", "Hà Nội năm 2022"))
    assert all("Hà Nội năm 2022" in p.context for p in both) and len(both) == 2
    # typed without diacritics, and "ở đâu"; folded "may" of "nhà máy" asks nothing
    assert len(split_question("thu khoa dc bao nhieu diem, hoc truong nao")) == 2
    assert len(split_question("Ca thứ hai mất ngày nào và ở đâu?")) == 2
    assert len(split_question("Nhà máy điện mặt trời, công suất bao nhiêu?")) == 1


def test_per_year_answers_and_comparisons(the_bot):
    r = the_bot.answer(
        "Mục tiêu số doanh nghiệp CNHT của Hà Nội năm 2020, 2021 và 2022 lần lượt là bao nhiêu?"
    )
    assert r.answer.startswith("Tùy năm:") and "năm 2022: khoảng 920" in r.answer
    assert "900" in r.answer  # 2021 (and 2020) targets
    r = the_bot.answer(
        "Mục tiêu số doanh nghiệp CNHT đạt chuẩn quốc tế năm 2022 có cao hơn năm 2020 không?"
    )
    assert r.answer.startswith("Không.") and "300" in r.answer and "400" in r.answer
    r = the_bot.answer("Kế hoạch 267/KH-UBND thu hút bao nhiêu doanh nghiệp và bao nhiêu sản phẩm?")
    assert "20-25" in r.answer and "30-35" in r.answer and len(r.citations) >= 1


def test_the_reader_asks_the_pipeline_for_corroborating_articles():
    # An answerer never retrieves: the reader finds the second article stating a figure only
    # through the search function it is given (the pipeline's BM25 by words).
    from bot.answerers.extractive import ExtractiveAnswerer
    from bot.question.understand import understand
    from bot.records import Hit
    from index.records import Chunk

    def chunk(aid, text):
        return Chunk(f"{aid}:0", aid, text, 0, len(text), 0, f"Bài {aid}")

    first = chunk("a", "Năm 2024, tỉnh Lào Cai đón 7,2 triệu lượt khách du lịch, tăng 12%.")
    second = chunk("b", "Lào Cai đón 7,2 triệu lượt khách du lịch trong năm 2024.")
    question = understand("Năm 2024 Lào Cai đón bao nhiêu lượt khách du lịch?")
    asked = []

    def search(text, n):
        asked.append(text)
        return [second]

    alone = ExtractiveAnswerer().answer(question, [Hit(first, 1.0, 0)])
    reader = ExtractiveAnswerer()
    reader.search = search
    both = reader.answer(question, [Hit(first, 1.0, 0)])
    assert "7,2 triệu" in alone.answer and {c.source for c in alone.citations} == {"a"}
    assert asked and "7,2 triệu" in asked[0]  # the words around the figure found
    assert {c.source for c in both.citations} == {"a", "b"}
