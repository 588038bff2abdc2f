"""`--backend ray`: the same tasks as remote Ray tasks, for runs of hundreds of thousands of scenarios.

Each task is `cmlint.scenarios.tasks.run_task`, unchanged: a worker process builds its own
backend from the picklable `BackendConfig` (and its own rate limiter: with Ray, `--rate` is
per worker process). The driver keeps at most `in_flight` tasks submitted, collects them with
`ray.wait` as they finish and writes each result down at once, as the thread pool does; a
worker that dies is retried by Ray (tasks are idempotent: the same key, the same seed).

With no address, `ray.init` starts a local instance (and shuts it down afterwards); with
`--ray-address auto` or `ray://host:10001` it joins an existing cluster. Ray is not a dependency
of cmlint: `pip install ray`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cmlint.scenarios.tasks import TaskOutcome, TaskSettings, TaskSpec, run_task

TASK_CPUS = 0.25  # a task mostly waits on HTTP: four in flight per CPU the cluster offers
INSTALL_HINT = "--backend ray needs Ray: pip install ray"


class RayExecutor:
    def __init__(self, in_flight: int, address: str | None = None, num_cpus: int | None = None) -> None:
        try:
            import ray  # noqa: F401
        except ImportError:
            raise RuntimeError(INSTALL_HINT) from None
        self.in_flight = max(1, in_flight)
        self.address = address
        self.num_cpus = num_cpus
        self._stopped = False

    def _init(self) -> bool:
        """Connect (or start a local instance); True when this executor started Ray itself."""
        import ray

        if ray.is_initialized():
            return False
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if self.address:
            ray.init(address=self.address, **options)
        else:
            ray.init(num_cpus=self.num_cpus, **options)
        return True

    def run(self, tasks: Sequence[TaskSpec], settings: TaskSettings) -> Iterator[TaskOutcome]:
        import ray

        self._stopped = False
        started = self._init()
        remote = ray.remote(num_cpus=TASK_CPUS, max_retries=2)(run_task)
        settings_ref = ray.put(settings)
        queue = iter(tasks)
        pending: list[Any] = []
        try:
            while True:
                while not self._stopped and len(pending) < self.in_flight:
                    spec = next(queue, None)
                    if spec is None:
                        break
                    pending.append(remote.remote(spec, settings_ref))
                if not pending:
                    return
                done, pending = ray.wait(pending, num_returns=1)
                for ref in done:
                    yield ray.get(ref)
        finally:
            for ref in pending:
                ray.cancel(ref)
            if started:
                ray.shutdown()

    def stop(self) -> None:
        self._stopped = True
