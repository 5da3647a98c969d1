"""The Dask engine, on a LocalCluster of 2 worker processes, writes the local engine's bytes."""

import pytest

from graphbuild.engine import dask as dask_engine
from graphbuild.engine import local
from graphbuild.errors import GraphbuildError


def test_dask_equals_local_on_a_local_cluster(engine_inputs, tmp_path):
    expected = tmp_path / "local.graphml"
    local.build_graphml(engine_inputs, expected, jobs=1, on_error="skip")
    out = tmp_path / "dask.graphml"
    result = dask_engine.build_graphml(
        engine_inputs, out, workers=2, partition_size=150, on_error="skip"
    )
    assert out.read_bytes() == expected.read_bytes()
    assert result.counts.papers > 600
    assert {"cluster", "extract", "resolve", "tally", "write"} <= set(result.stages)


def test_an_unreachable_scheduler_is_one_clear_error(engine_inputs, tmp_path):
    with pytest.raises(GraphbuildError, match="cannot reach the Dask scheduler"):
        dask_engine.build_graphml(
            engine_inputs[:1],
            tmp_path / "g.graphml",
            scheduler="tcp://127.0.0.1:9",
            connect_timeout=2,
        )
