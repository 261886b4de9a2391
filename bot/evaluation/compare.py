"""Did a change alter any answer? Two `hoidap eval --json` reports compared item by item.

An answer is its text, whether it was refused and the sentences it cites (article and offsets);
timings and retrieval scores are not part of it. A refactor that claims "behaviour unchanged"
shows it with `hoidap eval SETS --json before.json` on the old code, then
`hoidap eval SETS --compare before.json` on the new.

Deliberately not here: judging answers (evaluate.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from index.errors import BadInput


def answer_of(result: dict) -> tuple:
    """What counts as the answer in one result of a report."""
    cited = tuple((c["source"], c["start"], c["end"]) for c in result.get("citations", []))
    return result["answer"], bool(result["refused"]), cited


def by_set(report: dict) -> dict[str, dict[str, tuple]]:
    """{set: {item id: answer}} of a report of one set ({summary, results}) or of several."""
    sets = {"": report} if "results" in report else report
    return {
        name: {r["id"]: answer_of(r) for r in data.get("results", [])}
        for name, data in sets.items()
    }


def load_report(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise BadInput(f"Không đọc được báo cáo {path}: {err}") from None


def differences(before: dict, after: dict) -> tuple[int, list[str]]:
    """(items compared, one line per item whose answer differs). Sets or items found in only
    one of the two reports are listed too: an unchanged run has the same items."""
    old, new = by_set(before), by_set(after)
    if set(old) == {""} and len(new) == 1:
        old = {next(iter(new)): old[""]}  # a one-set report names no set
    if set(new) == {""} and len(old) == 1:
        new = {next(iter(old)): new[""]}
    compared, lines = 0, []
    for name in sorted(set(old) | set(new)):
        if name not in old or name not in new:
            lines.append(f"{name}: chỉ có trong {'lần sau' if name in new else 'lần trước'}")
            continue
        for item in sorted(set(old[name]) | set(new[name])):
            a, b = old[name].get(item), new[name].get(item)
            compared += 1
            if a != b:
                was = "—" if a is None else a[0]
                now = "—" if b is None else b[0]
                lines.append(f"{name} {item}: {was!r} -> {now!r}")
    return compared, lines
