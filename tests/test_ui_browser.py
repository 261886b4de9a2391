"""The web page in a real browser: `hoidap serve` in a subprocess, driven by Playwright + Chromium.

Needs `pip install playwright` (the dev extra) and a system Chromium at /usr/bin/chromium;
no browser is ever downloaded. Screenshots go to tests/artifacts/ (not committed).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])"
)
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)

ROOT = Path(__file__).resolve().parent.parent
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(data_dir):
    port = free_port()
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    cmd = [
        sys.executable,
        "-m",
        "bot.cli",
        "--data-dir",
        str(data_dir),
        "serve",
        "--port",
        str(port),
    ]
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
    page.wait_for_function(
        "n => document.querySelectorAll(\"#chat [data-testid='bot']\").length > n", arg=before
    )
    return bots.nth(before).inner_text()


def test_answer_evidence_followup_feedback_and_screenshots(page, data_dir):
    assert page.inner_text("#corpus-header").startswith("5 bài báo, đăng từ ")
    answer = ask(page, Q920)
    assert "920" in answer
    page.wait_for_selector("#evidence #src-1 mark")
    assert "920" in page.inner_text("#evidence #src-1 mark")
    page.click("#chat a[href='#src-1']")  # the marker jumps to its panel entry
    assert page.evaluate("location.hash") == "#src-1"
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

    feedback = Path(data_dir) / "feedback.jsonl"
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
