"""Tests for graphbuild.readers: formats, malformed input, identity and de-duplication."""

from __future__ import annotations

import codecs
import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.model import Paper, SourceRef
from graphbuild.readers import (
    FORMATS,
    ReadResult,
    bundled_samples,
    clean_title,
    detect_format,
    normalise_title,
    paper_id,
    parse_arxiv_id,
    parse_doi,
    read_papers,
)

DATA = Path(__file__).parent / "data" / "readers"
SAMPLE_000 = "000_e7e2660a1c43b118.txt"
# The bundled samples are real data and must stay byte-for-byte as published.
SAMPLE_SHA256 = {
    "000_e7e2660a1c43b118.txt": "c9b091d19b6b08a412ce64f6ed368303fc721f2cd771090068d5062ff26978c4",
    "001_01a09f34ea617e02.txt": "d058bb7faba1e1a8be868cc3fbb6bbe47d769eabd418c6a0f0bd50868f0d9931",
    "002_aa9723a83510d9a6.txt": "7ec7f0594f823c422e53f3abec611c5e1ada41be1aa0e934de248cda1778bc0d",
    "003_3286ea5c98d9c52a.txt": "a5c61f35ba471b1c99ae854b07585fee696ac873d1330198119b3a666c48cc31",
    "004_752272cbd5988517.txt": "6ee6d145d44a6510d620ea3027e2cc932a02e6b9823c53d75666428530feacfd",
}
PTM_TITLE = "Pre-Trained Models: Past, Present and Future"
PANGU_TITLE = (
    "PanGu-α: Large-scale Autoregressive Pretrained Chinese Language Models with "
    "Auto-parallel Computation"
)


@pytest.fixture(scope="module")
def samples() -> ReadResult:
    return read_papers(bundled_samples())


@pytest.fixture(scope="module")
def sample_000() -> Path:
    return next(p for p in bundled_samples() if p.name == SAMPLE_000)


def by_title(result: ReadResult, title: str) -> Paper:
    return next(p for p in result.papers if p.title == title)


def content(papers: tuple[Paper, ...]) -> list[tuple[object, ...]]:
    """Papers without their file names, to compare copies of a file saved elsewhere."""
    return [
        (p.id, p.title, p.abstract, p.listing_date, tuple(s.line for s in p.sources))
        for p in papers
    ]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


# --- the bundled samples ---------------------------------------------------------------


def test_bundled_samples_are_the_five_unchanged_listings() -> None:
    paths = bundled_samples()
    assert [p.name for p in paths] == sorted(SAMPLE_SHA256)
    for path in paths:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == SAMPLE_SHA256[path.name]
    assert (paths[0].parent / "SOURCE.md").is_file()


def test_samples_counts(samples: ReadResult) -> None:
    assert samples.records_read == 510
    assert len(samples.papers) == 433
    assert sum(len(p.sources) > 1 for p in samples.papers) == 62
    assert samples.skipped == () and samples.warnings == ()
    assert samples.files == tuple(str(p) for p in bundled_samples())
    assert len({p.id for p in samples.papers}) == 433


def test_samples_duplicate_keeps_every_source_in_reading_order(samples: ReadResult) -> None:
    paper = by_title(samples, PTM_TITLE)
    names = [(Path(s.path).name, s.line) for s in paper.sources]
    assert names == [(SAMPLE_000, 11), ("002_aa9723a83510d9a6.txt", 123)]
    assert paper.listing_date == "Mar 12"
    assert paper.abstract.startswith("Large-scale pre-trained models (PTMs) such as BERT")


@pytest.mark.parametrize(
    ("raw", "title", "norm"),
    [
        (
            "PanGu-$α$: Large-scale",
            PANGU_TITLE,
            "pangu alpha large scale autoregressive pretrained chinese language models with "
            "auto parallel computation",
        ),
        (
            "M$^{2}$UGen: Multi-modal",
            "M²UGen: Multi-modal Music Understanding and Generation with the Power of Large "
            "Language Models",
            "m2ugen multi modal music understanding and generation with the power of large "
            "language models",
        ),
        (
            "This Land is {Your, My} Land",
            "This Land is {Your, My} Land: Evaluating Geopolitical Biases in Language Models",
            "this land is your my land evaluating geopolitical biases in language models",
        ),
    ],
)
def test_samples_latex_titles(samples: ReadResult, raw: str, title: str, norm: str) -> None:
    assert any(raw in p.read_text(encoding="utf-8") for p in bundled_samples())
    paper = by_title(samples, title)
    assert paper.norm_title == norm
    assert "$" not in paper.title


