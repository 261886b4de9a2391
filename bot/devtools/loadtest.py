"""`python -m bot.devtools.loadtest`: many clients asking a running `hoidap serve` at once, while one
article is uploaded through the server and `hoidap ingest seeds` runs beside it.

`run_load(url, home, ...)` drives a server that is already running: C client threads each ask Q
questions of an eval set through `/ask` (cycling through it, follow-ups with their history);
once as many answers as clients are in (the server is warm and busy) one thread uploads a new
article through `/upload` and another runs the re-ingest as a separate process against the same
data directory. At the end the new article's fact is asked for. Every reply is checked against
the `ask --json` contract. The result is a `LoadResult`; `format` prints it.
`main` is the command line: it builds an index in a temporary directory, serves it, runs the
load and exits 1 on any error.

Bounded in count (C x Q questions, one upload, one re-ingest) and time (each request and the
re-ingest have a timeout), loopback only. Deliberately not here: a ramp-up, a sustained-rate
mode, or answer quality (the evals measure that).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bot.devtools import serving
from bot.devtools.bench import pct
from bot.devtools.load_checks import check_answer, log_errors, one_line

ROOT = Path(__file__).resolve().parents[2]  # the project: bot/devtools/ -> ../..
QUESTIONS = ROOT / "evals" / "cnht_vi.jsonl"
SEEDS = ROOT / "seeds"
REQUEST_TIMEOUT = 60.0  # seconds for one /ask or /upload (a hang is an error, not a wait)
INGEST_TIMEOUT = 120.0
INGEST_BUSY = "đang chạy"  # a second ingest may refuse with this, exit code 1: that is fine
UPLOAD_TRIES = 30  # an upload refused as "đang chạy" is retried once a second, this many times
# A fact no seed states, so only the uploaded article can answer it.
NEW_ARTICLE = "le_hoi_dieu_phu_luu_chanh.txt"
NEW_TEXT = """Lễ hội diều Phù Lưu Chanh năm 2024 có 57 con diều sáo tham gia

20/04/2024 09:00:00 SA

Lễ hội diều truyền thống làng Phù Lưu Chanh, huyện Ứng Hòa, Hà Nội vừa khai mạc trên cánh đồng ven đê.

Năm nay, lễ hội diều Phù Lưu Chanh có 57 con diều sáo của các nghệ nhân trong làng tham gia thi.

