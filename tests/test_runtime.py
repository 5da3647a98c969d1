"""The run-time helpers: a paused cyclic GC that nests, weighted batches, reads at an offset."""

import gc
import os

import pytest

from graphbuild.runtime import batched, paused_gc, read_at


def test_paused_gc_restores_the_collector_even_on_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_paused_gc_nests_and_keeps_a_disabled_collector_disabled():
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block must not re-enable it
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_batched_by_count_keeps_order_and_every_item():
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []


def test_batched_by_weight_puts_a_heavy_item_alone():
    words = ["a", "bb", "cccccc", "d", "ee"]
    assert list(batched(words, 4, len)) == [["a", "bb"], ["cccccc"], ["d", "ee"]]


def test_batched_is_lazy():
    def endless():
        n = 0
        while True:
            yield n
            n += 1

    batches = batched(endless(), 2)
    assert next(batches) == [0, 1]
    assert next(batches) == [2, 3]


def test_batched_refuses_a_size_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        list(batched([1], 0))


def test_a_process_running_threads_is_not_forked():
    import threading

    from graphbuild.runtime import can_fork

    alone = can_fork()
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        waiting.join()
    assert can_fork() == alone


def test_read_at_reads_at_an_offset_and_says_when_the_file_is_short(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"0123456789")
    descriptor = os.open(path, os.O_RDONLY)
    try:
        assert read_at(descriptor, 3, 4, "the data") == b"3456"
        assert read_at(descriptor, 0, 2, "the data") == b"01"  # no shared position moved
        with pytest.raises(EOFError, match="the data ended early"):
            read_at(descriptor, 8, 5, "the data")
    finally:
        os.close(descriptor)
