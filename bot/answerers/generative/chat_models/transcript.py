"""Recorded replies of a chat model, so a change to the checker can be measured again on the
same replies without the model (a real one takes ~25 s per answer here).

`HOIDAP_LLM_RECORD=FILE` appends every complete reply to FILE as JSON lines, keyed by the
messages the model was sent; `--llm replay:FILE` answers from such a file (replay.py). A key is
the hash of the filled prompt, so a changed prompt, passage or question misses the recording
instead of getting another question's reply.

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
    path = os.environ.get(ENV)
    if not path:
        return
    line = json.dumps({"key": key(prompt, inputs), "reply": reply}, ensure_ascii=False)
    with _LOCK, open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def load(path: Path) -> dict[str, str]:
    """The replies by key; a later line for the same key wins (the latest run)."""
    out = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            out[entry["key"]] = entry["reply"]
    return out
