"""A `hoidap serve` process on a free loopback port, for the benchmark, the load test and tests.

Deliberately not here: what is done with the server (bench.py, loadtest.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project: bot/devtools/ -> ../..
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


def env() -> dict[str, str]:
    """The environment for a child `hoidap`: this checkout first, nothing phoning home."""
    path = os.environ.get("PYTHONPATH")
    return os.environ | {
        "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT),
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "PYTHONUNBUFFERED": "1",  # the server's tracebacks reach its log while it runs
    }


def free_port() -> int:
    """A loopback port nobody listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(home: Path, port: int) -> list[str]:
    """`hoidap serve` over `home` on a loopback port, as this Python runs it."""
    return [
        sys.executable,
        "-m",
        "bot.app.cli",
        "--data-dir",
        str(home),
        "serve",
        "--port",
        str(port),
    ]


@contextmanager
def spawned(
    cmd: list[str],
    url: str,
    name: str,
    timeout: float,
    log: Path | None = None,
    env: dict[str, str] | None = None,
):
    """A child process serving HTTP, started and waited for until `url` answers (a 2xx; a
    server still loading answers 503), then stopped (terminate, then kill) whatever happened.
    Yields the process. RuntimeError if it exits first or does not answer in `timeout` s."""
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode} (log: {log})")
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not answer in {timeout:.0f} s") from None
                time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


@contextmanager
def served(home: Path, log: Path | None = None):
    """`hoidap serve` over `home`; yields a `Server`, stops it after. Its output goes to `log`
    (read it when the server misbehaves). RuntimeError if it does not start or dies."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with spawned(serve_command(home, port), url, "hoidap serve", START_TIMEOUT, log, env()) as proc:
        yield Server(url, proc.pid)
        if proc.poll() is not None:  # it answered, then died: that is a failure too
            raise RuntimeError(f"hoidap serve exited with {proc.returncode} (log: {log})")
