"""The local engine: a pool of worker processes on this machine (`--jobs N`).

Workers are started once and load jieba, the lexicon and any model once (`worker.state`).
On Linux they are forked after the driver has loaded those itself, so they start with them
already in memory (shared copy-on-write) and the load is paid once for the whole pool. The
pair list is streamed: at most `2 × jobs` pairs are in flight, whatever the corpus size.
Workers write their pair's files themselves (atomically) and return only a small result.

A worker that dies (killed, out of memory) fails only the pairs it had in hand, with a
one-line error; a fresh pool takes the rest. `--jobs 1` runs in the driver process: no pool
to start, and the same code path per pair.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from zhenqa.batch.pairing import Pair
from zhenqa.batch.worker import BatchOptions, PairResult, init_worker, process_pair, state


def _watch_parent(parent: int) -> None:
    """Exit when the driver is gone (a SIGKILLed driver leaves its workers blocked on the
    task queue otherwise): a rerun must not compete with orphans."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def _init(options: BatchOptions, parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    init_worker(options)


def _warm() -> int:
    return os.getpid()


class LocalEngine:
    """Run pairs on `jobs` local processes; `start()` before `run()`."""

    name = "local"

    def __init__(self, options: BatchOptions, outdir: str, jobs: int):
        self.options = options
        self.outdir = outdir
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Load once in the driver, then start the workers (before any progress thread)."""
        state(self.options)
        if self.jobs > 1:
            self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_init,
                                   initargs=(self.options, os.getpid()))
        pool.submit(_warm).result()    # every worker is started now (fork starts them all)
        return pool

    def run(self, pairs: Iterable[Pair]) -> Iterator[PairResult]:
        """Results as pairs finish (not in order)."""
        if self._pool is None:
            for pair in pairs:
                yield process_pair(pair, self.options, self.outdir)
            return
        todo = iter(pairs)
        in_flight: dict[Future[PairResult], Pair] = {}
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < 2 * self.jobs:
                upcoming = next(todo, None)
                if upcoming is None:
                    exhausted = True
                    break
                fut = self._pool.submit(process_pair, upcoming, self.options, self.outdir)
                in_flight[fut] = upcoming
            if not in_flight:
                return
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                pair = in_flight.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    broken = True
                    yield PairResult(pair.id, "failed", f"{pair.zh} ↔ {pair.en}: the worker process "
                                     "died on this pair (killed or out of memory)", transient=True)
            if broken:
                for fut, pair in list(in_flight.items()):
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        yield PairResult(pair.id, "failed", f"{pair.zh} ↔ {pair.en}: the worker "
                                         "process died on this pair (killed or out of memory)", transient=True)
                in_flight.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
