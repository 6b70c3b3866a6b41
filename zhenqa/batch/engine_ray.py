"""The Ray engine: the same pairs as Ray tasks, on a local Ray or an existing cluster.

Each pair is one task running `worker.process_pair`. By default the task returns the
pair's files and the driver writes them (atomically) and journals them, so the output
folder needs to exist only where the driver runs. Writing every file on the driver costs a
few milliseconds a file (each is fsynced), which caps a large cluster at some tens of pairs
a second; when the output folder is on a filesystem every node mounts at the same path
(`shared_output`, always true for a local Ray), the tasks write their files themselves and
return only the small result. Either way the driver alone writes the journal, after the
files are in place.
Ray reuses its worker processes, and `worker.state` keeps jieba, the lexicon and any model
loaded in each, so the load is paid once per worker process, not once per pair. At most
twice the cluster's CPU count of tasks are in flight: the pair list is streamed.

The input paths must be readable on every node under the same names (a shared filesystem,
or an object-store bucket mounted at the same path); see docs/batch.md.
"""
from __future__ import annotations

import os
from typing import Any, Iterable, Iterator

from zhenqa.batch.pairing import Pair
from zhenqa.batch.worker import BatchOptions, PairResult, process_pair, write_files


def _task(pair: Pair, options: BatchOptions, outdir: str | None) -> PairResult:
    return process_pair(pair, options, outdir)


class RayEngine:
    """Run pairs as Ray tasks; `start()` connects (or starts a local Ray), `close()` leaves."""

    name = "ray"

    def __init__(self, options: BatchOptions, outdir: str, jobs: int, address: str | None,
                 shared_output: bool = False):
        self.options = options
        self.outdir = outdir
        # the tasks write where the driver would: an absolute path, the same on every node
        self.task_outdir = os.path.abspath(outdir) if shared_output or not address else None
        self.jobs = max(1, jobs)
        self.address = address
        self._remote: Any = None        # the Ray remote function of `_task`, set by start()
        self._started_here = False
        self.window = 2 * self.jobs

    def start(self) -> None:
        import logging

        import ray

        from zhenqa.batch.worker import state
        from zhenqa.corpora.errors import InputError

        # Loaded once in the driver too: a --model or termbase that cannot be loaded is bad
        # usage (exit 2) here, not the same error repeated by every task.
        state(self.options)

        if not ray.is_initialized():
            kwargs = dict(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False,
                          configure_logging=True)
            try:
                if self.address:
                    ray.init(address=self.address, **kwargs)
                else:
                    # A local Ray sized by --jobs; the driver is one process more.
                    ray.init(num_cpus=self.jobs, **kwargs)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise InputError(None, f"--ray-address {self.address}: cannot connect to Ray "
                                       f"({' '.join(str(exc).split())[:200]})") from None
            self._started_here = True
        cpus = int(ray.cluster_resources().get("CPU", self.jobs))
        self.window = 2 * max(1, cpus)
        self._remote = ray.remote(num_cpus=1, max_retries=1)(_task)

    def run(self, pairs: Iterable[Pair]) -> Iterator[PairResult]:
        import ray

        todo = iter(pairs)
        in_flight: dict[ray.ObjectRef, Pair] = {}
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < self.window:
                pair = next(todo, None)
                if pair is None:
                    exhausted = True
                    break
                in_flight[self._remote.remote(pair, self.options, self.task_outdir)] = pair
            if not in_flight:
                return
            done, _ = ray.wait(list(in_flight), num_returns=1)
            for ref in done:
                pair = in_flight.pop(ref)
                try:
                    result: PairResult = ray.get(ref)
                except Exception as exc:      # noqa: BLE001 - a lost worker or node
                    yield PairResult(pair.id, "failed", f"{pair.zh} ↔ {pair.en}: Ray task failed: "
                                     f"{type(exc).__name__}", transient=True)
                    continue
                if result.files is not None:
                    write_files(self.outdir, result.files)
                    result.files = None
                yield result

    def close(self) -> None:
        if self._started_here:
            import ray

            ray.shutdown()
            self._started_here = False
