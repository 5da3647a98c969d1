"""Mention rows, their summary and the tally: parts of a corpus add up to the whole."""

from graphbuild.engine.findings import Tally, extract_chunk, mentions_of, paper_text, paper_use
from graphbuild.extract import Extractor
from graphbuild.lexicon import load_lexicon
from graphbuild.readers import bundled_samples, read_papers
from graphbuild.resolve import merge_groups, resolve, resolve_groups


def _papers():
    return read_papers(bundled_samples()).papers


def test_rows_give_back_the_mentions_and_chunks_add_up():
    papers = _papers()
    extractor = Extractor(load_lexicon())
    whole = extract_chunk(extractor, [paper_text(p) for p in papers])
    mentions = [extractor.extract(p) for p in papers]
    for paper, rows, found in zip(papers, whole.rows, mentions, strict=True):
        assert mentions_of(paper.id, rows) == found
    halves = [extract_chunk(extractor, papers[:200]), extract_chunk(extractor, papers[200:])]
    summed = merge_groups(dict(halves[0].groups), halves[1].groups)
    assert summed.keys() == whole.groups.keys()
    assert all(summed[k] == whole.groups[k] for k in summed)
    expected = resolve(m for found in mentions for m in found)
    assert resolve_groups(summed).entities == expected.entities


def test_tallies_of_consecutive_parts_merge_into_the_tally_of_the_whole():
    papers = _papers()
    extractor = Extractor(load_lexicon())
    chunk = extract_chunk(extractor, papers)
    resolution = resolve_groups(chunk.groups)
    whole, first, second = Tally(uses=[]), Tally(uses=[]), Tally(uses=[])
    for rank, rows in enumerate(chunk.rows):
        whole.add(rank, rows, resolution)
        (first if rank < 150 else second).add(rank, rows, resolution)
    first.merge(second)
    assert dict(first.entity_papers) == dict(whole.entity_papers)
    assert dict(first.entity_mentions) == dict(whole.entity_mentions)
    assert first.pairs == whole.pairs
    assert first.introduced == whole.introduced
    # What DRAWS_ON needs comes from the same pass, in rank order, as paper_use gives it.
    assert first.uses == whole.uses
    assert whole.uses == [
        paper_use(rank, rows, resolution) for rank, rows in enumerate(chunk.rows) if rows
    ]
    assert any(introduces for _, _, introduces in whole.uses)
    # Each pair lists its papers in rank order, once each.
    assert all(list(r) == sorted(set(r)) for r in whole.pairs.values())
    assert max(len(r) for r in whole.pairs.values()) > 5


def test_packed_summaries_merge_like_the_summaries_counts_and_order():
    import pickle

    from graphbuild.engine.findings import merge_packed, pack_groups

    papers = _papers()
    extractor = Extractor(load_lexicon())
    parts = [extract_chunk(extractor, papers[i : i + 100]).groups for i in range(0, 400, 100)]
    expected: dict = {}
    for part in pickle.loads(pickle.dumps(parts)):
        merge_groups(expected, part)
    merged: dict = {}
    for part in parts:
        merge_packed(merged, pickle.loads(pickle.dumps(pack_groups(part))))
    assert list(merged) == list(expected)
    for key, group in expected.items():
        for name in ("surfaces", "types", "lexicon_names", "lexicon_types", "short_forms"):
            assert list(getattr(merged[key], name).items()) == list(getattr(group, name).items())
        assert list(merged[key].long_forms.items()) == list(group.long_forms.items())
    assert any(g.short_forms for g in merged.values())
