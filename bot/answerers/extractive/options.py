"""The reader's switches and thresholds, frozen: what the ablation and the calibration vary.

An answerer holds one `ReaderOptions`; a tool that varies them puts a new one in its place
(`dataclasses.replace`), and each question reads the one in place when it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answerers.extractive.ranker import Ranker, default_ranker
from bot.answerers.extractive.refusal import MIN_COVERAGE


@dataclass(frozen=True)
class ReaderOptions:
    # False: the plain coverage baseline (for the ablation table)
    analysis: bool = True
    # fitted by `hoidap fit` (bot/data/reader.json); None: the hand-set score ranks sentences
    ranker: Ranker | None = field(default_factory=default_ranker)
    # the least coverage of the question's words to answer with (`hoidap calibrate`)
    min_coverage: float = MIN_COVERAGE
