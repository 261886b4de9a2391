"""What counts as an error in the load test: a reply that breaks the `ask --json` contract,
and a traceback in the server's log even when the client got a reply.

Deliberately not here: driving the clients (loadtest.py).
"""

from __future__ import annotations

from pathlib import Path


def check_answer(data: object) -> list[str]:
    """What is wrong with one /ask reply (empty when it keeps the `ask --json` contract).

    Example: {"error": "Câu hỏi trống."} -> ["error: Câu hỏi trống."].
    """
    if not isinstance(data, dict):
        return [f"not a dict: {type(data).__name__}"]
    if "error" in data:
        return [f"error: {data['error']}"]
    problems = [f"{key} is not {kind.__name__}" for key, kind in (
        ("question", str), ("answer", str), ("refused", bool),
        ("citations", list), ("retrieved", list),
    ) if not isinstance(data.get(key), kind)]  # fmt: skip
    for c in data.get("citations") or []:
        ok = (
            isinstance(c, dict)
            and isinstance(c.get("quote"), str)
            and type(c.get("start")) is int
            and type(c.get("end")) is int
            and c["start"] < c["end"]
        )
        if not ok:
            problems.append(f"bad citation: {str(c)[:120]}")
    return problems


def one_line(value: object, limit: int = 300) -> str:
    text = " ".join(str(value).split())
    return (f"{type(value).__name__}: " if isinstance(value, Exception) else "") + text[:limit]


def log_errors(log: Path) -> list[str]:
    """Tracebacks the server printed: an exception in a handler or a worker thread is an error
    even when the client got a reply. Example: a log with "Traceback ..." -> ["server: ..."]."""
    text = log.read_text("utf-8", "replace") if log.exists() else ""
    errors = []
    for block in text.split("Traceback (most recent call last):")[1:]:
        # The exception's own line is the first one the traceback does not indent.
        lines = [line for line in block.splitlines() if line and not line.startswith(" ")]
        errors.append(f"server: {one_line(lines[0] if lines else 'traceback')}")
    return errors
