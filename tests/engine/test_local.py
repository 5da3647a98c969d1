"""The local engine writes the in-memory build's bytes, for any number of jobs."""

import pytest

from graphbuild.engine import local
from graphbuild.errors import GraphbuildError, OutputError
from graphbuild.pipeline import build_graph
from tests.engine.conftest import reference_bytes


@pytest.mark.parametrize("options", [{}, {"min_weight": 2, "min_papers": 2}])
def test_one_job_equals_the_in_memory_build(engine_inputs, tmp_path, options):
    expected = reference_bytes(engine_inputs, tmp_path, **options)
    out = tmp_path / "engine.graphml"
    result = local.build_graphml(
        engine_inputs, out, jobs=1, chunk_size=64, on_error="skip", **options
    )
    assert out.read_bytes() == expected
    reference = build_graph(engine_inputs, on_error="skip", **options).summary
    assert {k: v for k, v in result.summary.items() if k not in ("output", "seconds")} == {
        k: v for k, v in reference.items() if k not in ("output", "seconds")
    }
    assert set(result.stages) == {"read", "extract", "resolve", "tally", "write"}


@pytest.mark.parametrize("share", [100, 150, local.SHARE_PAPERS])
def test_two_jobs_write_the_same_bytes_as_one(engine_inputs, tmp_path, monkeypatch, share):
    one, two = tmp_path / "one.graphml", tmp_path / "two.graphml"
    local.build_graphml(engine_inputs, one, jobs=1, chunk_size=50, on_error="skip")
    # Shares of two and three chunks: many tasks, ending in a part share.
    monkeypatch.setattr(local, "SHARE_PAPERS", share)
    seen: list[tuple[int, int]] = []
    result = local.build_graphml(
        engine_inputs,
        two,
        jobs=2,
        chunk_size=50,
        on_error="skip",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert two.read_bytes() == one.read_bytes()
    papers = result.counts.papers
    assert seen[-1] == (papers, papers)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_writes_to_an_open_binary_file(engine_inputs, tmp_path):
    expected = reference_bytes(engine_inputs, tmp_path)
    path = tmp_path / "stream.graphml"
    with path.open("wb") as out:
        result = local.build_graphml(engine_inputs, out, jobs=1, on_error="skip")
    assert path.read_bytes() == expected
    assert result.summary["output"] == "-"


def test_an_input_given_as_output_is_refused_before_reading(engine_inputs):
    with pytest.raises(OutputError, match="it is also an input"):
        local.build_graphml(engine_inputs, engine_inputs[0], jobs=1)


@pytest.mark.parametrize("jobs", [0, -1, True, 1.5])
def test_jobs_must_be_a_positive_number(jobs):
    with pytest.raises(GraphbuildError, match="jobs must be a positive number"):
        local.check_jobs(jobs)


def test_the_spill_gives_back_rows_in_order(tmp_path):
    spill: local.Spill[tuple[object, ...]] = local.Spill(tmp_path)
    spill.append([(), (("k", "A", 0, 1),)])
    spill.append([()])
    assert list(spill.rows()) == [(), (("k", "A", 0, 1),), ()]
    assert list(spill.rows()) == [(), (("k", "A", 0, 1),), ()]
    spill.close()


@pytest.mark.parametrize("in_memory", [0, 10, 1 << 20])
def test_the_spill_gives_back_chunks_by_index_in_memory_or_on_disk(tmp_path, in_memory):
    spill: local.Spill[str] = local.Spill(tmp_path, in_memory=in_memory)
    chunks = [["a", "b"], [], ["c" * 50], ["d"]]
    for chunk in chunks:
        spill.append(chunk)
    assert [spill.chunk(i) for i in (3, 0, 2, 1)] == [chunks[3], chunks[0], chunks[2], []]
    assert list(spill.chunks()) == chunks
    assert spill.starts == [0, 2, 2, 3]
    assert spill.items == 4
    spill.close()


def test_the_citation_layer_equals_the_in_memory_build(tmp_path):
    # OpenAlex works: CITES among them, authors, venues, dates (DRAWS_ON); plus samples.
    from graphbuild.readers import bundled_samples
    from tests.engine.conftest import shared_file

    inputs = [shared_file("sources", "01_openalex", "works_snowball.jsonl"), *bundled_samples()]
    expected = reference_bytes(inputs, tmp_path)
    out = tmp_path / "engine.graphml"
    result = local.build_graphml(inputs, out, jobs=1, chunk_size=100, on_error="skip")
    assert out.read_bytes() == expected
    reference = build_graph(inputs, on_error="skip").summary
    assert result.summary["citations"] == reference["citations"]
    assert result.summary["citations"]["edges"]["CITES"] > 0


def test_two_spawned_jobs_write_the_same_bytes_as_forked_ones(engine_inputs, tmp_path, monkeypatch):
    # Where fork is unavailable (macOS, Windows, a threaded caller) papers go to spawned
    # workers instead of being inherited: the same bytes either way.
    forked_out, spawned_out = tmp_path / "forked.graphml", tmp_path / "spawned.graphml"
    local.build_graphml(engine_inputs, forked_out, jobs=2, chunk_size=50, on_error="skip")
    monkeypatch.setattr(local, "can_fork", lambda: False)
    local.build_graphml(engine_inputs, spawned_out, jobs=2, chunk_size=50, on_error="skip")
    assert spawned_out.read_bytes() == forked_out.read_bytes()


def test_the_tally_of_a_spill_on_disk_ranks_papers_in_spill_order(engine_inputs, tmp_path):
    from graphbuild.engine.findings import Tally
    from graphbuild.lexicon import load_lexicon
    from graphbuild.readers import read_papers
    from graphbuild.resolve import merge_groups, resolve_groups

    papers = sorted(read_papers(engine_inputs, on_error="skip").papers, key=lambda p: p.id)
    spill: local.Spill[tuple[tuple[object, ...], ...]] = local.Spill(tmp_path, in_memory=0)
    groups: dict = {}
    every_row = []
    for chunk in local.extract_chunks(local.chunked(papers, 40), len(papers), load_lexicon()):
        merge_groups(groups, chunk.groups)
        spill.append(chunk.rows)
        every_row.extend(chunk.rows)
    resolution = resolve_groups(groups)
    one = local.tally_spilled(spill, resolution, uses=True)
    spill.close()
    two = Tally(uses=[])
    for rank, rows in enumerate(every_row):
        two.add(rank, rows, resolution)
    assert list(two.entity_papers.items()) == list(one.entity_papers.items())
    assert list(two.entity_mentions.items()) == list(one.entity_mentions.items())
    assert list(two.pairs.items()) == list(one.pairs.items())
    assert two.introduced == one.introduced
    assert two.uses == one.uses
    assert len(one.pairs) > 10
    assert one.uses is not None and len(one.uses) > 10


def test_forked_pools_by_segments_write_the_same_bytes(engine_inputs, tmp_path, monkeypatch):
    whole, segments = tmp_path / "whole.graphml", tmp_path / "segments.graphml"
    local.build_graphml(engine_inputs, whole, jobs=2, chunk_size=50, on_error="skip")
    monkeypatch.setattr(local, "SHARE_PAPERS", 100)  # shares of 2 chunks
    monkeypatch.setattr(local, "FORK_SEGMENT", 120)  # a pool per share
    seen: list[int] = []
    result = local.build_graphml(
        engine_inputs,
        segments,
        jobs=2,
        chunk_size=50,
        on_error="skip",
        progress=lambda done, _: seen.append(done),
    )
    assert segments.read_bytes() == whole.read_bytes()
    assert seen == sorted(seen) and seen[-1] == result.counts.papers


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("spawned", [False, True])
def test_abstracts_kept_on_disk_write_the_same_bytes(tmp_path, monkeypatch, jobs, spawned):
    # A large input keeps its abstracts on disk while it is read (readers.text_store);
    # merged records, cited works and the citation layer come out as from memory.
    import tempfile

    from graphbuild.readers import bundled_samples
    from tests.engine.conftest import shared_file

    inputs = [
        shared_file("sources", "01_openalex", "works_snowball.jsonl"),
        shared_file("sources", "03_arxiv", "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl"),
        *bundled_samples(),
    ]
    expected = reference_bytes(inputs, tmp_path)
    monkeypatch.setattr(local, "TEXT_STORE_BYTES", 0)
    monkeypatch.setattr(local, "PARALLEL_READ_BYTES", 0)  # parse in workers too
    if spawned:
        monkeypatch.setattr(local, "can_fork", lambda: False)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "engine.graphml"
    local.build_graphml(inputs, out, jobs=jobs, chunk_size=64, on_error="skip")
    assert out.read_bytes() == expected
    assert list(scratch.iterdir()) == []  # the stored abstracts are removed


def test_draws_on_of_one_and_two_jobs_equals_the_in_memory_build(tmp_path):
    # The synthetic benchmark corpus: dated papers that introduce entities and later ones
    # that name them, so DRAWS_ON is inferred (from the tally's pass, forked with 2 jobs).
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("synthetic", root / "benchmarks" / "synthetic.py")
    assert spec and spec.loader
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    inputs = synthetic.write_corpus(tmp_path / "corpus", 2_500, shard_size=1_000)
    expected = reference_bytes(inputs, tmp_path)
    assert expected.count(b'<data key="label">DRAWS_ON</data>') > 20
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}.graphml"
        local.build_graphml(inputs, out, jobs=jobs, chunk_size=100, on_error="skip")
        assert out.read_bytes() == expected, f"--jobs {jobs}"


