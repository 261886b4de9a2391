"""The checker's grounding of a chat model's reply (grounding.py, through verify.check_reply):
replies without markers given their passages, names and units a claim's passages must state,
and questions whose place or plan no passage mentions."""

from __future__ import annotations

import pytest

from bot.answerers.generative import passages
from bot.answerers.generative.verify import check_reply
from bot.messages import message
from bot.question.understand import understand
from bot.records import Hit
from index.records import Chunk

REFUSAL = message("refusal")
HANOI = (
    "Năm 2022, Hà Nội đặt mục tiêu có khoảng 920 doanh nghiệp hoạt động. "
    "Tỷ trọng đạt 9,78% giá trị sản xuất."
)
FAIR = "Mỗi đơn vị tham gia hội chợ quốc tế được hỗ trợ 150 triệu đồng, cho 30-35 đơn vị."
SAIGON = "TP.HCM có 1.500 doanh nghiệp cơ khí, theo Sở Công Thương thành phố."


def hit(n: int, text: str, title: str) -> Hit:
    chunk = Chunk(f"a{n}-0", f"a{n}.txt", text, 0, len(text), 0, title, None)
    return Hit(chunk, 1.0 / n, n)


def sent(*texts: tuple[str, str]) -> list[passages.Passage]:
    hits = [hit(n, text, title) for n, (text, title) in enumerate(texts, 1)]
    return passages.fit(hits, 10_000).passages


SEEDS = sent((HANOI, "Kế hoạch 35/KH-UBND của Hà Nội"), (FAIR, "Hội chợ"))


def check(reply: str, question: str | None = None, given=SEEDS):
    return check_reply(reply, given, REFUSAL, understand(question) if question else None)


# -- a reply without markers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "question", "text"),
    [
        (
            "Có khoảng 920 doanh nghiệp.",
            "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp?",
            "Có khoảng 920 doanh nghiệp [1].",
        ),
        (
            "Mỗi đơn vị được hỗ trợ 150 triệu đồng. Có 30-35 đơn vị tham gia",
            "Hỗ trợ bao nhiêu?",
            "Mỗi đơn vị được hỗ trợ 150 triệu đồng [2]. Có 30-35 đơn vị tham gia [2]",
        ),
        (  # an English reply shares figures with the passage, not words
            "Each unit gets 150 million dong.",
            "How much support does each unit get?",
            "Each unit gets 150 million dong [2].",
        ),
    ],
)
def test_a_reply_without_markers_is_given_the_passage_stating_it(reply, question, text):
    checked = check(reply, question)
    assert checked.problem is None and checked.text == text and not checked.warnings
    assert checked.citations and all(c.quote in HANOI + FAIR for c in checked.citations)


@pytest.mark.parametrize(
    "reply",
    [
        "Có khoảng 9999 doanh nghiệp.",  # no passage states the figure
        "Hà Nội đặt mục tiêu về doanh nghiệp năm 2022.",  # the question said back
        "Có 920 doanh nghiệp. Giá vàng lập kỷ lục.",  # one sentence from nowhere
    ],
)
def test_a_reply_no_passage_states_stays_uncited(reply):
    checked = check(reply, "Năm 2022 Hà Nội đặt mục tiêu gì về doanh nghiệp?")
    assert checked.problem == message("llm_uncited")


@pytest.mark.parametrize(
    ("reply", "text"),
    [
        (
            "Mỗi đơn vị được hỗ trợ 150 triệu đồng [1].",
            "Mỗi đơn vị được hỗ trợ 150 triệu đồng [2].",
        ),
        ("[2] Có khoảng 920 doanh nghiệp.", "Có khoảng 920 doanh nghiệp [1]."),  # marker first
        ("Hỗ trợ 150 triệu đồng, có 920 doanh nghiệp [2].", None),  # no one passage: flagged
    ],
)
def test_a_claim_citing_the_wrong_passage_is_given_the_right_one(reply, text):
    checked = check(reply, "Hỗ trợ bao nhiêu và có bao nhiêu doanh nghiệp?")
    if text:
        assert checked.text == text and not checked.warnings
    else:
        assert checked.text == reply and "920" in checked.warnings[0]


# -- a claim's names and units ----------------------------------------------------------------


def test_a_place_the_cited_passage_does_not_name_is_flagged():
    checked = check("TP.HCM có khoảng 920 doanh nghiệp [1].")
    assert checked.warnings == [message("llm_place_unsupported", place="TP.HCM", refs="[1]")]
    assert not check("Hà Nội có khoảng 920 doanh nghiệp [1].").warnings
    assert not check("Hanoi targets about 920 firms [1].").warnings  # an English alias