def test_samples_read_twice_are_identical(samples: ReadResult) -> None:
    assert read_papers(bundled_samples()) == samples


# --- identity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("PanGu-$α$: Models", "PanGu-α: Models"),
        ("PanGu-$\\alpha$: Models", "PanGu-α: Models"),
        ("PanGu-\\alpha: Models", "PanGu-α: Models"),
        ("M$^{2}$UGen", "M²UGen"),
        ("M$^2$UGen", "M²UGen"),
        ("$\\mathcal{O}(n)$ attention", "O(n) attention"),
        ("$x^{ab}$ and H$_2$O", "xab and H₂O"),
        ("$\\Delta$-tuning \\& $3\\times$ faster", "Δ-tuning & 3× faster"),
        ("This Land is {Your, My} Land", "This Land is {Your, My} Land"),
        ("  Spread\n over   lines ", "Spread over lines"),
        ("Costs $5", "Costs 5"),
    ],
)
def test_clean_title(raw: str, cleaned: str) -> None:
    assert clean_title(raw) == cleaned


@pytest.mark.parametrize(
    "spelling",
    [
        "PanGu-$α$: Large-Scale Models",
        "PanGu-$\\alpha$: Large-scale Models",
        "PanGu-α: Large-scale Models",
        "PanGu α — large scale models",
        "pangu-Alpha: large_scale models.",
        "ＰａｎＧｕ-α: Large-scale Models",  # full-width letters, folded by NFKC
    ],
)
def test_normalise_title_spellings_agree(spelling: str) -> None:
    assert normalise_title(spelling) == "pangu alpha large scale models"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pre-Trained Models: Past, Present and Future", "Pre-Trained Models: Past and Future"),
        ("GPT-2 Models", "GPT-3 Models"),
        ("Llama 2", "Llama-3"),
    ],
)
def test_normalise_title_keeps_different_titles_apart(a: str, b: str) -> None:
    assert normalise_title(a) != normalise_title(b)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2106.07139", "2106.07139"),
        ("2106.07139v2", "2106.07139"),
        ("arXiv:2106.07139v2", "2106.07139"),
        ("arxiv: 2311.11255", "2311.11255"),
        ("https://arxiv.org/abs/2106.07139", "2106.07139"),
        ("http://arxiv.org/abs/2106.07139v3/", "2106.07139"),
        ("https://arxiv.org/pdf/2311.11255v4.pdf", "2311.11255"),
        ("arxiv.org/pdf/2311.11255", "2311.11255"),
        ("10.48550/arXiv.2104.12369", "2104.12369"),
        ("https://doi.org/10.48550/arXiv.2104.12369", "2104.12369"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),
        ("10.1145/3560815", None),
        ("https://github.com/x/y", None),
        ("2106.0713", None),
    ],
)
def test_parse_arxiv_id(raw: str, expected: str | None) -> None:
    assert parse_arxiv_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1145/3560815", "10.1145/3560815"),
        ("doi:10.1145/3560815", "10.1145/3560815"),
        ("https://doi.org/10.18653/V1/2020.ACL-MAIN.740", "10.18653/v1/2020.acl-main.740"),
        ("http://dx.doi.org/10.1145/3560815", "10.1145/3560815"),
        ("2106.07139", None),
        ("10.1145", None),
    ],
)
def test_parse_doi(raw: str, expected: str | None) -> None:
    assert parse_doi(raw) == expected


@pytest.mark.parametrize(
    ("title", "arxiv_id", "doi", "expected"),
    [
        # Computed once by hand (sha1 of the normalised title); a change here breaks every
        # stored graph and Neo4j database, so it must be deliberate.
        (PTM_TITLE, None, None, "title:bd482ba7d8a0c378"),
        (
            "PanGu-$α$: Large-scale Autoregressive Pretrained Chinese Language Models with "
            "Auto-parallel Computation",
            None,
            None,
            "title:d98c04eda622d48f",
        ),
        (PANGU_TITLE, None, None, "title:d98c04eda622d48f"),
        (PTM_TITLE, "arXiv:2106.07139v2", "10.1/x", "arxiv:2106.07139"),
        (PTM_TITLE, None, "https://doi.org/10.1145/3560815", "doi:10.1145/3560815"),
        (PTM_TITLE, None, "10.48550/arXiv.2106.07139", "arxiv:2106.07139"),
    ],
)
def test_paper_id(title: str, arxiv_id: str | None, doi: str | None, expected: str) -> None:
    assert paper_id(title, arxiv_id, doi) == expected


