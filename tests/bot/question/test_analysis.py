"""Question analysis on small crafted questions: kind, head noun, constraints, spelling."""

import pytest

from bot.lang.english import is_english, translate_terms
from bot.lang.names import places_in, plan_numbers, roles_in
from bot.lang.spelling import correct_typos, expand_shorthand
from bot.question.analysis import analyze
from index.vntext import is_wellformed


@pytest.mark.parametrize(
    ("question", "kind", "head"),
    [
        ("Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp?", "count", ("doanh", "nghiep")),
        ("nam 2022 ha noi co bao nhieu dn cnht", "count", ("doanh", "nghiep")),
        ("Chiếm bao nhiêu phần trăm giá trị sản xuất?", "percent", ("%",)),
        ("Mỗi đơn vị được hỗ trợ bao nhiêu tiền?", "amount", ("tien",)),
        ("Hà Nội khởi công mấy cụm công nghiệp?", "count", ("cum", "cong")),
        ("How many industrial clusters will Hanoi start?", "count", ("cum", "cong")),
        ("What share of output is supporting industry?", "percent", ("%",)),
        ("Ai là Phó Giám đốc Sở Công Thương?", "who", ()),
        ("Kế hoạch số mấy?", "plan", ()),
        ("Chương trình được phê duyệt cho giai đoạn nào?", "when", ()),
        ("Kể tên các lĩnh vực chủ chốt", "list", ()),
        ("CNHT là viết tắt của gì?", "define", ()),
        ("Năm 2022 Hà Nội khởi công 50 cụm công nghiệp, đúng không?", "yesno", ("cum", "cong")),
    ],
)
def test_kind_and_head(question, kind, head):
    q = analyze(question)
    assert q.kind == kind and q.head == head


def test_machine_in_a_question_is_not_how_many():
    # "máy" folds to "may" like "mấy"; spelled with diacritics it is a machine
    assert analyze("Ảnh chụp sản xuất phụ tùng xe máy tại công ty nào?").kind != "count"


def test_constraints_years_places_roles_plans_figures():
    q = analyze(
        "Giám đốc Sở Công Thương TP.HCM nói gì về Kế hoạch 35/KH-UBND năm 2030, 16% hay 10%?"
    )
    assert q.years == {"2030"}
    assert q.places == ("ho chi minh",)
    assert q.roles == ("giam doc",)
    assert q.plan_refs == ("35",)
    assert q.figures == ("16%", "10%") and q.agreement
    assert roles_in("Phó GĐ Sở Công thương") == ("pho giam doc",)
    assert set(places_in("hanoi and da nang")) == {"ha noi", "da nang"}
    assert plan_numbers("kh 267 ban hành ngày nào") == ("267",)


def test_periods_are_not_asked_years_and_actual_results_are_flagged():
    assert analyze("Chương trình giai đoạn 2020-2025 gồm gì?").years == frozenset()
    assert analyze("Thực tế đến hết năm 2021 Hà Nội đã có bao nhiêu doanh nghiệp?").actual


def test_verb_and_qualifier_say_which_figure_is_asked():
    q = analyze("Chỉ số phát triển công nghiệp hỗ trợ năm 2022 tăng bao nhiêu?")
    assert q.verb == "tang"
    q = analyze("Hà Nội muốn có bao nhiêu doanh nghiệp đạt tiêu chuẩn quốc tế?")
    assert q.qualifier[:3] == ("dat", "tieu", "chuan")


def test_unit_asked_is_not_a_topic_term():
    terms = analyze("Giá vàng lập kỷ lục bao nhiêu triệu đồng?").terms
    assert not any("triệu" in t or "đồng" in t for t in terms)


def test_english_detection_by_syllable_shape():
    assert is_english("hanoi trade fair support per company?")
    assert is_english("What did Đàm Tiến Thắng call it?")  # a Vietnamese name inside English
    assert not is_english("ha noi co bao nhieu dn cnht")
    assert not is_english("ke hoach do ai chu tri")


def test_shorthand_and_typos():
    assert expand_shorthand("hn có bn dn vs cty ko") == "hn có bao nhiêu dn với công ty không"
    vocabulary = {"nghiep": 40, "doanh": 40, "vang": 0}
    assert correct_typos("doanh ngiệp", vocabulary) == "doanh nghiep"
    assert correct_typos("daonh nghiệp", vocabulary) == "doanh nghiệp"
    # a well-formed syllable the corpus lacks is not "corrected" into an on-topic one
    assert correct_typos("giá vàng", {"vang": 3, "van": 9}) == "giá vàng"
    assert is_wellformed("nghieng") and not is_wellformed("ngiep") and not is_wellformed("support")


def test_people_named_by_family_name_without_ong_ba():
    from bot.lang.spans import person_names

    text = (
        "Phó Giám đốc Sở Công thương Hà Nội Đàm Tiến Thắng cho biết. HLV Nguyễn Thành Công "
        "nói. Em Trần Thị Khánh Linh đạt 29,5 điểm. Trường THPT chuyên Phan Bội Châu. "
        "TP Hồ Chí Minh có 14 ga."
    )
    assert person_names(text) == {"Đàm Tiến Thắng", "Nguyễn Thành Công", "Trần Thị Khánh Linh"}


def test_english_names_places_and_codes_are_matched_not_translated():
    # "Dong" of Dong Thap is no "đồng" (money), "Song" of Song Hong no "ca khúc"
    q = analyze("How many mango growing-area codes for export does Dong Thap province have?")
    assert q.places == ("dong thap",)
    assert "~dong_thap" in q.terms and "đồng" not in q.terms
    q = analyze("Who coached hai phong in the final against Song Hong?")
    assert "ca khúc" not in translate_terms("Who coached Song Hong?")
    assert {"~hai_phong", "~song_hong"} <= set(q.terms)
    # a possessive is no part of the name; acronyms and brands are written the same in
    # Vietnamese text; function words are not evidence the glossary failed to translate
    q = analyze("How much did FarmiQ's loss narrow from 2023, according to EVN's report?")
    assert {"~farmiq", "~evn"} <= set(q.terms)
    assert not {"en:farmiq's", "en:from", "en:according"} & set(q.terms)
    assert analyze("What was Nghe An's average exam score?").places == ("nghe an",)


def test_why_questions_ask_for_a_reason_and_the_prime_minister_is_a_title():
    assert analyze("Vì sao dự án bị chậm tiến độ?").cause
    assert analyze("Why was the metro line delayed?").cause
    assert not analyze("Dự án chậm tiến độ bao nhiêu tháng?").cause
    assert analyze("How much aid did the Prime Minister approve?").roles == ("thu tuong",)
    assert analyze("Phó Thủ tướng đã chỉ đạo gì?").roles == ("pho thu tuong",)