def test_a_person_the_cited_passage_does_not_name_is_flagged():
    checked = check("Ông Nguyễn Văn An cho biết có 920 doanh nghiệp [1].")
    assert checked.warnings == [message("llm_name_unsupported", name="Nguyễn Văn An", refs="[1]")]


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        ("Mỗi đơn vị được hỗ trợ 150 triệu đồng [2].", []),
        ("Each unit gets 150 million dong [2].", []),
        ("Mỗi đơn vị được hỗ trợ 150 tỷ đồng [2].", [("150 tỷ", "150 triệu")]),
        ("Tỷ trọng đạt 9,78 triệu [1].", [("9,78 triệu", "9,78%")]),
        ("Có 150 doanh nghiệp tham gia [2].", []),  # a dropped unit is not a wrong one
    ],
)
def test_a_figure_must_carry_the_unit_its_passage_gives(reply, flagged):
    said = [w for w in check(reply).warnings if "đơn vị với" in w]
    expected = [
        message("llm_unit_mismatch", figure=f, stated=s, refs=reply[-4:-1]) for f, s in flagged
    ]
    assert said == expected


# -- the question's constraints --------------------------------------------------------------


def test_a_place_no_passage_mentions_gives_the_refusal():
    checked = check("Khoảng 920 doanh nghiệp [1].", "TP.HCM đặt mục tiêu bao nhiêu doanh nghiệp?")
    assert checked.refused and checked.text == REFUSAL and not checked.citations
    assert checked.warnings[0] == message("llm_constraint_refused", what="TP.HCM")
    plan = check("Khoảng 920 doanh nghiệp [1].", "Kế hoạch 99/KH-UBND đặt mục tiêu bao nhiêu DN?")
    assert plan.refused and "99" in plan.warnings[0]
    assert not check("Khoảng 920 doanh nghiệp [1].", "Hà Nội đặt mục tiêu bao nhiêu DN?").warnings


def test_a_place_only_an_uncited_passage_mentions_is_flagged_not_refused():
    given = sent((HANOI, "Doanh nghiệp Hà Nội"), (SAIGON, "Cơ khí"))
    checked = check("Khoảng 920 doanh nghiệp [1].", "TP.HCM có bao nhiêu doanh nghiệp?", given)
    assert not checked.refused and checked.text == "Khoảng 920 doanh nghiệp [1]."
    assert checked.warnings == [message("llm_constraint_uncited", what="TP.HCM", refs="[1]")]
    right = check("TP.HCM có 1.500 doanh nghiệp [2].", "TP.HCM có bao nhiêu doanh nghiệp?", given)
    assert not right.warnings and not right.refused


PEOPLE = sent(
    ("Phó Giám đốc Sở Công Thương Đàm Tiến Thắng cho biết có 920 doanh nghiệp.", "Hà Nội"),
    ("Kế hoạch 35/KH-UBND được ban hành ngày 10/2/2022.", "Kế hoạch của Hà Nội"),
)


@pytest.mark.parametrize(
    ("question", "reply", "said"),
    [
        ("Kế hoạch nào của Hà Nội đặt mục tiêu 920 doanh nghiệp?", "UBND Hà Nội [2].",
         message("llm_kind_missing", what=message("llm_what_plan"))),
        ("Kế hoạch nào của Hà Nội đặt mục tiêu 920 doanh nghiệp?", "Kế hoạch 35/KH-UBND [2].",
         None),
        ("Hà Nội có bao nhiêu doanh nghiệp?", "Sở Công Thương Hà Nội cho biết [1].",
         message("llm_kind_missing", what=message("llm_what_figure"))),
        ("Hà Nội có bao nhiêu trường học?", "Có 920 doanh nghiệp [1].",
         message("llm_head_missing", head="truong hoc")),
        ("Kế hoạch 35/KH-UBND ban hành khi nào?", "Kế hoạch 35/KH-UBND được ban hành [2].",
         message("llm_kind_missing", what=message("llm_what_when"))),
        ("Kế hoạch 35/KH-UBND ban hành khi nào?", "Ngày 10/2/2022 [2].", None),
        ("Giám đốc Sở Công Thương Hà Nội là ai?", "Phó Giám đốc Đàm Tiến Thắng [1].",
         message("llm_role_mismatch", asked="Giám đốc", said="Phó Giám đốc")),
    ],
)  # fmt: skip
def test_a_reply_must_give_the_kind_of_thing_asked(question, reply, said):
    checked = check(reply, question, PEOPLE)  # else it answers another question: falls back
    assert checked.problem == said and not checked.warnings


def test_how_long_or_how_often_is_not_answered_by_a_point_in_time():
    fair = sent(("Hội chợ được tổ chức thường niên, lần này vào năm 2022 tại Hà Nội.", "Hội chợ"))
    question = "Hội chợ được tổ chức bao lâu một lần?"
    point = check("Hội chợ được tổ chức bao lâu một lần là năm 2022 [1].", question, fair)
    assert point.problem == message("llm_kind_missing", what=message("llm_what_duration"))
    assert check("Hội chợ được tổ chức thường niên [1].", question, fair).problem is None


def test_a_title_the_passages_never_give_the_person_is_flagged():
    checked = check("Giám đốc Sở Công Thương Đàm Tiến Thắng cho biết [1].", None, PEOPLE)
    role = message("llm_role_unsupported", name="Đàm Tiến Thắng", role="Giám đốc", refs="[1]")
    assert checked.warnings == [role]
    assert not check("Phó Giám đốc Đàm Tiến Thắng cho biết [1].", None, PEOPLE).warnings