@pytest.mark.parametrize(("arxiv_id", "doi"), [("not-an-id", None), (None, "nope")])
def test_paper_id_rejects_bad_identifiers(arxiv_id: str | None, doi: str | None) -> None:
    with pytest.raises(ValueError, match="not a"):
        paper_id("T", arxiv_id, doi)


# --- HF listings: robustness -----------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "crlf",
        "bom",
        "crlf+bom",
        "cr",
        "utf-16",
        "trailing-newline",
        "stray-blanks",
        "no-new",
        "no-header-blanks",
        "whitespace",
    ],
)
def test_listing_variants_read_the_same(sample_000: Path, tmp_path: Path, variant: str) -> None:
    original = sample_000.read_text(encoding="utf-8")
    lines = original.split("\n")
    same_lines = True
    if variant == "crlf":
        data: str | bytes = original.replace("\n", "\r\n")
    elif variant == "bom":
        data = codecs.BOM_UTF8 + original.encode()
    elif variant == "crlf+bom":
        data = codecs.BOM_UTF8 + original.replace("\n", "\r\n").encode()
    elif variant == "cr":
        data = original.replace("\n", "\r")
    elif variant == "utf-16":
        data = original.encode("utf-16")
    elif variant == "trailing-newline":
        data = original + "\n\n"
    elif variant == "whitespace":
        data = "\n".join(f"  {line}\t" if line else " " for line in lines)
    elif variant == "stray-blanks":
        # Extra blank lines after every third line and a few at the top: lines move.
        data = "\n\n" + "\n".join(s + ("\n" if i % 3 == 0 else "") for i, s in enumerate(lines))
        same_lines = False
    elif variant == "no-new":
        data = "\n".join(lines[2:])
        same_lines = False
    else:  # the header's blank separators gone
        data = "\n".join(line for i, line in enumerate(lines) if i >= 9 or line)
        same_lines = False
    copy = read_papers([write(tmp_path / variant / SAMPLE_000, data)])
    expected = read_papers([sample_000])
    assert copy.records_read == 71 == len(copy.papers)
    assert copy.skipped == () and copy.warnings == ()
    if same_lines:
        assert content(copy.papers) == content(expected.papers)
    else:
        assert [(p.id, p.title, p.abstract, p.listing_date) for p in copy.papers] == [
            (p.id, p.title, p.abstract, p.listing_date) for p in expected.papers
        ]


def test_listing_final_title_without_abstract_is_kept_with_a_warning() -> None:
    result = read_papers([DATA / "final_title.txt"])
    assert [p.title for p in result.papers][-1] == "ICLR: In-Context Learning of Representations"
    assert result.papers[-1].abstract == ""
    assert result.records_read == 3 and result.skipped == ()
    [warning] = result.warnings
    assert warning.source == SourceRef(str(DATA / "final_title.txt"), 19)
    assert "no abstract" in str(warning)


def test_listing_two_pages_pasted_together(sample_000: Path, tmp_path: Path) -> None:
    other = next(p for p in bundled_samples() if p.name.startswith("003_"))
    text = sample_000.read_text(encoding="utf-8") + "\n\n" + other.read_text(encoding="utf-8")
    result = read_papers([write(tmp_path / "both.txt", text)])
    assert result.records_read == 71 + 70 and result.warnings == ()
    assert {p.listing_date for p in result.papers} == {"Mar 12", "May 9"}


def test_listing_without_header_needs_forcing(sample_000: Path, tmp_path: Path) -> None:
    bare = write(tmp_path / "bare.txt", "\n".join(sample_000.read_text("utf-8").split("\n")[10:]))
    with pytest.raises(InputError, match=r"bare\.txt: .*--format"):
        read_papers([bare])
    forced = read_papers([bare], input_format="hf-listing")
    assert forced.records_read == 71
    assert forced.papers[0].title == PTM_TITLE and forced.papers[0].listing_date is None
    assert forced.papers[0].sources == (SourceRef(str(bare), 1),)


