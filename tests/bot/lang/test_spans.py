"""Span extraction and years on crafted sentences: the answer is the article's own words."""

from bot.lang.dates import when_spans
from bot.lang.spans import figures, list_items, named_items, people, plan_refs
from bot.lang.temporal import article_year, claim_year, topic_years, year_fit


def test_figures_keep_vietnamese_formats_and_skip_years_and_references():
    s = (
        "Theo Kế hoạch số 35/KH-UBND năm 2022, có khoảng 920 doanh nghiệp, 400/900 doanh "
        "nghiệp, tăng trên 12 % , đạt từ 9,78 - 10,79% năm, hàng nghìn hecta, "
        "150 triệu đồng/đơn vị, Nghị định 111/2015/NĐ-CP."
    )
    got = [(f.text, f.value) for f in figures(s)]
    assert got == [
        ("khoảng 920", "920"),
        ("trên 12 %", "12%"),
        ("đạt từ 9,78 - 10,79%", "9,78-10,79%"),
        ("hàng nghìn", "hàngnghìn"),
        ("150 triệu đồng/đơn vị", "150"),
    ]


def test_plan_references_people_periods_lists():
    s = "UBND vừa ban hành Kế hoạch số 267/KH-UBND và sửa Nghị định 111/2015/NĐ-CP."
    assert [f.text for f in plan_refs(s)] == ["Kế hoạch số 267/KH-UBND", "Nghị định 111/2015/NĐ-CP"]
    s = "Ông Phạm Tuấn Anh, Phó Cục trưởng Cục Công nghiệp (Bộ Công Thương) cho biết, ..."
    assert people(s)[0].text == "Ông Phạm Tuấn Anh, Phó Cục trưởng Cục Công nghiệp (Bộ Công Thương)"
    s = "Phó Giám đốc Sở Công thương Hà Nội Đàm Tiến Thắng nhấn mạnh"
    assert people(s, {"Đàm Tiến Thắng"})[0].text == s.removesuffix(" nhấn mạnh")
    s = "giai đoạn 2020-2025; trong 1-2 năm tới; ngày 29/12/2021"
    assert [f.text for f in when_spans(s)] == [
        "giai đoạn 2020-2025",
        "trong 1-2 năm tới",
        "ngày 29/12/2021",
    ]
    s = "bao gồm 3 lĩnh vực là: Sản xuất linh kiện, công nghệ cao và dệt may (xem thêm)."
    assert list_items(s) == ["Sản xuất linh kiện", "công nghệ cao", "dệt may"]
    s = "phối hợp với các Sở Tài Chính, Sở Lao động, Thương binh và Xã hội"
    assert named_items(s, "so") == ["Sở Tài Chính", "Sở Lao động, Thương binh và Xã hội"]


def test_years_a_sentence_is_about():
    assert topic_years("tăng 10-12% so với năm 2021 trong năm 2022") == {"2022"}
    assert topic_years("giai đoạn 2016 - 2020 và Nghị định 111/2015/NĐ-CP") == set()
    assert article_year("Phấn đấu hết năm 2020", "năm 2020 ... năm 2019 ... năm 2020") == "2020"
    asked = frozenset({"2022"})
    assert year_fit(asked, "Năm 2022 có 920 DN.", [], None) == 1.0
    assert year_fit(asked, "Năm 2021 có 900 DN.", [], "2022") == 0.3
    # a sentence naming no year takes it from the one before it, then from the article
    assert year_fit(asked, "Giá trị chiếm 16%.", ["Năm 2021, mục tiêu 900 DN."], "2022") == 0.3
    assert year_fit(asked, "Giá trị chiếm 16%.", [], "2022") == 0.85
    assert claim_year("Giá trị chiếm 16%.", ["Năm 2021, mục tiêu 900 DN."], "2022") == "2021"
