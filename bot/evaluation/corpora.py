"""Which articles an eval set is asked of, and a private index of them.

A set lying in a folder that has an `articles/` subfolder is asked of those articles
(`evals/multitopic/tune_vi.jsonl` -> `evals/multitopic/articles/`); any other set is asked of the
configured index (the seeds); a SQuAD-format file is asked of its own contexts. A corpus gets its own data directory under
`<data dir>/eval-corpora/`, filled by the ordinary ingest, so its articles never mix with the
user's index, and a second run only embeds what changed (ingest is idempotent).

Deliberately not here: running or scoring the items (evaluate.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from bot.config import Config

ARTICLES = "articles"


def corpus_of(set_path: str | Path, data_dir: Path | None = None) -> Path | None:
    """Example: 'evals/multitopic/tune_a.jsonl' -> Path('evals/multitopic/articles'). A
    SQuAD-format file brings its own contexts, written as articles under `data_dir`."""
    from bot.evaluation.squad import is_squad, squad_corpus

    if data_dir is not None and is_squad(Path(set_path)):
        return squad_corpus(Path(set_path), data_dir)
    folder = Path(set_path).parent / ARTICLES
    return folder if folder.is_dir() else None


def corpus_home(config: Config, corpus: Path) -> Path:
    """The corpus's own data directory: one per folder and embedder.

    Example: 'evals/multitopic/articles' -> .hoidap/eval-corpora/multitopic-3f2a9c1b.
    """
    key = f"{corpus.resolve()}|{config.embedder}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    name = re.sub(r"[^\w-]+", "-", corpus.resolve().parent.name).strip("-") or "corpus"
    return config.data_dir / "eval-corpora" / f"{name}-{digest}"


def corpus_config(config: Config, corpus: Path, progress=None) -> Config:
    """A config whose index holds exactly the corpus's articles (ingested now if needed)."""
    from index.embedders import get_embedder
    from index.ingest import ingest
    from index.stores.chroma import ChromaStore

    home = corpus_home(config, corpus)
    home.mkdir(parents=True, exist_ok=True)
    ingest([corpus], ChromaStore(home), get_embedder(config.embedder), progress=progress)
    return replace(config, data_dir=home, chroma_url=None)


def group_by_corpus(paths: list[str], data_dir: Path | None = None) -> dict[Path | None, list[str]]:
    """Sets grouped by the corpus they are asked of, in the order given (None: the index)."""
    groups: dict[Path | None, list[str]] = {}
    for p in paths:
        groups.setdefault(corpus_of(p, data_dir), []).append(p)
    return groups