def test_listing_short_abstract_is_kept_with_a_warning(tmp_path: Path) -> None:
    text = "Get trending papers in your email inbox!\n\nMar 12\n\nA Title\n\nShort abstract.\n"
    result = read_papers([write(tmp_path / "short.txt", text)])
    assert [(p.title, p.abstract) for p in result.papers] == [("A Title", "Short abstract.")]
    assert [w.source.line for w in result.warnings] == [7]


# --- HF listings: malformed files ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "message", "titles_kept"),
    [
        (
            "missing_abstract.txt",
            15,
            "title has no abstract: line 17 looks like the next title",
            [
                "Pre-Trained Models: Past, Present and Future",
                "ICLR: In-Context Learning of Representations",
            ],
        ),
        (
            "split_abstract.txt",
            15,
            "3 non-blank lines in a row (lines 17-19)",
            [
                "Pre-Trained Models: Past, Present and Future",
                "ICLR: In-Context Learning of Representations",
            ],
        ),
        (
            "orphan_abstract.txt",
            15,
            "expected a title, found a line that looks like an abstract",
            [
                "Pre-Trained Models: Past, Present and Future",
                "ICLR: In-Context Learning of Representations",
            ],
        ),
        (
            "bad_utf8.txt",
            15,
            "abstract on line 17: not valid UTF-8 (byte 0xE9 at column",
            [
                "Pre-Trained Models: Past, Present and Future",
                "ICLR: In-Context Learning of Representations",
            ],
        ),
    ],
)
def test_malformed_listing(name: str, line: int, message: str, titles_kept: list[str]) -> None:
    path = DATA / name
    with pytest.raises(InputError) as raised:
        read_papers([path])
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert message in str(raised.value)
    assert (raised.value.path, raised.value.line) == (str(path), line)

    result = read_papers([path], on_error="skip")
    assert [p.title for p in result.papers] == titles_kept
    assert result.records_read == 2
    [skipped] = result.skipped
    assert skipped.source == SourceRef(str(path), line) and message in skipped.reason


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "not valid UTF-8 (byte 0x89 at column 1)"),
        ("plain notes\nnothing to see\n", None, "cannot tell the format"),
        (b"\xff\xfe\x00\xd8", None, "not valid UTF-16"),
    ],
)
def test_unreadable_file(tmp_path: Path, data: str | bytes, line: int | None, message: str) -> None:
    path = write(tmp_path / "notes.txt", data)
    with pytest.raises(InputError, match="notes.txt") as raised:
        read_papers([path])
    assert message in str(raised.value) and raised.value.line == line


def test_unknown_format_is_skipped_as_a_whole_file(tmp_path: Path, sample_000: Path) -> None:
    notes = write(tmp_path / "notes.txt", "plain notes\n")
    result = read_papers([notes, sample_000], on_error="skip")
    assert result.records_read == 71
    [skipped] = result.skipped
    assert skipped.source == SourceRef(str(notes), 1)
    assert "--format" in skipped.reason and "file not read" in skipped.reason


def test_empty_file_is_a_warning(tmp_path: Path) -> None:
    result = read_papers([write(tmp_path / "empty.txt", "\n \n")])
    assert result.papers == () and result.files == (str(tmp_path / "empty.txt"),)
    assert [w.message for w in result.warnings] == ["empty file"]


# --- records ---------------------------------------------------------------------------

EXPECTED_IDS = [
    "arxiv:2106.07139",
    "arxiv:2104.12369",
    "arxiv:2311.11255",
    "doi:10.1145/3560815",
]


@pytest.mark.parametrize("name", ["records.jsonl", "records.json", "records_wrapped.json"])
def test_records_ids_from_every_field(name: str) -> None:
    result = read_papers([DATA / name])
    assert [p.id for p in result.papers] == EXPECTED_IDS
    assert result.papers[1].title == PANGU_TITLE
    assert result.skipped == () and result.warnings == ()
    lines = [s.line for p in result.papers for s in p.sources]
    assert lines == [1, 2, 3, 4]  # JSON Lines: line numbers; JSON: record numbers


