"""Reader feedback on an answer: one JSON line appended to `<data_dir>/feedback.jsonl`.

Only writing lives here; reading the file back into evals is a later step.
"""

from __future__ import annotations

import datetime
import json
import os
import threading
from pathlib import Path

from bot.records import Answer

FILE_NAME = "feedback.jsonl"
RATINGS = ("up", "down")
_LOCK = threading.Lock()  # the web page answers several visitors at once


def record_feedback(data_dir: Path, result: Answer, rating: str, comment: str = "") -> dict:
    """Append one line and return it.

    Example: record_feedback(home, answer, "down", "sai năm") -> {"question": ..., "rating": "down", ...}.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
    line = {
        "question": result.question,
        "standalone_question": result.standalone_question or result.question,
        "answer": result.answer,
        "refused": result.refused,
        "citations": [{"source": c.source, "quote": c.quote} for c in result.citations],
        "rating": rating,
        "comment": (comment or "").strip(),
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    path = Path(data_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    append_line(path, json.dumps(line, ensure_ascii=False))
    return line


def append_line(path: Path, text: str) -> None:
    """Append one line so that a crash cannot damage the lines before it: O_APPEND never
    rewrites them, the line goes in one write and is fsynced, and a line torn by an earlier
    crash (no final newline) is closed first, so it cannot swallow this one."""
    data = (text + "\n").encode("utf-8")
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and _last_byte(path, size) != b"\n":
                data = b"\n" + data
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)


def _last_byte(path: Path, size: int) -> bytes:
    with path.open("rb") as f:
        f.seek(size - 1)
        return f.read(1)
