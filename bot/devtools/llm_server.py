"""A GGUF model served as an OpenAI-compatible API on loopback, in a process of its own.

`served_model(path)` starts `python -m bot.devtools.llm_server` (xllamacpp: llama.cpp's server
with Python bindings, a prebuilt wheel), waits for `/health`, yields the base URL and stops the
process afterwards, whatever happened (serving.spawned, as for `hoidap serve`). A process of its own, so its threads and
memory are the model's alone and a crash in llama.cpp takes nothing else with it.

Deliberately not here: fetching the model (models.py), or anything about answering.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.devtools.serving import free_port, spawned

START_TIMEOUT = 180.0  # seconds: loading a 1 GB model from a cold disk


@contextmanager
def served_model(
    path: Path, threads: int = 2, context: int = 4096, log: Path | None = None
) -> Iterator[str]:
    """Yields 'http://127.0.0.1:PORT'; the model answers as `model` ('local'). `/health`
    answers 503 while the model loads, 200 once it can answer."""
    port = free_port()
    cmd = [sys.executable, "-m", "bot.devtools.llm_server", str(path), "--port", str(port)]
    cmd += ["--threads", str(threads), "--context", str(context)]
    url = f"http://127.0.0.1:{port}"
    with spawned(cmd, url + "/health", "the model server", START_TIMEOUT, log):
        yield url


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Serve a GGUF model on loopback (xllamacpp).")
    p.add_argument("model", type=Path)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--context", type=int, default=4096)
    args = p.parse_args(argv)
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = str(args.model)
    params.n_ctx = args.context
    params.n_parallel = 1  # one answer at a time: two would halve each one's speed
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    params.warmup = False
    server = xlc.Server(params)  # serves in a background thread until the process ends
    print(f"serving {args.model.name} at {server.listening_address}", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
