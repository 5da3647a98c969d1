"""Abstracts kept on disk while reading: tokens stand for them and come back unchanged."""

import os
import pickle
from dataclasses import replace

from graphbuild.model import SourceRef
from graphbuild.readers import read_papers
from graphbuild.readers.identity import make_paper
from graphbuild.readers.merge import PaperMerger
from graphbuild.readers.text_store import TextStore
from tests.engine.conftest import shared_file


def _stream(papers):
    return lambda _format: iter(papers)


def test_tokens_give_back_each_abstract_and_its_length(tmp_path):
    texts = [
        "A plain abstract.",
        "Ünïcödé — PanGu-α, 数据集",
        "lone \udc80 surrogate",
        "x" * 70_000,
    ]
    papers = [
        make_paper(f"Title {i}", text, SourceRef("f.jsonl", i)) for i, text in enumerate(texts)
    ]
    with TextStore(tmp_path) as store:
        [(_, stream)] = list(store.stored([("f.jsonl", _stream(papers))]))
        stored = list(stream(None))
        assert all(p.abstract.startswith("\x00") for p in stored)
        assert [store.length(p.abstract) for p in stored] == [len(t) for t in texts]
        assert [store.restore(p) for p in stored] == papers
        assert store.length("not a token") == len("not a token")
    assert os.listdir(tmp_path) == []  # the folder and its files are gone


def test_cited_works_and_empty_abstracts(tmp_path):
    cited = make_paper("A Cited Work", "Its own abstract.", SourceRef("f.jsonl", 1))
    record = replace(
        make_paper("A Record", "", SourceRef("f.jsonl", 1)), references=(cited,), cited_by=(cited,)
    )
    with TextStore(tmp_path) as store:
        [(_, stream)] = list(store.stored([("f.jsonl", _stream([record]))]))
        [stored] = list(stream(None))
        assert stored.abstract == ""  # empty stays empty: bool(abstract) keeps its meaning
        assert store.restore(stored.references[0]) == cited
        assert store.restore(stored.cited_by[0]) == cited


def test_a_merge_keeps_the_longer_abstract_by_the_tokens_lengths(tmp_path):
    short = make_paper("One Paper", "Short.", SourceRef("a.jsonl", 1), doi="10.1234/x")
    long = make_paper(
        "One Paper", "A much longer abstract of it.", SourceRef("b.jsonl", 1), doi="10.1234/x"
    )
    with TextStore(tmp_path) as store:
        sources = store.stored([("a.jsonl", _stream([short])), ("b.jsonl", _stream([long]))])
        merger = PaperMerger(text_length=store.length)
        for _, stream in sources:
            for paper in stream(None):
                merger.add(paper)
        [merged] = merger.papers()
        assert store.restore(merged).abstract == long.abstract
        # The same paper as a merge of the abstracts themselves.
        plain = PaperMerger()
        plain.add(short)
        plain.add(long)
        assert store.restore(merged) == plain.papers()[0]


def test_a_copy_in_another_process_reads_but_never_removes(tmp_path):
    paper = make_paper("Title", "An abstract.", SourceRef("f.jsonl", 1))
    store = TextStore(tmp_path)
    [(_, stream)] = list(store.stored([("f.jsonl", _stream([paper]))]))
    [stored] = list(stream(None))
    copy = pickle.loads(pickle.dumps(store))  # what a spawned worker gets
    assert copy.restore(stored) == paper
    copy._owner = -1  # as in a process that did not make it
    copy.close()
    assert os.listdir(store.folder)
    store.close()
    assert os.listdir(tmp_path) == []


def test_reading_with_a_store_gives_the_same_papers_after_restore(tmp_path):
    inputs = [
        shared_file("sources", "01_openalex", "works_snowball.jsonl"),
        shared_file("sources", "02_semantic_scholar", "s2_graph_api_Paper.json"),
        shared_file("sources", "03_arxiv", "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl"),
        shared_file("sources", "03_arxiv", "atom_api_query_testing_100.json"),
    ]
    plain = read_papers(inputs, on_error="skip")
    with TextStore(tmp_path) as store:
        stored = read_papers(inputs, on_error="skip", text_store=store, jobs=2)
        assert [store.restore(p) for p in stored.papers] == list(plain.papers)
        assert stored.citations == plain.citations
        assert stored.merges == plain.merges
        assert sum(1 for p in stored.papers if p.abstract) == sum(
            1 for p in plain.papers if p.abstract
        )
