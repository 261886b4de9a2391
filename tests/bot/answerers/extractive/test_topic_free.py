"""Reading news on any topic: times and dates as spans, titles, counted nouns, page furniture,
and the seeds' topic knowledge as an optional file."""

import pytest

from bot.answerers.extractive import ExtractiveAnswerer
from bot.answerers.extractive.claims import Claim, conflicting
from bot.answerers.extractive.constraints import holds_role
from bot.answerers.extractive.evidence import Scorer
from bot.answerers.extractive.units import unit_matches
from bot.config import Config
from bot.lang.dates import when_spans
from bot.lang.glossary import active_domains, glossary, shipped_domains, use_domains
from bot.lang.spans import figures, people
from bot.question.analysis import analyze
from bot.question.followup import said_figures
from bot.question.understand import understand
from bot.records import Hit, Turn
from index.clean import clean_lines
from index.errors import BadInput
from index.records import Chunk


@pytest.mark.parametrize(
    "sentence,sort,spans",
    [
        ("xảy ra vào khoảng 14 giờ 30 phút ngày 2/3 tại tiểu khu 217", None,
         ["khoảng 14 giờ 30 phút ngày 2/3"]),
        ("Từ ngày 18 đến ngày 20/4/2025, tỉnh sẽ mang 70 sản phẩm", None,
         ["Từ ngày 18 đến ngày 20/4/2025"]),
        ("nhà ga sẽ đưa vào khai thác từ quý II/2027.", None, ["từ quý II/2027"]),
        ("Trong 5 tháng đầu năm 2025, kim ngạch đạt", None, ["Trong 5 tháng đầu năm 2025"]),
        ("từ tháng 10 đến tháng 3 năm sau", None, ["từ tháng 10 đến tháng 3 năm sau"]),
        ("về đích sau 2 giờ 58 phút 12 giây", "duration", ["sau 2 giờ 58 phút 12 giây"]),
        ("xuất phát lúc 4h30 sáng 5/6", "time", ["lúc 4h30 sáng 5/6"]),
        # not dates or times: a rota, a rate per hour, a fraction, a decree number
        ("trực 24/24 giờ, 1.100 khách/giờ, 400/900 DN, Nghị định 111/2015/NĐ-CP", None, []),
        # "khi nào" asks a point in time: "sau 21 tháng" is a duration, not one
        ("hòa lưới sau 21 tháng thi công", "point", []),
    ],
)  # fmt: skip
def test_times_dates_and_periods_as_news_writes_them(sentence, sort, spans):
    assert [f.text for f in when_spans(sentence, sort)] == spans


def test_questions_ask_the_sort_of_time():
    assert analyze("Mấy giờ các VĐV bắt đầu xuất phát?").when == "time"
    assert analyze("nước sông lên đỉnh lúc mấy h?").when == "time"
    assert analyze("Nhà vô địch chạy hết bao lâu?").when == "duration"
    assert analyze("What time did the plant connect to the grid?").when == "time"


def test_people_are_introduced_many_ways_and_keep_their_title():
    s = "PGS.TS Phạm Quốc Bảo, Hiệu trưởng nhà trường, cho biết điểm chuẩn ổn định."
    assert people(s)[0].text == "PGS.TS Phạm Quốc Bảo, Hiệu trưởng nhà trường"
    assert people("Phía đội khách, HLV Đặng Quốc Vinh thừa nhận")[0].value == "dang quoc vinh"
    assert people("Thầy Lý Văn Sáng, Hiệu trưởng, chia sẻ")[0].text.startswith("Thầy Lý Văn Sáng")
    # the asked title, deputy or not as asked
    assert holds_role("Ông Đỗ Minh Trí, Tổng giám đốc công ty", ("tong giam doc",))
    assert not holds_role("Ông Lê Văn Bình, Phó Giám đốc Sở", ("giam doc",))
    assert holds_role("Ông Lê Văn Bình, Phó Giám đốc Sở", ("pho giam doc",))