@pytest.mark.parametrize(
    ("first", "end", "share", "chunk", "jobs"),
    [
        (0, 50_000, 2_000, 500, 2),
        (50_000, 73_333, 2_000, 500, 2),
        (0, 730, 100, 50, 3),
        (0, 40, 2_000, 500, 2),
    ],
)
def test_shares_cover_the_papers_in_whole_chunks_and_shrink_at_the_end(
    first, end, share, chunk, jobs
):
    bounds = local.share_bounds(first, end, share, chunk, jobs)
    assert bounds[0][0] == first and bounds[-1][1] == end
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    sizes = [stop - start for start, stop in bounds]
    assert all(size % chunk == 0 and 0 < size <= share for size in sizes[:-1])
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)
    # The workers wait on one chunk at most at the end, not on a whole share.
    assert sizes[-1] <= chunk


def test_input_size_counts_only_the_files_a_folder_is_read_from(tmp_path):
    # A folder's size decides the parallel read and the text store: an earlier output or a
    # PDF beside the records must not make a small corpus large.
    (tmp_path / "papers.jsonl").write_text('{"title": "A"}\n', encoding="utf-8")
    (tmp_path / "graph.graphml").write_bytes(b"x" * 10_000)
    (tmp_path / "paper.pdf").write_bytes(b"x" * 5_000)
    hidden = tmp_path / ".cache"
    hidden.mkdir()
    (hidden / "old.jsonl").write_bytes(b"x" * 1_000)
    record = len('{"title": "A"}\n')
    assert local.input_bytes([tmp_path]) == record
    assert local.input_bytes([tmp_path / "graph.graphml"]) == 10_000  # named: it is read
    assert local.input_bytes(["-", tmp_path / "missing.jsonl"]) == 0
