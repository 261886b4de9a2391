"""A GGUF model served as an OpenAI-compatible API on loopback, in a process of its own.

`served_model(path)` starts `python -m bot.devtools.llm_server` (xllamacpp: llama.cpp's server
with Python bindings, a prebuilt wheel), waits for `/health`, yields the base URL and stops the
process by its pid afterwards, whatever happened. A process of its own, so its threads and
memory are the model's alone and a crash in llama.cpp takes nothing else with it.

Deliberately not here: fetching the model (models.py), or anything about answering.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.devtools.serving import free_port
from index.errors import HoidapError

START_TIMEOUT = 180.0  # seconds: loading a 1 GB model from a cold disk


@contextmanager
def served_model(
    path: Path, threads: int = 2, context: int = 4096, log: Path | None = None
) -> Iterator[str]:
    """Yields 'http://127.0.0.1:PORT'; the model answers as `model` ('local')."""
    port = free_port()
    cmd = [sys.executable, "-m", "bot.devtools.llm_server", str(path), "--port", str(port)]
    cmd += ["--threads", str(threads), "--context", str(context)]
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


def _wait_healthy(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise HoidapError(f"The model server exited with code {proc.returncode}.")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as r:
                if r.status == 200 and json.loads(r.read() or b"{}").get("status") == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise HoidapError(f"The model server did not become healthy in {START_TIMEOUT:.0f} s.")


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
