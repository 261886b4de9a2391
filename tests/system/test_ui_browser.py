"""The web page in a real browser: `hoidap serve` in a subprocess, driven by Playwright + Chromium.

Needs `pip install playwright` (the dev extra) and a system Chromium at /usr/bin/chromium;
no browser is ever downloaded. Screenshots go to tests/artifacts/ (not committed).
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.devtools.serving import free_port, serve_command

CHROMIUM = "/usr/bin/chromium"
pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])"
)
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
Q920 = "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"
TIMEOUT_MS = 20_000
EXAMPLE = "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"


@pytest.fixture(scope="module")
def llm():
    """A scripted OpenAI-compatible server the page's LLM answerer talks to."""
    sys.path.insert(0, str(ROOT / "tests"))
    from llm_server import LLMServer

    srv = LLMServer().start()
    yield srv
    srv.shutdown()


@pytest.fixture(scope="module")
def server(home, llm):
    port = free_port()
    env = os.environ | {
        "OPENAI_BASE_URL": llm.url + "/v1",
        "PYTHONPATH": str(ROOT),
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    cmd = serve_command(home, port)
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            pytest.fail(f"hoidap serve exited: {proc.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("hoidap serve did not answer within 90 s")
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server)
    page.wait_for_selector("#question textarea")
    yield page
    page.close()


def ask(page, question: str) -> str:
    """Send a question and return the text of the new assistant message."""
    bots = page.locator("#chat [data-testid='bot']")
    before = bots.count()
    page.fill("#question textarea", question)
    page.click("#send")
    wait_answered(page, before)
    return bots.nth(before).inner_text()


def wait_answered(page, before: int) -> None:
    """Wait for message number `before` to appear and finish streaming (no trailing '…')."""
    page.wait_for_function(
        """n => { const bots = document.querySelectorAll("#chat [data-testid='bot']");
                 return bots.length > n && !bots[n].innerText.trim().endsWith('…'); }""",
        arg=before,
    )


def test_answer_evidence_followup_feedback_and_screenshots(page, home):
    page.wait_for_selector("#corpus-header :text('5 bài báo, đăng từ ')")
    answer = ask(page, Q920)
    assert "920" in answer
    page.wait_for_selector("#evidence #src-1 mark")
    assert "920" in page.inner_text("#evidence #src-1 mark")
    page.click("#chat a[href='#src-1']")  # the marker jumps to its panel entry
    assert page.evaluate("location.hash") == "#src-1"
    page.click("#settings button")  # the settings accordion
    page.click("#show-scores input")
    page.wait_for_selector("#evidence .scores")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "ui-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    assert "900" in ask(page, "Còn năm 2020 thì sao?")

    feedback = home / "feedback.jsonl"
    comment = f"kiểm thử trình duyệt {time.time()}"
    page.fill("#comment textarea", comment)
    page.click("#thumbs-down")
    page.wait_for_selector("#feedback-note :text('Đã ghi nhận')")
    lines = [json.loads(x) for x in feedback.read_text("utf-8").splitlines()]
    mine = [x for x in lines if x["comment"] == comment]
    assert len(mine) == 1 and mine[0]["rating"] == "down" and "900" in mine[0]["answer"]
    assert mine[0]["question"] == "Còn năm 2020 thì sao?" and mine[0]["citations"]

    page.click("#new-chat")
    page.wait_for_function("!document.querySelector(\"#chat [data-testid='bot']\")")
    assert page.locator("#evidence mark").count() == 0


@pytest.mark.parametrize(
    "question", ["<script>alert(1)</script> là gì?", "<img src=x onerror=alert(1)> *đậm*"]
)
def test_markup_in_a_question_shows_literally(page, question):
    ask(page, question)
    page.wait_for_timeout(300)  # give an injected handler the chance to fire
    assert page.dialogs == []
    assert question in page.locator("#chat [data-testid='user']").last.inner_text()
    assert page.locator("#chat img[src='x'], #chat script").count() == 0


def test_api_ask_endpoint(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    data = client.predict(Q920, [], api_name="/ask")
    assert "920" in data["answer"] and data["citations"][0]["quote"]
    assert set(client.predict("", [], api_name="/ask")) == {"error"}


ARTICLE = ROOT / "tests" / "data" / "thu_nghiem_777.txt"
Q777 = "Rau thủy canh trên mái nhà được hỗ trợ bao nhiêu?"


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def screenshots(page, name: str) -> None:
    """Full-page shots at 1280 and 390 px; the narrow one must not scroll sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def upload(page, *paths) -> str:
    page.set_input_files("#upload input[type=file]", [str(p) for p in paths])
    page.wait_for_selector("#doc-message :text-matches('Đã thêm|Không tải lên')")
    return page.inner_text("#doc-message")


def test_documents_upload_answer_delete_refuse(page, home):
    open_tab(page, "Tài liệu")
    assert page.locator("#doc-table").inner_text().count(".txt") == 5
    message = upload(page, ARTICLE)
    assert "Đã thêm 1 bài" in message and ARTICLE.name in message
    page.wait_for_selector(f"#doc-table :text('{ARTICLE.name}')")
    page.wait_for_selector("#corpus-header :text('6 bài báo')")
    assert (home / "uploads" / ARTICLE.name).exists()
    screenshots(page, "documents")

    open_tab(page, "Hỏi đáp")
    answer = ask(page, Q777)
    assert "777" in answer
    page.wait_for_selector("#evidence #src-1 mark")
    assert ARTICLE.name in page.inner_text("#evidence #src-1 .source-meta")

    open_tab(page, "Tài liệu")
    page.click("#delete-id input")
    page.keyboard.type(ARTICLE.name)
    page.get_by_role("option", name=ARTICLE.name).click()
    page.click("#delete")
    page.wait_for_selector("#doc-message :text('Đã xoá')")
    page.wait_for_selector("#corpus-header :text('5 bài báo')")
    assert ARTICLE.name not in page.inner_text("#doc-table")

    open_tab(page, "Hỏi đáp")
    ask(page, Q777)
    page.wait_for_selector("#chat .refusal")
    assert "777" not in page.locator("#chat [data-testid='bot']").last.inner_text()


def test_bad_uploads_are_refused_with_a_message(page, tmp_path):
    pdf = tmp_path / "bao_cao.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    big = tmp_path / "qua_lon.txt"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 10))
    open_tab(page, "Tài liệu")
    message = upload(page, pdf, big)
    assert "Không tải lên tệp nào" in message
    assert "bao_cao.pdf: chỉ nhận tệp .txt hoặc .md" in message and "lớn hơn 5 MB" in message
    page.wait_for_selector("#corpus-header :text('5 bài báo')")


def test_example_click_sends_it_and_answer_streams(page):
    page.locator("#examples button", has_text=EXAMPLE[:40]).first.click()
    wait_answered(page, 0)
    page.wait_for_selector("#evidence #src-1 mark")
    assert EXAMPLE in page.locator("#chat [data-testid='user']").last.inner_text()
    assert "920" in page.locator("#chat [data-testid='bot']").last.inner_text()


def test_article_viewer_marks_and_scrolls_to_the_quote(page):
    ask(page, Q920)
    page.click("#evidence #src-1 details.article-view summary")
    mark = page.locator("#evidence #view-1")
    mark.wait_for(state="visible")
    assert "920" in mark.inner_text()
    page.wait_for_timeout(200)
    assert page.evaluate(
        """() => { const m = document.querySelector('#evidence #view-1').getBoundingClientRect();
                   const box = document.querySelector('#evidence #src-1 .article-text')
                     .getBoundingClientRect();
                   return m.top >= box.top - 1 && m.bottom <= box.bottom + 1
                     && m.top >= 0 && m.bottom <= window.innerHeight; }"""
    )
    full = page.inner_text("#evidence #src-1 .article-text")
    assert len(full) > len(page.inner_text("#evidence #src-1 .para"))
    screenshots(page, "viewer")


def test_export_markdown_downloads_the_conversation(page):
    answer = ask(page, Q920)
    page.click("#export")
    link = page.locator("#export-file a").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    text = Path(info.value.path()).read_text("utf-8")
    assert Q920 in text and "920" in text and "> " in text and ".txt)" in text
    assert answer.split("[")[0].strip() in text


def test_llm_chosen_in_settings_streams_then_shows_the_checked_answer(page, llm):
    from llm_server import Reply

    llm.script = [Reply(pieces=["Khoảng ", "920 ", "doanh nghiệp [1], ", "có 777 [1]."], gap=0.6)]
    page.click("#settings button")
    choice = page.locator("#answerer input")
    choice.fill("openai:test-model")
    choice.press("Enter")
    bots = page.locator("#chat [data-testid='bot']")
    page.fill("#question textarea", Q920)
    page.click("#send")
    page.wait_for_function(  # the model's words appear while it is still writing
        """() => { const b = document.querySelector("#chat [data-testid='bot']");
                   return b && b.innerText.includes('Khoảng') && b.innerText.trim().endsWith('…'); }"""
    )
    wait_answered(page, 0)
    text = bots.nth(0).inner_text()
    assert "Khoảng 920 doanh nghiệp [1], có 777 [1]." in text
    assert "Con số “777” không có trong đoạn được trích dẫn [1]" in text
    page.wait_for_selector("#evidence #src-1 mark")
    path, body = llm.requests[-1]
    assert path == "/v1/chat/completions" and body["model"] == "test-model"