def test_counted_nouns_by_classifier_and_named_before_the_figure():
    q = analyze("Riêng tuần 24 có thêm bao nhiêu ca sốt xuất huyết mới?")
    s = "Riêng tuần 24, toàn tỉnh có thêm 286 ca mắc mới."
    assert [f.value for f in figures(s) if unit_matches(q, s, f)] == ["286"]
    q = analyze("Bệnh viện có tổng cộng bao nhiêu bác sĩ?")
    s = "Bệnh viện tuyển thêm 86 điều dưỡng, nâng tổng số bác sĩ lên 642 người."
    assert [f.value for f in figures(s) if unit_matches(q, s, f)] == ["642"]
    # "how much X" measures X, in X's units (glossary "units": điện in kWh); money only when
    # the question is about money
    assert analyze("How much emergency support did the Prime Minister approve?").head == ("dong",)
    q = analyze("How much electricity per year will the wind farm produce?")
    s = "Nhà máy có 12 tua-bin, mỗi năm phát khoảng 152 triệu kWh lên lưới."
    assert q.head == ("dien",) and [f.value for f in figures(s) if unit_matches(q, s, f)] == ["152"]
    # a figure with its own measure is no count of the noun before it
    q = analyze("Có bao nhiêu trẻ em bị chết?")
    assert not [
        f
        for f in figures("Trẻ em dưới 15 tuổi chiếm 58%.")
        if unit_matches(q, "Trẻ em dưới 15 tuổi chiếm 58%.", f)
    ]


def test_an_article_counts_a_compound_noun_by_its_first_word_or_without_its_classifier():
    def matching(question, sentence):
        q = analyze(question)
        return [f.value for f in figures(sentence) if unit_matches(q, sentence, f)]

    s = "Đến chiều 13/9, thành phố đã tiêm cho 87.612 trẻ, đạt 94%."
    assert matching("TP.HCM đã tiêm vắc xin sởi cho bao nhiêu trẻ em?", s) == ["87.612"]
    s = "Tỉnh điều động 12 xe bồn chở nước, mỗi xe 9 m³."
    assert matching("Người ta điều động mấy chiếc xe bồn?", s) == ["12"]
    s = "Quả chuông nặng 320 kg, cao 1,6 m."
    assert matching("Quả chuông nặng bao nhiêu ký?", s) == ["320"]
    # the figure counts the first word only when it is followed by it
    assert matching("Có bao nhiêu trẻ em?", "Trẻ em dưới 6 tuổi được miễn phí.") == []


def test_a_title_typed_with_diacritics_is_spelled_as_written():
    from bot.lang.names import roles_in

    # "bị thu hồi" folds to "bi thu", as "Bí thư" does
    assert roles_in("Bà Mai bị thu hồi bao nhiêu đất?") == ()
    assert roles_in("Bí thư Tỉnh ủy là ai?") == ("bi thu",)
    assert roles_in("bi thu tinh uy la ai") == ("bi thu",)


def test_bulleted_headline_lists_are_page_furniture_but_an_article_list_is_not():
    lines = [
        "Tiêu đề bài viết về chè",
        "HTX có 65 thành viên, quản lý 120 ha chè Shan tuyết cổ thụ, nhiều cây trên 100 năm tuổi. "
        "Sản phẩm đạt chuẩn OCOP 5 sao năm 2024 và được xuất khẩu sang Đài Loan.",
        "Liên quan",
        "• Hà Giang đón 3,1 triệu lượt khách du lịch năm 2024",
        "• Lễ hội hoa tam giác mạch sẽ diễn ra vào cuối năm tại Đồng Văn",
        "Giá cụ thể từng bậc như sau:",
        "- Bậc 1 (0–50 kWh): 1.984 đồng/kWh",
        "- Bậc 2 (51–100 kWh): 2.050 đồng/kWh",
    ]
    kept = clean_lines(lines, lines[0])
    assert not any("3,1 triệu" in line or line == "Liên quan" for line in kept)
    assert "- Bậc 2 (51–100 kWh): 2.050 đồng/kWh" in kept


