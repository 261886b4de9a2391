"""`hoidap eval --compare`: what counts as a changed answer."""

from bot.evaluation.compare import differences


def _report(*results):
    return {"summary": {}, "results": list(results)}


def _result(id_, answer, refused=False, cited=(("a.txt", 0, 10),)):
    citations = [{"source": s, "start": a, "end": b} for s, a, b in cited]
    return {"id": id_, "answer": answer, "refused": refused, "citations": citations}


def test_same_answers_with_other_timings_are_unchanged():
    before = _report(_result("q1", "920 [1]."), _result("q2", "Không tìm thấy", True, ()))
    after = _report(_result("q1", "920 [1]."), _result("q2", "Không tìm thấy", True, ()))
    after["results"][0]["timings_ms"] = {"total": 99.0}
    assert differences(before, after) == (2, [])


def test_text_refusal_citation_and_missing_items_are_changes():
    before = {"a.jsonl": _report(_result("q1", "920 [1]."), _result("q2", "12 [1]."))}
    after = {
        "a.jsonl": _report(
            _result("q1", "920 [1].", cited=(("b.txt", 0, 10),)),  # another sentence cited
            _result("q3", "7 [1]."),  # q2 gone, q3 new
        )
    }
    compared, lines = differences(before, after)
    assert compared == 3 and len(lines) == 3
    assert any("q2" in line and "'12 [1].' -> '—'" in line for line in lines)
    one = differences(_report(_result("q1", "a")), {"s": _report(_result("q1", "a", True))})
    assert one[0] == 1 and len(one[1]) == 1  # a one-set report is compared with the one set