Ban tổ chức chấm điểm theo tiếng sáo, độ cao và thời gian diều bay.
"""
NEW_QUESTION = "Lễ hội diều Phù Lưu Chanh có bao nhiêu con diều?"
NEW_FACT = "57"


@dataclass
class LoadResult:
    """What one load run saw. `errors` holds one line per failure; empty means it passed."""

    clients: int
    questions: int  # per client
    answered: int = 0
    latencies_ms: list[float] = field(default_factory=list)  # as the clients saw them
    answer_ms: list[float] = field(default_factory=list)  # `timings_ms.total`: the bot's share
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    upload: str = ""  # the server's message
    reingest: str = ""  # "ok" or the refusal it printed
    during_reingest: int = 0  # answers that were in flight while the re-ingest process ran
    new_answer: str = ""  # the answer to NEW_QUESTION after the upload

    @property
    def p50_ms(self) -> float:
        return _pct(self.latencies_ms, 50)

    @property
    def p95_ms(self) -> float:
        return _pct(self.latencies_ms, 95)


def _pct(values: list[float], q: int) -> float:
    return pct(values, q) if values else float("nan")


def run_load(
    url: str,
    home: Path,
    items: list[dict],
    clients: int,
    questions: int,
    seeds: Path = SEEDS,
) -> LoadResult:
    """C x Q questions through /ask, one upload through /upload and one re-ingest process
    meanwhile, then the uploaded fact asked for."""
    result = LoadResult(clients, questions)
    lock = threading.Lock()
    warm = threading.Event()  # set once `clients` answers are in: the server is warm and busy
    spans: list[tuple[float, float]] = []  # (start, end) of every answer, for the overlap

    def client(n: int) -> None:
        from gradio_client import Client

        try:
            api = Client(url, verbose=False)
        except Exception as err:  # a server that refuses clients is what we are looking for
            _note(result, lock, f"client {n}: cannot connect: {one_line(err)}")
            return
        for j in range(questions):
            item = items[(n * questions + j) % len(items)]
            t0 = time.monotonic()
            data, error = _call(api, "/ask", item["question"], item.get("history", []))
            t1 = time.monotonic()
            problems = [error] if error else check_answer(data)
            with lock:
                spans.append((t0, t1))
                result.latencies_ms.append((t1 - t0) * 1000)
                result.answered += not problems
                if not problems and isinstance(data.get("timings_ms"), dict):
                    result.answer_ms.append(float(data["timings_ms"].get("total", 0.0)))
                result.errors += [f"{item.get('id', '?')}: {p}" for p in problems]
                if len(spans) >= clients:
                    warm.set()

    def side(task) -> None:
        warm.wait(REQUEST_TIMEOUT)
        task()

    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hoidap-load-") as tmp:
        article = Path(tmp) / NEW_ARTICLE
        article.write_text(NEW_TEXT, "utf-8")
        window: list[float] = []
        with ThreadPoolExecutor(clients + 2) as pool:
            jobs = [pool.submit(client, n) for n in range(clients)]
            jobs.append(pool.submit(side, lambda: upload(url, article, result, lock)))
            jobs.append(pool.submit(side, lambda: reingest(home, seeds, result, lock, window)))
            for job in jobs:
                job.result()
        result.wall_s = time.monotonic() - t0
        if len(window) == 2:
            result.during_reingest = sum(1 for s, e in spans if s < window[1] and e > window[0])
        ask_new(url, result, lock)
    return result


def upload(url: str, article: Path, result: LoadResult, lock: threading.Lock) -> None:
    """The new article through /upload, as the page's upload would send it."""
    from gradio_client import Client, handle_file

    try:
        api = Client(url, verbose=False)
    except Exception as err:
        return _note(result, lock, f"upload: cannot connect: {one_line(err)}")
    for _ in range(UPLOAD_TRIES):
        message, error = _call(api, "/upload", handle_file(str(article)))
        if error or INGEST_BUSY not in str(message):
            break
        time.sleep(
            1.0
        )  # the ingest lock refused it while the re-ingest runs: retry, as a user would
    with lock:
        result.upload = str(message or error)
        if error or not str(message).startswith("✅"):
            result.errors.append(f"upload: {message or error}")


