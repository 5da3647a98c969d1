"""``extract`` on the local engine gives the in-memory extraction's records, for any jobs."""

import json

from graphbuild.engine.records import extract_records
from graphbuild.pipeline import extract_papers, extraction_records


def _lines(records):
    return [json.dumps(r, ensure_ascii=False) for r in records]


def test_records_equal_the_in_memory_extraction_with_one_and_two_jobs(engine_inputs):
    extraction = extract_papers(engine_inputs, on_error="skip")
    expected = _lines(extraction_records(extraction))
    for jobs in (1, 2):
        stream = extract_records(engine_inputs, on_error="skip", jobs=jobs, chunk_size=60)
        assert _lines(stream.records()) == expected
        assert stream.skipped == extraction.skipped
        assert stream.warnings == extraction.warnings
