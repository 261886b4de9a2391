"""Recorded replies of a chat model, so a change to the checker can be measured again on the
same replies without the model (a real one takes ~25 s per answer here).

`HOIDAP_LLM_RECORD=FILE` appends every complete reply to FILE as JSON lines, keyed by the
messages the model was sent; `--llm replay:FILE` answers from such a file (replay.py). A key is
the hash of the filled prompt, so a changed prompt, passage or question misses the recording
instead of getting another question's reply. The server's token count of the passages
(base.chars_per_token) is kept too, so a replay fits the passages the model was sent.

Deliberately not here: any choice about what a reply means (verify.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

ENV = "HOIDAP_LLM_RECORD"
_LOCK = threading.Lock()  # the web UI answers on several threads; lines must not interleave


def key(prompt, inputs: dict) -> str:
    messages = [(m.type, m.text) for m in prompt.format_messages(**inputs)]
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False).encode()).hexdigest()


def record(prompt, inputs: dict, reply: str) -> None:
    if os.environ.get(ENV):
        _append({"key": key(prompt, inputs), "reply": reply})


def record_count(text: str, tokens: int) -> None:
    _append({"count": text_key(text), "chars": len(text), "tokens": tokens})


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _append(entry: dict) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    line = json.dumps(entry, ensure_ascii=False)
    with _LOCK, open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def load(path: Path) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """(the replies by key; the token counts, as (characters, tokens), by the counted text's
    key), a later line for the same key winning (the latest run)."""
    replies: dict[str, str] = {}
    counts: dict[str, tuple[int, int]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            if "count" in entry:
                counts[entry["count"]] = (entry["chars"], entry["tokens"])
            elif "reply" in entry:  # (a count of an earlier format, keyed by nothing, is skipped)
                replies[entry["key"]] = entry["reply"]
    return replies, counts