def test_records_fields() -> None:
    result = read_papers([DATA / "records.jsonl"])
    ptm, pangu, m2, survey = result.papers
    assert ptm.authors == ("Xu Han", "Zhengyan Zhang", "Ning Ding")
    assert ptm.date == "2021-06" and ptm.arxiv_id == "2106.07139"
    assert pangu.authors == ("Wei Zeng", "Xiaozhe Ren")
    assert m2.url == "https://arxiv.org/pdf/2311.11255v4.pdf" and m2.title.startswith("M²UGen")
    assert survey.doi == "10.1145/3560815" and survey.arxiv_id is None
    assert survey.authors[-1] == "Graham Neubig" and len(survey.authors) == 6


def test_records_merge_with_listings(samples: ReadResult) -> None:
    result = read_papers([*bundled_samples(), DATA / "records.jsonl", DATA / "records.json"])
    assert len(result.papers) == 433 and result.records_read == 518
    ptm = by_title(result, PTM_TITLE)
    assert ptm.id == "arxiv:2106.07139" and ptm.authors[0] == "Xu Han"
    # The listing's full abstract beats the record's first sentence.
    assert ptm.abstract == by_title(samples, PTM_TITLE).abstract
    assert [Path(s.path).name for s in ptm.sources] == [
        SAMPLE_000,
        "002_aa9723a83510d9a6.txt",
        "records.jsonl",
        "records.json",
    ]
    # Order of first appearance is kept even though the id changed.
    assert [p.title for p in result.papers] == [p.title for p in samples.papers]


def test_records_first_then_listing_merge_the_same_way(samples: ReadResult) -> None:
    result = read_papers([DATA / "records.jsonl", *bundled_samples()])
    assert len(result.papers) == 433
    assert result.papers[0].id == "arxiv:2106.07139"
    assert result.papers[0].abstract == by_title(samples, PTM_TITLE).abstract


def test_same_title_different_arxiv_ids_stay_apart(tmp_path: Path) -> None:
    rows = [
        {"id": "2106.07139", "title": PTM_TITLE},
        {"id": "2999.00001", "title": PTM_TITLE},
        {"id": "2999.00001v2", "title": PTM_TITLE},
        {"title": PTM_TITLE.upper(), "abstract": "A longer abstract."},
    ]
    path = write(tmp_path / "twins.jsonl", "\n".join(json.dumps(r) for r in rows))
    result = read_papers([path])
    assert [p.id for p in result.papers] == ["arxiv:2106.07139", "arxiv:2999.00001"]
    assert [len(p.sources) for p in result.papers] == [2, 2]
    assert result.papers[0].abstract == "A longer abstract."
    [warning] = result.warnings
    assert warning.source.line == 2 and "kept as two papers" in warning.message


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"title": "T", "arxiv_id": "12345"}, "\"arxiv_id\" '12345' is not an arXiv id"),
        ({"title": "T", "doi": "doi:nope"}, "\"doi\" 'doi:nope' is not a DOI"),
        ({"title": "T", "arxiv_id": 2106.0713}, "quote it"),
        ({"title": ["T"]}, '"title" must be a string, found a list'),
        ({"title": "  "}, 'no "title"'),
        ({"title": "T", "authors": 3}, '"authors" must be a list or a string'),
        ({"title": "T", "authors": [{"id": 1}]}, '"authors" entries must be names'),
        (
            {"title": "T", "id": "2106.07139", "url": "https://arxiv.org/abs/2104.12369"},
            'fields name different arXiv ids: "id" 2106.07139, "url" 2104.12369',
        ),
        (42, "expected an object, found a number"),
    ],
)
def test_bad_record(tmp_path: Path, row: object, message: str) -> None:
    path = write(tmp_path / "bad.jsonl", '{"title": "Fine"}\n\n' + json.dumps(row) + "\n")
    with pytest.raises(InputError) as raised:
        read_papers([path])
    assert str(raised.value).startswith(f"{path}:3: ") and message in str(raised.value)
    assert raised.value.line == 3


@pytest.mark.parametrize(
    ("row", "paper_id"),
    [
        ({"title": "T", "id": 17}, "id:17"),
        ({"title": "T", "id": " W123 "}, "id:W123"),
        ({"title": "T", "id": "W123", "doi": "10.1000/x"}, "doi:10.1000/x"),
    ],
)
def test_a_users_own_id_is_kept_namespaced(tmp_path: Path, row: object, paper_id: str) -> None:
    result = read_papers([write(tmp_path / "r.jsonl", json.dumps(row))])
    (paper,) = result.papers
    assert paper.id == paper_id
    assert paper.user_id == str(row["id"]).strip()  # type: ignore[index]


