import pytest

from graphbuild.extract.candidates import Candidate, occurrences, outside_spans, settle
from graphbuild.model import EntityType

METHOD = EntityType.METHOD


def candidate(start: int, end: int, priority: int = 1) -> Candidate:
    return Candidate(start, end, METHOD, "test", priority)


def test_settle_keeps_the_stronger_then_longer_then_first_span_in_text_order():
    kept = settle(
        [
            candidate(0, 4),  # loses to the longer 0..6
            candidate(0, 6),
            candidate(5, 9, priority=2),  # beats 0..6? no: overlaps it and is stronger
            candidate(10, 12),
            candidate(11, 13),  # same length as 10..12, later: loses
            candidate(20, 20),  # empty: dropped
        ],
        size=30,
    )
    assert [(c.start, c.end) for c in kept] == [(0, 4), (5, 9), (10, 12)]


@pytest.mark.parametrize("count", [40, 2500])  # the bisect path and the marking path
def test_settle_of_many_overlapping_spans_keeps_no_overlap(count):
    spans = [candidate(i, i + 3 + i % 4, priority=i % 3) for i in range(0, 2 * count, 2)]
    kept = settle(spans, size=2 * count + 10)
    assert all(a.end <= b.start for a, b in zip(kept, kept[1:], strict=False))
    # Every dropped span overlaps a kept one at least as strong.
    for span in spans:
        if span not in kept:
            assert any(
                k.start < span.end and span.start < k.end and k.priority >= span.priority
                for k in kept
            )


@pytest.mark.parametrize("count", [2, 30])  # below and above the automaton threshold
def test_occurrences_find_whole_tokens_only(count):
    names = [f"Foo{i}" for i in range(count)]
    # Inside a longer token ("xFoo1", "Foo1-Bar", "Foo10") is not an occurrence.
    text = " ".join(f"{n} x{n} {n}-Bar {n}_b ({n})" for n in names)
    found = sorted(occurrences(text, names))
    expected = sorted(
        (i, n) for n in names for i in (text.find(f"{n} x{n}"), text.find(f"({n})") + 1)
    )
    assert found == expected


def test_candidates_inside_urls_are_dropped():
    kept = outside_spans([candidate(0, 3), candidate(12, 15), candidate(40, 44)], [(10, 30)])
    assert [(c.start, c.end) for c in kept] == [(0, 3), (40, 44)]
