"""The search evaluation set (bench/search_eval.py) is in the repository and complete."""

import json
from collections import Counter
from pathlib import Path

from shanglian.text import vocabulary

EVAL = Path(__file__).parent / "data" / "search_eval.json"
CLASSES = {"same_term", "other_script", "held_out", "english", "no_spaces", "generic", "places", "short"}


def test_eval_set_has_every_class_over_three_apps():
    data = json.loads(EVAL.read_text(encoding="utf-8"))
    queries = data["queries"]
    assert len(queries) >= 600
    assert set(Counter(q["class"] for q in queries)) == CLASSES
    assert {q["app"] for q in queries} == {"directory", "festival", "matching"}
    assert all(q["q"] and q["concepts"] for q in queries)


def test_held_out_pairs_leave_every_table():
    data = json.loads(EVAL.read_text(encoding="utf-8"))
    hk, cn = data["held_out"][0]
    try:
        vocabulary.set_held_out([w for pair in data["held_out"] for w in pair])
        assert vocabulary.fold(cn) == cn and vocabulary.expander().chinese(cn) == set()
        assert "芯片" not in vocabulary.fold("晶片")
    finally:
        vocabulary.set_held_out([])
    assert vocabulary.fold("晶片") == "芯片"