def test_user_ids_are_counted_in_one_warning_per_file(tmp_path: Path) -> None:
    rows = [{"title": f"Paper {i}", "id": f"row-{i}"} for i in range(50)]
    rows.append({"title": "Known", "id": "2106.07139"})
    path = write(tmp_path / "r.jsonl", "\n".join(json.dumps(r) for r in rows))
    result = read_papers([path])
    assert [p.id for p in result.papers[:2]] == ["id:row-0", "id:row-1"]
    assert result.papers[-1].id == "arxiv:2106.07139"
    (warning,) = result.warnings
    assert warning.source == SourceRef(str(path), 1)
    assert "50 records (the first at line 1)" in warning.message
    json_path = write(tmp_path / "r.json", json.dumps(rows))
    (warning,) = read_papers([json_path]).warnings
    assert "50 records (the first at record 1)" in warning.message


def test_the_graph_keeps_the_users_id_beside_a_stronger_one(tmp_path: Path) -> None:
    from graphbuild.pipeline import build_graph

    row = {"title": "T", "id": "row-9", "doi": "10.1000/x"}
    graph = build_graph([write(tmp_path / "r.jsonl", json.dumps(row))]).graph
    assert graph.nodes["doi:10.1000/x"]["user_id"] == "row-9"


def test_records_sharing_a_user_id_and_title_are_one_paper(tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", json.dumps({"title": "Same", "id": "7", "abstract": "x"}))
    b = write(tmp_path / "b.jsonl", json.dumps({"title": "Same", "id": "7", "abstract": "xy"}))
    (paper,) = read_papers([a, b]).papers
    assert (paper.id, paper.abstract, len(paper.sources)) == ("id:7", "xy", 2)


def test_row_numbers_of_two_files_are_not_the_same_paper(tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", json.dumps({"title": "First paper", "id": 1}))
    b = write(tmp_path / "b.jsonl", json.dumps({"title": "Second paper", "id": 1}))
    result = read_papers([a, b])
    first, second = result.papers
    assert first.id == "id:1" and first.user_id == "1"
    assert second.id.startswith("title:") and second.user_id is None
    assert any("already names another paper" in w.message for w in result.warnings)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([1, 2], '"id" must be a string or an integer, found a list; ignored'),
        ("x" * 201, '"id" is 201 characters long (at most 200); ignored'),
    ],
)
def test_unusable_ids_are_ignored_with_a_warning(tmp_path: Path, raw: object, message: str) -> None:
    result = read_papers([write(tmp_path / "r.jsonl", json.dumps({"title": "T", "id": raw}))])
    assert result.papers[0].id.startswith("title:")
    assert [w.message for w in result.warnings] == [message]


@pytest.mark.parametrize(
    ("name", "error", "skipped"),
    [
        (
            "bad_records.jsonl",
            ":2: invalid JSON: Expecting ',' delimiter",
            [
                (2, "invalid JSON"),
                (3, "expected an object, found a list"),
                (4, 'no "title"'),
                (6, "quote it"),
            ],
        ),
        (
            "bad_records.json",
            ": record 2: expected an object, found a string",
            [(2, "record 2: expected an object"), (3, 'record 3: no "title"')],
        ),
        ("broken.json", ":9: invalid JSON: Expecting ':' delimiter", [(9, "file not read")]),
    ],
)
def test_malformed_records(name: str, error: str, skipped: list[tuple[int, str]]) -> None:
    path = DATA / name
    with pytest.raises(InputError) as raised:
        read_papers([path])
    assert str(raised.value).startswith(f"{path}{error}")
    result = read_papers([path], on_error="skip")
    assert [
        (s.source.line, r in s.reason) for s, (_, r) in zip(result.skipped, skipped, strict=True)
    ] == [(line, True) for line, _ in skipped]
    kept = 0 if name == "broken.json" else 2  # a JSON file that does not parse is not read
    assert result.records_read == len(result.papers) == kept


# --- inputs: stdin, folders, formats ---------------------------------------------------


def test_stdin(sample_000: Path) -> None:
    stream = io.StringIO("\ufeff" + sample_000.read_text(encoding="utf-8"))
    result = read_papers(["-"], stdin=stream)
    assert result.files == ("<stdin>",) and result.records_read == 71
    assert result.papers[0].sources == (SourceRef("<stdin>", 11),)
    expected = read_papers([sample_000])
    assert content(result.papers) == content(expected.papers)


