"""Work split in two: one half in this process, the other in a forked child, where there are two cores.

A forked child shares everything this process has built (a loaded spaCy pipeline, a document's
propositions and vectors), so it starts in milliseconds and is sent nothing; it sends back its
half's result, pickled. Callers split where a run spends seconds in one loop of plain Python or
spaCy (parsing texts, testing statement pairs), and their results are those of one process doing
all the work (tests compare them).

Only a process with one Python thread forks (the language server's threads, or a worker's, may
hold locks that a child would inherit held), and only on a machine with two cores or more. A child
that fails (killed, out of memory, an exception) costs its half's speed, never its result: this
process then computes that half itself. The files the child opened are announced here again
(`sys.audit`), so what watches this process's reads (`cmlint.reuse`) sees them too.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

S = TypeVar("S")
R = TypeVar("R")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def worth_splitting(count: int, minimum: int) -> bool:
    """Whether `count` items (at least `minimum`) go to two processes: two cores, fork, one thread."""
    return (
        count >= minimum
        and hasattr(os, "fork")
        and usable_cores() >= 2
        and threading.active_count() == 1
        and threading.current_thread() is threading.main_thread()
    )


def in_two(function: Callable[[S], R], first: S, second: S) -> tuple[R, R]:
    """(function(first), function(second)), the second computed by a forked child meanwhile."""
    read_end, write_end = os.pipe()
    gc.freeze()  # the child's collector leaves what exists now alone: its pages stay shared
    try:
        pid = os.fork()
    except OSError:  # no process to be had (a limit on processes or memory): this one does it all
        pid = -1
    if pid == 0:
        _child(function, second, read_end, write_end)  # never returns
    gc.unfreeze()
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        try:
            head = function(first)
            payload = pipe.read()  # empty when there is no child, or it failed
        except BaseException:
            if pid > 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            raise
    if pid < 0 or os.waitpid(pid, 0)[1] != 0 or not payload:
        return head, function(second)
    tail, opened = pickle.loads(payload)
    for args in opened:
        sys.audit("open", *args)
    return head, tail


def _child(function: Callable[[S], Any], work: S, read_end: int, write_end: int) -> None:
    """The forked child: compute, send the result and the files opened, and exit at once (no
    atexit handlers, no flushing of the parent's buffered output a second time)."""
    status = 1
    try:
        os.close(read_end)
        opened: list[tuple[Any, ...]] = []

        def record(event: str, args: tuple[Any, ...]) -> None:
            if event == "open" and isinstance(args[0], str):
                opened.append(tuple(args[:3]))

        sys.addaudithook(record)
        payload = pickle.dumps((function(work), opened), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    except BaseException:  # the parent computes this half itself
        pass
    finally:
        os._exit(status)
