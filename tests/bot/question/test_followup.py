"""Follow-up resolution by rules, on crafted conversations."""

from bot.question.followup import Standalone, resolve
from bot.records import Turn

Q2022 = "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"


def resolved(question, history):
    """The standalone question as retrieval reads it (context written out)."""
    return str(resolve(question, history))


def conversation(*pairs):
    turns = []
    for q, a in pairs:
        turns += [Turn("user", q), Turn("assistant", a)]
    return turns


def test_year_is_swapped_into_the_previous_question():
    history = conversation((Q2022, "Khoảng 920 doanh nghiệp [1]."))
    assert resolved("Còn năm 2020 thì sao?", history) == Q2022.replace("2022", "2020")
    assert resolved("What about 2021?", history) == Q2022.replace("2022", "2021")


def test_chains_of_follow_ups_keep_the_thread():
    history = conversation((Q2022, "Khoảng 920 [1]."), ("Còn năm 2020?", "Khoảng 900 [1]."))
    assert resolved("Còn năm 2021?", history) == Q2022.replace("2022", "2021")


def test_anaphora_is_replaced_by_what_it_points_to():
    history = conversation(("Kế hoạch 267/KH-UBND đặt chỉ tiêu gì?", "30-35 sản phẩm [1]."))
    got = resolved("Kế hoạch đó do cơ quan nào chủ trì?", history)
    assert got.startswith("Kế hoạch 267/KH-UBND do cơ quan nào chủ trì?")
    history = conversation(("Ai là Phó Cục trưởng?", "Ông Phạm Tuấn Anh, Phó Cục trưởng [1]."))
    assert resolved("Ông ấy nói gì về nghị định?", history).startswith("Ông Phạm Tuấn Anh nói gì")


def test_a_new_subject_keeps_the_previous_ask_and_setting():
    history = conversation(("Hết năm 2020 CNHT chiếm bao nhiêu % giá trị sản xuất?", "18% [1]."))
    got = resolve("Thế còn mức tăng chỉ số phát triển thì sao?", history)
    assert got.asked == "mức tăng chỉ số phát triển bao nhiêu %?" and "2020" in got.context
    # written out for retrieval and the page, the context follows a marker
    assert str(got) == f"{got.asked} (ngữ cảnh: {got.context})"
    assert str(Standalone("Câu hỏi?")) == "Câu hỏi?"


def test_standalone_questions_are_left_alone():
    q = "Kế hoạch 267/KH-UBND đặt chỉ tiêu bao nhiêu sản phẩm công nghiệp chủ lực được công nhận?"
    assert resolved(q, conversation((Q2022, "920 [1]."))) == q
    assert resolved("Còn năm 2020?", []) == "Còn năm 2020?"


def test_a_year_counted_from_the_previous_question():
    # "năm trước đó", "cùng kỳ mùa khô năm trước", "the year before": one year earlier than asked
    history = conversation(("Năm 2023 Ninh Thuận sản xuất được bao nhiêu điện?", "7,9 tỷ kWh [1]."))
    assert resolved("Còn năm trước đó thì bao nhiêu?", history) == (
        "Năm 2022 Ninh Thuận sản xuất được bao nhiêu điện?"
    )
    history = conversation(
        ("Từ đầu mùa khô 2024-2025 Đắk Lắk có bao nhiêu vụ cháy rừng?", "27 vụ.")
    )
    assert resolved("Cùng kỳ mùa khô năm trước thì thế nào?", history) == (
        "Từ đầu mùa khô 2023-2024 Đắk Lắk có bao nhiêu vụ cháy rừng?"
    )
    history = conversation(("How many visitors did Ninh Binh receive in 2023?", "5.2 million."))
    assert resolved("What about the year before?", history).endswith("in 2022?")


def test_a_pupil_or_a_person_typed_without_diacritics_is_who_the_anaphor_means():
    from bot.question.followup import replace_anaphora

    answer = "Thủ khoa là em Nguyễn Đức Minh, học sinh Trường THPT chuyên Phan Bội Châu."
    # the pupil named, not the school's namesake named after him
    assert (
        replace_anaphora("Bạn ấy định học ngành gì?", "Thủ khoa là ai?", answer)
        == "Bạn Nguyễn Đức Minh định học ngành gì?"
    )
    assert "Nguyễn Văn An" in replace_anaphora(
        "ong ay noi gi", "Ai là Giám đốc Sở?", "Ông Nguyễn Văn An, Giám đốc Sở."
    )
