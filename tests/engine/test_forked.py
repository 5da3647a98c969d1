"""Forked pools: workers see the parent's data, results come back in task order."""

import os

import pytest

from graphbuild.engine import forked
from graphbuild.runtime import can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="this platform does not fork")


def _slice_sum(start: int, stop: int) -> tuple[int, int]:
    numbers = forked.inherited()
    return os.getpid(), sum(numbers[start:stop])


def test_workers_inherit_the_data_and_results_keep_task_order():
    numbers = list(range(1000))
    tasks = [(start, start + 10) for start in range(0, 1000, 10)]
    with forked.inheriting_pool(2, numbers) as pool:
        found = list(forked.in_order(pool, _slice_sum, tasks, in_flight=3))
    assert [total for _, total in found] == [sum(range(a, b)) for a, b in tasks]
    assert os.getpid() not in {pid for pid, _ in found}


def test_inherited_outside_a_worker_says_so():
    with pytest.raises(RuntimeError, match="outside a worker"):
        forked.inherited()