def test_a_figure_whose_year_is_unsaid_conflicts_rather_than_splitting_by_year():
    assert conflicting([Claim("3.412", None), Claim("3.560", "2025")])
    assert not conflicting([Claim("900", "2021"), Claim("920", "2022")])


def test_the_seed_topic_is_an_optional_file():
    assert "cnht" in shipped_domains()
    assert Config(domains="none").domain_names == ()
    assert Config(domains="cnht").domain_names == ("cnht",)
    assert Config().domain_names is None  # every shipped file
    try:
        use_domains(())
        assert active_domains() == ()
        assert "CNHT" not in glossary()["abbreviations"]
        assert "UBND" in glossary()["abbreviations"]  # general Vietnamese stays
        assert analyze("bn dn cnht nam 2022").kind == "count"
        use_domains(None)
        assert "CNHT" in glossary()["abbreviations"]
        assert analyze("CNHT là viết tắt của gì?").kind == "define"
        with pytest.raises(BadInput, match="xyz"):
            use_domains(("xyz",))
    finally:
        use_domains(None)


def test_figures_the_question_states_or_letters_name_are_not_answers():
    # "T1", "CO2", "DEN-1" name things; "tỉnh lộ 112" and "trong 6 giờ" are what is asked about
    assert [f.value for f in figures("nhà ga T1 thải 190.000 tấn CO2, chủng DEN-1")] == ["190.000"]
    assert analyze("Nhà ga T1 có tổng vốn bao nhiêu?").facts == ()
    q = analyze("Tỉnh lộ 112 bị sạt lở ở bao nhiêu điểm?")
    s = "Tỉnh lộ 112 bị sạt lở tại 14 điểm, với khoảng 25.000 m³ đất đá."
    scorer = Scorer(q, lambda t: 1.0, lambda a: None, set(), lambda a: None, (), None)
    assert scorer.extract(s)[0].value == "14"


def test_money_is_asked_by_its_nouns_and_a_multiplier_before_a_unit_is_no_money():
    assert analyze("Dự án có tổng vốn bao nhiêu?").kind == "amount"
    assert analyze("Có bao nhiêu thí sinh dự thi?").head == ("thi", "sinh")
    q = analyze("Dự án mở rộng nhà ga có tổng vốn bao nhiêu?")
    s = "Khi dự án hoàn thành, công suất sẽ đạt 18 triệu khách/năm, vốn 2.850 tỷ đồng."
    assert [f.value for f in figures(s) if unit_matches(q, s, f)] == ["2.850"]
    assert analyze("Cả năm xuất khẩu đạt bao nhiêu triệu tấn?").kind == "count"


def test_the_figure_compared_against_belongs_to_the_year_it_names():
    from bot.answerers.extractive.evidence import Scorer

    def answer(question, sentence):
        q = analyze(question)
        scorer = Scorer(q, lambda t: 1.0, lambda a: None, set(), lambda a: None, (), None)
        return scorer.extract(sentence)[0].value

    s = "Toàn tỉnh có 128 bài thi đạt điểm 10, tăng so với 97 bài của năm 2024."
    assert answer("Năm 2024 có bao nhiêu bài thi đạt điểm 10?", s) == "97"
    s = "Ngành Khoa học máy tính lấy 27,85 điểm, tăng 0,65 điểm so với mức 27,2 của năm 2023."
    assert answer("Năm 2023 ngành Khoa học máy tính lấy bao nhiêu điểm?", s) == "27,2"
    from bot.lang.temporal import YEAR_FIT_OTHER, year_fit

    s = "Toàn tỉnh có 43.512 thí sinh dự thi, giảm nhẹ so với mức 99,45% của năm 2024."
    assert year_fit(frozenset({"2025"}), s, [], "2025") > YEAR_FIT_OTHER