def reingest(
    home: Path, seeds: Path, result: LoadResult, lock: threading.Lock, window: list[float]
) -> None:
    """`hoidap ingest seeds` as its own process on the server's data directory. Success, or the
    ingest lock's clear refusal (exit 1, "đang chạy"), is fine; anything else is an error."""
    cmd = [sys.executable, "-m", "bot.app.cli", "--data-dir", str(home), "ingest", str(seeds)]
    window.append(time.monotonic())
    try:
        done = subprocess.run(
            cmd, cwd=ROOT, env=serving.env(), capture_output=True, text=True, timeout=INGEST_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        done = None
    window.append(time.monotonic())
    with lock:
        if done is None:
            result.reingest = f"timed out after {INGEST_TIMEOUT:.0f} s"
            result.errors.append(f"re-ingest: {result.reingest}")
        elif done.returncode == 0:
            result.reingest = "ok"
        elif done.returncode == 1 and INGEST_BUSY in done.stderr and "Traceback" not in done.stderr:
            result.reingest = "refused: " + one_line(done.stderr)
        else:
            result.reingest = f"exit {done.returncode}: {one_line(done.stderr)}"
            result.errors.append(f"re-ingest: {result.reingest}")


def ask_new(url: str, result: LoadResult, lock: threading.Lock) -> None:
    """The uploaded article must be answerable: its fact, cited from its file."""
    from gradio_client import Client

    data, error = _call(Client(url, verbose=False), "/ask", NEW_QUESTION, [])
    problems = [error] if error else check_answer(data)
    if not problems:
        result.new_answer = data["answer"]
        sources = {c.get("source") for c in data["citations"]}
        if data["refused"] or NEW_FACT not in data["answer"] or NEW_ARTICLE not in sources:
            problems.append(f"not answered from the upload: {data['answer']!r} {sorted(sources)}")
    with lock:
        result.errors += [f"new article: {p}" for p in problems]


def _call(api, endpoint: str, *args) -> tuple[object, str]:
    """(reply, "") or (None, the error in one line); a request over REQUEST_TIMEOUT fails."""
    try:
        return api.submit(*args, api_name=endpoint).result(timeout=REQUEST_TIMEOUT), ""
    except TimeoutError:
        return None, f"{endpoint}: no reply within {REQUEST_TIMEOUT:.0f} s"
    except Exception as err:  # the server's failure as the client saw it
        return None, f"{endpoint}: {one_line(err)}"


def _note(result: LoadResult, lock: threading.Lock, error: str) -> None:
    with lock:
        result.errors.append(error)


def format(result: LoadResult) -> str:
    """The report: counts, latency, the side tasks, and every error (at most 20 shown)."""
    total = result.clients * result.questions
    lines = [
        f"{result.clients} clients x {result.questions} questions: {result.answered}/{total} "
        f"well-formed answers, {len(result.errors)} errors, {result.wall_s:.1f} s",
        f"latency /ask: p50 {result.p50_ms:.0f} ms, p95 {result.p95_ms:.0f} ms "
        f"({total / max(result.wall_s, 1e-9):.1f} questions/s); the bot's own share: "
        f"p50 {_pct(result.answer_ms, 50):.0f} ms, p95 {_pct(result.answer_ms, 95):.0f} ms",
        f"upload: {result.upload}",
        f"re-ingest: {result.reingest} ({result.during_reingest} answers in flight meanwhile)",
        f"uploaded fact: {result.new_answer or '-'}",
    ]
    lines += [f"  ✗ {e}" for e in result.errors[:20]]
    if len(result.errors) > 20:
        lines.append(f"  … and {len(result.errors) - 20} more")
    return "\n".join(lines)


def build_index(seeds: Path, home: Path) -> None:
    """The seeds' index in `home`, as `hoidap ingest` would build it."""
    from index.embedders import get_embedder
    from index.ingest import ingest
    from index.stores.chroma import ChromaStore

    ingest([seeds], ChromaStore(home), get_embedder())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bot.devtools.loadtest",
        description="Load test: clients x questions through /ask of a fresh `hoidap serve`, "
        "with one upload and one re-ingest meanwhile. Exit 1 on any error.",
    )
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--questions", type=int, default=25, help="per client")
    p.add_argument("--set", type=Path, default=QUESTIONS, help="questions (.jsonl)")
    p.add_argument("--seeds", type=Path, default=SEEDS, help="articles to index and re-ingest")
    args = p.parse_args(argv)
    from bot.evaluation.runner import load_items

    items = load_items(args.set)
    with tempfile.TemporaryDirectory(prefix="hoidap-loadtest-") as tmp:
        home = Path(tmp) / "home"
        print(f"… indexing {args.seeds} in a temporary directory", file=sys.stderr, flush=True)
        build_index(args.seeds, home)
        log = Path(tmp) / "serve.log"
        try:
            with serving.served(home, log) as server:
                url = server.url
                print(f"… {url}: {args.clients} x {args.questions}", file=sys.stderr, flush=True)
                result = run_load(url, home, items, args.clients, args.questions, args.seeds)
            result.errors += log_errors(log)
        except RuntimeError as err:
            print(f"loadtest: {err}\n{log.read_text('utf-8', 'replace')[-3000:]}", file=sys.stderr)
            return 1
        print(format(result))
        if result.errors:
            shutil.copyfile(log, Path(tempfile.gettempdir()) / "hoidap-loadtest-serve.log")
            print(f"server log: {tempfile.gettempdir()}/hoidap-loadtest-serve.log")
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
