"""One writer at a time per data directory: an ingest (or an upload, or a delete) holds an
exclusive `flock` on `<data_dir>/ingest.lock`; a second one stops at once with a clear message.

Stopping rather than waiting: a second `hoidap ingest` typed by hand should say why nothing
happened, not hang. Readers never take the lock, so answers keep coming during an ingest. The
kernel drops the lock when the holder dies (even by SIGKILL), so a crash never leaves it stuck.
"""

from __future__ import annotations

import datetime
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from index.errors import HoidapError

FILE = "ingest.lock"


class Busy(HoidapError):
    """Another process is writing to this index."""


@contextmanager
def write_lock(data_dir: Path):
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / FILE, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "một tiến trình khác"
            raise Busy(
                f"Một lần nạp dữ liệu khác đang chạy trên {data_dir} ({holder}).",
                "Chờ nó xong rồi chạy lại.",
            ) from None
        f.seek(0)
        f.truncate()
        now = datetime.datetime.now().strftime("%H:%M:%S")
        f.write(f"pid {os.getpid()}, từ {now}")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)