def test_stdin_records_with_forced_format() -> None:
    stream = io.StringIO((DATA / "records.jsonl").read_text(encoding="utf-8"))
    result = read_papers(["-", "-"], input_format="jsonl", stdin=stream)
    assert [p.id for p in result.papers] == EXPECTED_IDS and result.files == ("<stdin>",)


def test_folder_is_read_recursively_in_path_order(tmp_path: Path, sample_000: Path) -> None:
    records = (DATA / "records.jsonl").read_text(encoding="utf-8")
    listing = sample_000.read_bytes()
    for name in ["b.txt", "a/z.jsonl", "a.json", "a/b/c.ndjson", "A.TXT"]:
        write(tmp_path / "in" / name, listing if name.endswith(("txt", "TXT")) else records)
    (tmp_path / "in" / "a.json").write_text(
        json.dumps(json.loads("[" + ",".join(records.splitlines()) + "]")), encoding="utf-8"
    )
    for ignored in [".hidden.txt", ".git/x.txt", "notes.md", "data.csv"]:
        write(tmp_path / "in" / ignored, "not read")
    result = read_papers([tmp_path / "in"])
    root = tmp_path / "in"
    assert result.files == tuple(
        str(root / n) for n in ["A.TXT", "a/b/c.ndjson", "a/z.jsonl", "a.json", "b.txt"]
    )
    assert result.records_read == 71 * 2 + 4 * 3
    # A hidden or oddly named file named explicitly is read; a file named twice once.
    explicit = write(tmp_path / "in" / ".hidden.jsonl", records)
    again = read_papers([explicit, explicit, root / "a" / "z.jsonl"])
    assert again.files == (str(explicit), str(root / "a" / "z.jsonl"))


@pytest.mark.parametrize(
    ("path", "message"),
    [("missing.txt", "no such file or folder"), ("empty_dir", "no .txt, .jsonl")],
)
def test_bad_inputs(tmp_path: Path, path: str, message: str) -> None:
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "empty_dir" / "notes.md").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_papers([tmp_path / path], on_error="skip")


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n", "hf-listing"),
        ("\ufeff\r\n\r\nGet trending papers in your email inbox!\r\n", "hf-listing"),
        ("Subscribe\n\nbyAK and the research community\n\nMar 12\n", "hf-listing"),
        ('{"title": "T"}\n{"title": "U"}\n', "jsonl"),
        ('\n  {"title": "T"}', "jsonl"),
        ('{"title": "T", "abstract": \n', "jsonl"),  # a broken line, reported by the reader
        ('{\n  "papers": [{"title": "T"}]\n}\n', "json"),
        ('{"papers": [{"title": "T"}]}', "json"),
        ('[{"title": "T"}]', "json"),
        (b'\xef\xbb\xbf[{"title": "T"}]', "json"),
    ],
)
def test_detect_format(chunk: str | bytes, expected: str) -> None:
    assert detect_format(chunk) == expected
    assert expected in FORMATS


def test_detect_format_from_path(sample_000: Path) -> None:
    assert detect_format(sample_000) == "hf-listing"
    assert detect_format(DATA / "records_wrapped.json") == "json"


@pytest.mark.parametrize(
    # The last chunk ends inside a two-byte character: a cut, not an encoding error.
    "chunk",
    ["", "Title\n\nAbstract\n", "<html>", "Résumé".encode()[:-1]],
)
def test_detect_format_unknown_says_how_to_force(chunk: str | bytes) -> None:
    with pytest.raises(InputError, match="x.txt") as raised:
        detect_format(chunk, name="x.txt")
    assert "--format" in str(raised.value) or "empty" in str(raised.value)


def test_forced_format_overrides_detection(sample_000: Path) -> None:
    with pytest.raises(InputError, match=r":1: invalid JSON"):
        read_papers([sample_000], input_format="jsonl")
    with pytest.raises(InputError, match="unknown input format 'xml'; use one of hf-listing"):
        read_papers([sample_000], input_format="xml")


def test_paper_records_are_frozen(samples: ReadResult) -> None:
    with pytest.raises(AttributeError):
        samples.papers[0].title = "x"  # type: ignore[misc]
    assert replace(samples.papers[0], title="x").title == "x"
