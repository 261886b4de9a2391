"""The committed state of a local index: which Chroma collection, and which chunk ids in it are
live. Writing this file (to a temporary name, fsync, rename) is the one atomic step of an ingest.

Why a manifest: Chroma writes batch by batch, so an ingest killed half-way would otherwise leave
a mix of old and new chunks. With it, an ingest writes its new chunks beside the old ones (ids
are content hashes, so they never overwrite), then renames the manifest, then deletes what is no
longer live. Killed before the rename, readers still see exactly the previous index (the extra
chunks are invisible and the next ingest removes them); killed after it, the new index is
complete. An index without a manifest (built before it existed) has every chunk live.

Deliberately not here: the Chroma server (several machines cannot share a local file; there
each request is atomic on its own and the stamp tells readers to reload).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from index.errors import StoreError

FILE = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    collection: str
    chunks: frozenset[str]


_cache: dict[Path, tuple[tuple[int, int, int], Manifest]] = {}


def read(data_dir: Path) -> Manifest | None:
    """The committed manifest, or None. Parsed again only when the file changed: readers look
    at it before answering (via the store's stamp), and at 100k chunks a parse takes ~20 ms.
    Every write is a rename, so a new inode says it changed even within one mtime tick."""
    path = Path(data_dir) / FILE
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        st = None
    key = (st.st_ino, st.st_mtime_ns, st.st_size) if st else None
    cached = _cache.get(path)
    if key is not None and cached and cached[0] == key:
        return cached[1]
    try:
        data = json.loads(path.read_text("utf-8"))
        parsed = Manifest(str(data["collection"]), frozenset(map(str, data["chunks"])))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StoreError(
            f"Tệp {path} bị hỏng ({type(err).__name__}).",
            "Xây lại chỉ mục: hoidap ingest --rebuild seeds/",
        ) from None
    if key is not None:
        _cache[path] = (key, parsed)
    return parsed


def write(data_dir: Path, manifest: Manifest) -> None:
    """Atomically: readers see the old file or the new one, never a part of either."""
    path = Path(data_dir) / FILE
    body = {"format": FORMAT, "collection": manifest.collection, "chunks": sorted(manifest.chunks)}
    write_atomic(path, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a sibling temporary file, flush it to disk, rename it over `path`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a power cut
    finally:
        os.close(dir_fd)
