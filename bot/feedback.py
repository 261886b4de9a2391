"""Reader feedback on an answer: one JSON line appended to `<data_dir>/feedback.jsonl`.

Only writing lives here; reading the file back into evals is a later step.
"""

from __future__ import annotations

import datetime
import json
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
    with _LOCK, path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return line
