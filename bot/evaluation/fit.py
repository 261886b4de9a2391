"""Fit the sentence ranker (bot/answerers/extractive/ranker.py) on tuning sets: `hoidap fit SET... --write`.

For every answerable item the reader's candidate sentences are measured with the hand-set
score (no ranker), and a sentence is a positive when it holds every `must_include` string.
Items none of whose sentences hold the answer (answers spread over two sentences, retrieval
misses) teach nothing about ranking and are left out. A listwise fit over each question's
sentences gives the weights, a logistic one (scikit-learn) their probability scale.

The report says, per set, how often the first sentence holds the answer with the hand-set
score and with the fitted one; sets given with --check are measured but not fitted on, so a
held-out set shows whether the fit generalises.

The same run fits the refusal threshold: the least probability of the first sentence to
answer with, on answerable and unanswerable items alike (refusal.py's rules stay on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot.answerers.extractive.ranker import FEATURES, Ranker
from bot.answerers.extractive.refusal import refusal_reason
from bot.evaluation.runner import contains_all
from bot.pipeline import to_turns
from bot.question.analysis import analyze


@dataclass
class Group:
    name: str  # the set
    rows: list[list[float]]
    labels: list[bool]  # the sentence holds every must_include (all False when unanswerable)
    answerable: bool = True
    ruled_out: list[bool] | None = None  # refusal.py's rules refuse with this sentence


def measure(pairs: Iterable[tuple[str, object, dict]]) -> list[Group]:
    """(set name, bot, item) -> one group of candidate features per item. Answerable items
    none of whose sentences hold the answer are left out (they teach nothing about ranking)."""
    groups = []
    for name, bot, item in pairs:
        answerable = bool(item.get("answerable"))
        if answerable and not item.get("must_include"):
            continue
        asked, _ = bot.understand(item["question"], to_turns(item.get("history", [])))
        hits, _ = bot.evidence(asked, bot.config.k)
        reading = bot.extractive.reading()
        # the whole question, one group per item (two parts asked as one are not cut here)
        query = analyze(asked.standalone, bot.searcher.vocabulary)
        if not query.terms or not hits:
            continue
        scorer = reading.scorer(query, hits)
        scorer.ranker = None  # measured with the hand-set score, which is itself a feature
        candidates = scorer.candidates(hits)
        if not candidates:
            continue
        scorer.pool = scorer.pool_of(candidates)
        labels = [
            answerable and contains_all(c.span.text, item["must_include"]) for c in candidates
        ]
        if answerable and not any(labels):
            continue
        ruled = [
            refusal_reason(query, c, reading.corpus.info(c.hit).text, reading.options.min_coverage)
            is not None
            for c in candidates
        ]
        rows = [scorer.features(c) for c in candidates]
        groups.append(Group(name, rows, labels, answerable, ruled))
    return groups


def threshold(groups: list[Group], ranker: Ranker) -> float:
    """The least probability of the first sentence to answer with, chosen for the most right
    outcomes: an unanswerable item refused, an answerable one answered from a sentence holding
    the answer. (Refusing a wrong answer costs nothing here; refusal.py's rules stay on.)"""
    tops = []
    for g in groups:
        probs = [ranker.probability(r) for r in g.rows]
        i = max(range(len(probs)), key=probs.__getitem__)
        tops.append((probs[i], g.answerable, g.labels[i], bool(g.ruled_out and g.ruled_out[i])))

    def right(t: float) -> tuple[int, int]:
        n = wrong = 0
        for p, answerable, holds, ruled in tops:
            answers = p >= t and not ruled
            n += (answers and holds) if answerable else not answers
            wrong += answerable and answers and not holds
        return n, -wrong

    # The rules refuse most unanswerable items, so many thresholds are equally right; of
    # those, the ones answering wrongly least (an answer from a sentence without the answer
    # misleads more than a refusal), and of these the middle one, least tuned to the edges.
    counts = {t: right(t) for t in (round(0.01 * i, 2) for i in range(100))}
    best = max(counts.values())
    ties = [t for t, n in counts.items() if n == best]
    return ties[len(ties) // 2]


def fit(groups: list[Group], strength: float = 1.0) -> Ranker:
    """Weights that put a sentence holding the answer first among the question's own
    candidates (a listwise, conditional-logit fit: the softmax over each question's sentences
    puts its mass on the right ones), then a one-feature logistic fit of that score to say
    how likely a sentence is to hold the answer, on which the refusal threshold is set.

    Listwise rather than one logistic regression over all sentences: what the answerer needs
    is the right sentence *first for this question*; a pointwise fit spends its weights on
    telling apart sentences of different questions (leave-one-set-out top-1: 0.769 -> 0.789,
    evals/README.md)."""
    import numpy as np
    from scipy.optimize import minimize
    from sklearn.linear_model import LogisticRegression

    ranking = [
        (np.array(g.rows, dtype=float), np.array(g.labels, dtype=bool))
        for g in groups
        if g.answerable and any(g.labels)
    ]
    every = np.vstack([x for x, _ in ranking])
    mean, scale = every.mean(axis=0), every.std(axis=0) + 1e-6

    def loss(w):
        total, grad = 0.5 * strength * (w @ w), strength * w
        for x, y in ranking:
            z = (x - mean) / scale
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            held = p[y].sum()
            total -= np.log(held + 1e-12)
            grad -= z.T @ (np.where(y, p / (held + 1e-12), 0.0) - p)
        return total, grad

    w = minimize(loss, np.zeros(every.shape[1]), jac=True, method="L-BFGS-B").x / scale
    scores = (every @ w).reshape(-1, 1)
    labels = np.concatenate([y for _, y in ranking])
    platt = LogisticRegression(class_weight="balanced").fit(scores, labels)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    weights = tuple(round(float(v) * a, 4) for v in w)
    ranker = Ranker(weights, round(b, 4))
    return replace(ranker, min_probability=threshold(groups, ranker))


def first_holds(groups: list[Group], ranker: Ranker | None) -> dict[str, float]:
    """Per set: share of items whose top sentence holds the answer."""
    out: dict[str, list[bool]] = {}
    for g in groups:
        if not g.answerable:
            continue
        if ranker is None:
            top = max(range(len(g.rows)), key=lambda i: g.rows[i][0])  # score_rel
        else:
            top = max(range(len(g.rows)), key=lambda i: ranker.probability(g.rows[i]))
        out.setdefault(g.name, []).append(g.labels[top])
    return {name: sum(v) / len(v) for name, v in out.items()}


def report(train: list[Group], check: list[Group], ranker: Ranker) -> str:
    lines = [
        "| set | role | items | top sentence holds the answer: hand-set | fitted |",
        "|---|---|---|---|---|",
    ]
    for role, groups in (("fitted on", train), ("checked", check)):
        before, after = first_holds(groups, None), first_holds(groups, ranker)
        for name in before:
            n = sum(g.name == name and g.answerable for g in groups)
            lines.append(f"| {name} | {role} | {n} | {before[name]:.3f} | {after[name]:.3f} |")
    weights = ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, ranker.weights))
    return (
        "\n".join(lines)
        + f"\n\nweights: {weights}; bias {ranker.bias:+.2f}; answer when the first sentence's"
        f" probability >= {ranker.min_probability:.2f}\n"
    )


__all__ = ["fit", "first_holds", "measure", "report"]
