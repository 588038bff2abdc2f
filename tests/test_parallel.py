"""Work split between this process and a forked child: the results of one process, or its fallback."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import pytest

from cmlint import parallel
from cmlint.reuse import files_opened

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="splitting needs fork")


def _squares_and_pid(numbers: list[int]) -> tuple[list[int], int]:
    return [n * n for n in numbers], os.getpid()


def test_the_second_half_is_computed_by_another_process():
    (head, head_pid), (tail, tail_pid) = parallel.in_two(_squares_and_pid, [1, 2], [3, 4])
    assert (head, tail) == ([1, 4], [9, 16])
    assert head_pid == os.getpid() != tail_pid
    assert gc.get_freeze_count() == 0  # frozen for the fork only


def test_a_child_that_fails_costs_speed_not_results():
    parent = os.getpid()

    def only_here(numbers: list[int]) -> list[int]:
        if os.getpid() != parent:
            raise MemoryError("the child ran out of memory")
        return [n + 1 for n in numbers]

    assert parallel.in_two(only_here, [1], [2, 3]) == ([2], [3, 4])

    def killed(numbers: list[int]) -> list[int]:
        if os.getpid() != parent:
            os._exit(9)  # killed before it could answer
        return numbers

    assert parallel.in_two(killed, [1], [2]) == ([1], [2])


def test_without_a_child_this_process_does_both_halves(monkeypatch):
    def no_fork() -> int:
        raise BlockingIOError("fork: Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", no_fork)
    assert parallel.in_two(_squares_and_pid, [1], [2]) == (([1], os.getpid()), ([4], os.getpid()))
    assert gc.get_freeze_count() == 0  # nothing left frozen out of the collector's reach


def test_an_error_in_this_half_is_raised_and_the_child_is_not_left_behind(monkeypatch):
    children = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        children.append(pid)
        return pid

    def failing(numbers: list[int]) -> list[int]:
        if not numbers:
            raise ValueError("bad input")
        return numbers

    monkeypatch.setattr(parallel.os, "fork", recorded_fork)
    with pytest.raises(ValueError, match="bad input"):
        parallel.in_two(failing, [], [1])
    (child,) = children
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped: neither running nor a zombie


def test_files_the_child_reads_count_as_read_by_this_process(tmp_path):
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text("word\n")

    def read_in_child(paths: list[str]) -> list[str]:
        return [Path(path).read_text(encoding="utf-8") for path in paths]

    with files_opened() as opened:
        assert parallel.in_two(read_in_child, [], [str(lexicon)]) == ([], ["word\n"])
    assert str(lexicon) in opened


def test_only_a_long_job_in_a_one_thread_process_on_two_cores_is_split(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    assert parallel.worth_splitting(100, 100) == (threading.active_count() == 1)
    assert not parallel.worth_splitting(99, 100)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    assert not parallel.worth_splitting(100, 100)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.worth_splitting(100, 100)  # a thread could hold a lock the child inherits
    finally:
        stop.set()
        other.join()
