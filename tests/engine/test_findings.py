"""Mention rows, their summary and the tally: parts of a corpus add up to the whole."""

from graphbuild.engine.findings import Tally, extract_chunk, paper_text, paper_use
from graphbuild.extract import Extractor
from graphbuild.lexicon import load_lexicon
from graphbuild.model import Mention
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
        assert [Mention(paper.id, *row[1:]) for row in rows] == found  # rows keep every field
    halves = [extract_chunk(extractor, papers[:200]), extract_chunk(extractor, papers[200:])]
    summed = merge_groups(dict(halves[0].groups), halves[1].groups)
    assert summed.keys() == whole.groups.keys()
    assert all(summed[k] == whole.groups[k] for k in summed)
    expected = resolve(m for found in mentions for m in found)
    assert resolve_groups(summed).entities == expected.entities


def test_the_tally_counts_papers_mentions_and_pairs_and_records_uses():
    papers = _papers()
    extractor = Extractor(load_lexicon())
    chunk = extract_chunk(extractor, papers)
    resolution = resolve_groups(chunk.groups)
    whole = Tally(uses=[])
    for rank, rows in enumerate(chunk.rows):
        whole.add(rank, rows, resolution)
    named = [[resolution.entity_id_of_key(row[0]) for row in rows] for rows in chunk.rows]
    expected_papers: dict[str, int] = {}
    expected_mentions: dict[str, int] = {}
    for ids in named:
        for entity_id in set(ids):
            expected_papers[entity_id] = expected_papers.get(entity_id, 0) + 1
        for entity_id in ids:
            expected_mentions[entity_id] = expected_mentions.get(entity_id, 0) + 1
    assert dict(whole.entity_papers) == expected_papers
    assert dict(whole.entity_mentions) == expected_mentions
    # What DRAWS_ON needs comes from the same pass, in rank order, as paper_use gives it.
    assert whole.uses == [
        paper_use(rank, rows, resolution) for rank, rows in enumerate(chunk.rows) if rows
    ]
    assert any(introduces for _, _, introduces in whole.uses)
    assert whole.introduced == {e for _, _, introduces in whole.uses for e in introduces}
    # Each pair lists the papers naming both, in rank order, once each.
    for (a, b), ranks in whole.pairs.items():
        assert list(ranks) == [r for r, ids in enumerate(named) if a in ids and b in ids]
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
