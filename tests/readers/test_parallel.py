"""Reading with worker processes gives exactly what one process reads."""

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.readers import bundled_samples, read_papers

DATA = Path(__file__).resolve().parents[1] / "data" / "readers"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "sources"


def _inputs() -> list[Path]:
    arxiv = SHARED / "03_arxiv" / "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl"
    if not arxiv.is_file():
        pytest.fail(f"{arxiv} is missing: put the shared data folder beside the repository")
    return [*bundled_samples(), arxiv, DATA]


def test_two_jobs_read_what_one_reads():
    one = read_papers(_inputs(), on_error="skip")
    two = read_papers(_inputs(), on_error="skip", jobs=2)
    assert two == one
    assert len(one.papers) > 600 and one.skipped


def test_the_first_bad_record_in_file_order_is_raised(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text('{"title": "A paper", "abstract": "Text."}\n', encoding="utf-8")
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"title": "B"}\n{"nope\n', encoding="utf-8")
    with pytest.raises(InputError) as one:
        read_papers([good, bad])
    with pytest.raises(InputError) as two:
        read_papers([good, bad], jobs=2)
    assert str(two.value) == str(one.value)
    assert f"{bad}:2" in str(two.value)
