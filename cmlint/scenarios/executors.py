"""Where tasks run: a thread pool on this machine, or (ray_backend.py) a Ray cluster.

An executor takes the task specs and yields outcomes as they finish, in any order; the
driver writes each one down before the next arrives. `stop()` drops what has not started
(after a fatal error such as a bad API key, or Ctrl-C).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Protocol

from cmlint.scenarios.tasks import TaskOutcome, TaskSettings, TaskSpec, run_task


class Executor(Protocol):
    def run(self, tasks: Sequence[TaskSpec], settings: TaskSettings) -> Iterator[TaskOutcome]: ...

    def stop(self) -> None: ...


class ThreadExecutor:
    """`workers` requests in flight at once; requests are I/O-bound, so threads are enough.

    Tasks are submitted in a window of twice the workers, not all at once, so a run of a
    hundred thousand scenarios holds a few futures, and stopping leaves little to cancel.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._stopped = False

    def run(self, tasks: Sequence[TaskSpec], settings: TaskSettings) -> Iterator[TaskOutcome]:
        self._stopped = False
        queue = iter(tasks)
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="cmlint-scenario") as pool:
            pending: set[Future[TaskOutcome]] = set()
            try:
                while True:
                    while not self._stopped and len(pending) < 2 * self.workers:
                        spec = next(queue, None)
                        if spec is None:
                            break
                        pending.add(pool.submit(run_task, spec, settings))
                    if not pending:
                        return
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
            finally:
                for future in pending:
                    future.cancel()

    def stop(self) -> None:
        self._stopped = True
