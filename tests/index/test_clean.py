"""One test per boilerplate rule, on lines taken from real pages, plus the seeds end to end."""

from index import clean
from index.loader import load_file, parse_article


def test_tail_marker_cuts_related_news_after_body():
    body = "A" * 250
    lines = ["Tiêu đề", body, "Nên xem", "Bắt hai đối tượng bán mật gấu giả", "Tin khác", "X"]
    assert clean.cut_tail(lines) == ["Tiêu đề", body]


def test_tail_marker_before_body_drops_only_itself():
    body = "B" * 250
    assert clean.cut_tail(["Tiêu đề", "Xem thêm", body]) == ["Tiêu đề", body]


def test_tail_marker_variants():
    assert clean.is_tail_marker("Xem thêm»")
    assert clean.is_tail_marker("Có thể bạn quan tâm")
    assert not clean.is_tail_marker("Xem thêm chi tiết kế hoạch tại đây")


def test_dated_headline_list_is_dropped():
    lines = [
        "Đoạn văn của bài.",
        "Hà Nội: Tuyên dương 68 người con hiếu thảo",
        "Nhịp sống Thủ đô 23/11/2024 21:39",
    ]
    assert clean.drop_dated_headline_lists(lines) == ["Đoạn văn của bài."]


def test_dateline_share_qr_photo_lines():
    assert clean.is_dateline("Thứ sáu 26/04/2024 17:37")
    assert clean.is_dateline("29/12/2021 9:18:45 SA")
    assert not clean.is_dateline("Ngày 29/12/2021, UBND ban hành kế hoạch.")
    assert clean.is_share_or_tag("Share Bai :")
    assert clean.is_share_or_tag("• Tags:")
    assert clean.is_qr_or_mobile("Mở Zalo, bấm quét QR để quét và xem trên điện thoại")
    assert clean.is_qr_or_mobile("Phiên bản di động")
    assert clean.is_qr_or_mobile("Theo dõi Pháp luật & Xã hội trên")
    assert clean.is_photo_credit("Ảnh minh họa. Nguồn Internet")
    assert clean.is_photo_credit("Ảnh minh họa. |")
    assert not clean.is_photo_credit("Ảnh hưởng của dịch Covid-19 tới doanh nghiệp.")


def test_link_fragment_and_slug_prefixed_lines():
    assert clean.is_link_fragment("Việt Nam - Nhật Bản tăng cường kết nối doanh nghiệp |")
    title = "Hà Nội: Phấn đấu hết năm 2020 có 400 doanh nghiệp đạt tiêu chuẩn quốc tế"
    alt = "ha noi phan dau het nam 2020 co 400 doanh nghiep dat tieu chuan quoc te Chủ tịch Hà Nội yêu cầu giảm họp"
    assert clean.is_slug_prefixed(alt, title)
    assert not clean.is_slug_prefixed(title, title)


def test_caption_printed_twice_kept_once():
    cap = "Sản xuất phụ tùng xe máy tại Công ty TNHH Cơ khí Mạnh Quang (huyện Thanh Trì)."
    assert clean.drop_repeats([cap, cap, "Khác."]) == [cap, "Khác."]


def test_seeds_keep_article_and_lose_sidebars(seeds_dir):
    sidebar = [
        "Man City",
        "Giá vàng",
        "khí cười",
        "Thanh Hóa",
        "Phiên bản di động",
        "quét",
        "Tin khác",
        "Nhịp sống Thủ đô",
    ]
    for path in sorted(seeds_dir.glob("*.txt")):
        article = load_file(path)
        for s in sidebar:
            assert s not in article.text, (path.name, s)
        assert len(article.text) > 1500
    a = load_file(seeds_dir / "000_b948209b1d8cc5f8.txt")
    assert "khoảng 920 doanh nghiệp" in a.text


def test_metadata_title_date_outlet(seeds_dir):
    a2 = load_file(seeds_dir / "002_b3eb9330f266bca6.txt")
    assert a2.title == "Hỗ trợ sản phẩm được công nhận sản phẩm công nghiệp chủ lực"
    assert a2.date == "2021-12-29"
    a3 = load_file(seeds_dir / "003_a41c39d02442ed5f.txt")
    assert a3.title == "Hà Nội: Phát triển công nghệ hỗ trợ là giải pháp đột phá"
    assert a3.date == "2024-04-26"
    assert a3.outlet == "Pháp luật và Xã hội"
    assert load_file(seeds_dir / "000_b948209b1d8cc5f8.txt").outlet == "baochinhphu.vn"


def test_nfd_input_is_normalized():
    a = parse_article("x.txt", "Ha\u0300 No\u0323\u0302i tie\u0302u đe\u0302\u0300\nNội dung.")
    assert "Hà Nội" in a.title


def test_related_block_in_the_middle_keeps_the_article_after_it():
    para = "Đoạn văn của bài báo, đủ dài để là một đoạn văn thật sự với nhiều chữ và dấu chấm. " * 3
    lines = [
        "Tiêu đề",
        para + "Một.",
        "Tin liên quan",
        "- Đại học Vinh công bố điểm sàn 2025: từ 15 đến 19 điểm",
        "Thanh Hóa có 3 thủ khoa toàn quốc năm 2025",
        "Tiêu đề phụ",
        para + "Hai.",
        para + "Ba.",
        "Tin cùng chuyên mục",
        "Quảng Ngãi tuyển 620 giáo viên mầm non 16/07/2025 09:15",
        para + "Một đoạn giới thiệu tin khác.",
        "Tin khác nữa",
    ]
    kept = clean.cut_tail(lines)
    assert kept == ["Tiêu đề", para + "Một.", para + "Hai.", para + "Ba."]


def test_menus_and_breadcrumbs_are_navigation():
    assert clean.is_navigation("Thời sự  Kinh tế  Giáo dục  Pháp luật  Video")
    assert clean.is_navigation("Trang chủ / Kinh tế địa phương / Đầu tư")
    assert clean.is_navigation("Giáo dục | Tuyển sinh")
    assert not clean.is_navigation("Thí sinh nộp đơn từ ngày 16/7 đến hết ngày 25/7/2025.")
    assert not clean.is_navigation("Việt Nam - Nhật Bản tăng cường kết nối doanh nghiệp")


def test_title_is_the_first_line_that_reads_like_a_headline():
    text = (
        "tinnhanhbactrungbo.vn\nThời sự  Kinh tế  Giáo dục  Video\nGiáo dục | Tuyển sinh\n"
        "CỔNG TIN KINH TẾ\nThứ tư, 16/07/2025 - 14:20\n"
        "Nghệ An: Tỷ lệ tốt nghiệp THPT năm 2025 đạt 99,34%\nNội dung bài báo."
    )
    a = parse_article("x.txt", text)
    assert a.title == "Nghệ An: Tỷ lệ tốt nghiệp THPT năm 2025 đạt 99,34%"
    assert "Kinh tế  Giáo dục" not in a.text and "Tuyển sinh" not in a.text
    assert a.date == "2025-07-16"


def test_datelines_of_other_layouts():
    for line in (
        "Chủ nhật, 09/11/2025 21:47 (GMT+7)",
        "Cập nhật: 10:42, 10/10/2024",
        "05/05/2025 19:20 GMT+7",
    ):
        assert clean.is_dateline(line), line
