"""The commands that answer: `hoidap ingest`, `ask`, `chat`, `serve`, and the bot they share.

Heavy imports happen inside the commands, so `hoidap --help` is instant. Errors are left to
`cli.main`, which turns them into one line for the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.errors import BadInput


def _config(args: argparse.Namespace):
    from bot.config import Config

    return Config.load(
        data_dir=args.data_dir,
        embedder=args.embedder,
        chroma_url=args.chroma_url,
        k=getattr(args, "k", None),
        llm=getattr(args, "llm", None),
        llm_timeout=getattr(args, "llm_timeout", None),
        llm_context_tokens=getattr(args, "llm_context_tokens", None),
    )


def _bot(args: argparse.Namespace):
    import bot
    from bot.pipeline import Bot

    instance = Bot(_config(args))
    bot.set_bot(instance)
    return instance


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from index.embedders import get_embedder
    from index.ingest import ingest
    from index.stores.chroma import open_store

    config = _config(args)
    store = open_store(config.data_dir, config.chroma_url)
    if args.if_missing and store.exists() and store.embedder_name():
        print(f"Đã có chỉ mục trong {store.where}; bỏ qua.")
        return 0
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise BadInput(f"Không tìm thấy: {', '.join(missing)}")
    bar = tqdm(total=0, unit="đoạn", desc="Nhúng", file=sys.stderr, disable=None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        report = ingest(args.paths, store, get_embedder(config.embedder), args.rebuild, progress)
    finally:
        bar.close()
    for s in report.skipped:
        print(f"bỏ qua {s.path}: {s.reason}", file=sys.stderr)
    print(
        f"{report.articles} bài báo; đoạn: thêm {report.chunks_added}, giữ {report.chunks_kept}, "
        f"xoá {report.chunks_removed}; {report.seconds:.1f} giây."
    )
    if report.articles_removed:
        print("Đã xoá bài không còn trong thư mục: " + ", ".join(report.articles_removed))
    if report.articles == 0:
        raise BadInput("Không có bài báo nào đọc được.")
    return 0


def format_answer(result, streamed: str = "") -> str:
    """The answer, its sources and its warnings. After a streamed reply the answer is repeated
    only when checking changed it (a marker removed, or the extractive fallback)."""
    from bot.messages import message

    lines = [] if streamed.strip() == result.answer.strip() else [result.answer]
    if streamed.strip() and lines:
        lines.insert(0, "— sau khi kiểm tra:")
    for c in result.citations:
        meta = ", ".join(x for x in (c.title, c.outlet, c.date) if x)
        lines.append(f"  [{c.n}] {c.source} — {meta}\n      «{c.quote}»")
    lines += [f"  ⚠ {message('warning_label')}: {w}" for w in result.warnings]
    return "\n".join(lines)


def show_stream(events, prefix: str = ""):
    """Print a chat model's text as it arrives; return (the final Answer, what was printed)."""
    streamed = ""
    for item in events:
        if isinstance(item, str):
            if not streamed:
                print(prefix, end="", flush=True)
            streamed += item
            print(item, end="", flush=True)
        else:
            if streamed:
                print()
            return item, streamed
    raise RuntimeError("the answer stream ended without an answer")


def cmd_ask(args: argparse.Namespace) -> int:
    instance = _bot(args)
    if args.json:
        result = instance.answer(args.question, [], k=args.k)
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    result, streamed = show_stream(instance.stream(args.question, [], k=args.k))
    print(format_answer(result, streamed))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    instance = _bot(args)
    history: list[dict] = []
    print("Hỏi đáp — gõ câu hỏi, Enter để gửi; 'thoát' hoặc Ctrl-D để kết thúc.")
    while True:
        try:
            question = input("\nBạn: ").strip()
        except EOFError:
            print()
            return 0
        if question.lower() in {"thoát", "thoat", "exit", "quit"}:
            return 0
        if not question:
            continue
        try:
            result, streamed = show_stream(
                instance.stream(question, history, k=args.k), prefix="Hỏi đáp: "
            )
        except BadInput as err:
            print(f"hoidap: {err}")
            continue
        shown = format_answer(result, streamed)
        print(shown if streamed else "Hỏi đáp: " + shown)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": result.answer},
        ]


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.app.web.ui import serve

    _bot(args)
    serve(args.host, args.port)
    return 0