def test_a_title_of_another_body_is_not_the_title_asked():
    from bot.answerers.extractive.constraints import other_body, role_body

    asked = role_body("Ai là Giám đốc Trung tâm Ung bướu của Bệnh viện?", ("giam doc",))
    assert other_body("TS Nguyễn Thị Hằng, Giám đốc Bệnh viện Đa khoa", ("giam doc",), asked)
    assert not other_body("BS Phan Văn Lộc, Giám đốc Trung tâm Ung bướu", ("giam doc",), asked)
    asked = role_body("Tổng giám đốc Công ty CP Sa Đéc Xanh tên gì?", ("tong giam doc",))
    assert not other_body("Ông Đỗ Minh Trí, Tổng giám đốc công ty", ("tong giam doc",), asked)


def test_photo_captions_are_known_by_their_shape():
    from bot.lang.spans import is_caption

    assert is_caption("[Ảnh] Phối cảnh nhà ga T1 sau khi mở rộng.")
    assert is_caption("Lực lượng chữa cháy tại hiện trường. (Ảnh: TTXVN)")
    assert not is_caption("Ảnh hưởng của bão số 3 là rất lớn.")
    assert not is_caption("Những bức ảnh: đẹp và hiếm")


def test_a_follow_up_asks_for_another_figure_than_the_one_just_given():
    history = [
        Turn("user", "Giá trị xuất khẩu qua cửa khẩu Lạng Sơn 6 tháng đầu năm là bao nhiêu?"),
        Turn("assistant", "Đạt 1,72 tỷ USD [1]."),
    ]
    assert said_figures(history) == ("1,72",)  # the citation marker is no figure
    text = (
        "Trong 6 tháng đầu năm, giá trị xuất khẩu qua các cửa khẩu Lạng Sơn đạt 1,72 tỷ USD. "
        "Giá trị nhập khẩu đạt 2,63 tỷ USD, tăng 9%."
    )
    hits = [Hit(Chunk("a:0", "a", text, 0, len(text), 0, "Lạng Sơn xuất nhập khẩu"), 1.0, 0)]
    reader = ExtractiveAnswerer()
    question = understand("Còn giá trị nhập khẩu thì sao?", history)
    assert question.resolved and question.parts[0].said == ("1,72",)
    assert "2,63 tỷ USD" in reader.answer(question, hits).answer


@pytest.mark.parametrize(
    "sentence,span",
    [
        ("Từ ngày 17/3 đến hết ngày 21/3, trường tạm ngừng bữa trưa", "Từ ngày 17/3 đến hết ngày 21/3"),
        ("đăng ký trên hệ thống từ ngày 16/7 đến 17h ngày 28/7", "từ ngày 16/7 đến 17h ngày 28/7"),
        ("hành khách được miễn phí đến hết ngày 17/6", "đến hết ngày 17/6"),
    ],
)  # fmt: skip
def test_a_range_of_dates_is_one_span(sentence, span):
    assert [f.text for f in when_spans(sentence)] == [span]


def test_questions_ask_for_a_range_or_an_end():
    from bot.answerers.extractive.evidence import Scorer

    q = analyze("Kỳ họp kéo dài từ ngày nào đến ngày nào?")
    assert q.when == "range"
    assert analyze("Thí sinh đăng ký nguyện vọng trong khoảng thời gian nào?").when == "range"
    until = analyze("Đợt miễn phí vé kéo dài đến hết ngày nào?")
    assert until.when == "until"
    s = "Xe buýt chạy thử từ ngày 19/5, miễn phí đến hết ngày 17/6."
    found = Scorer(until, lambda t: 1.0, lambda a: None, set()).extract(s)[0]
    assert found is not None and found.text == "đến hết ngày 17/6"
