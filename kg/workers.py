"""A warm pool of query worker processes for `kg serve`.

pyoxigraph has no way to cancel a running query, so each query runs in its own
spawn-started process that opens the store read-only by path: at the deadline the
process is killed (its memory goes with it), a fresh one takes its place, and the slot
is free again. Each worker reopens the store when `kg.store.generation` changes, so a
running server answers from the latest build."""
from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from kg.explain import ExplainError, explain, find_amount
from kg.query import QueryError, run
from kg.resource import ResourceError, describe
from kg.store import StoreError, generation, open_store
from kg.terms import vocabulary

READY_TIMEOUT = 60.0   # seconds a new worker may take to import and open the store


class Busy(Exception):
    """Every worker stayed busy for the whole wait."""


class Timeout(Exception):
    """The query ran past its deadline (its worker was killed)."""


class WorkerError(Exception):
    """The worker failed outside the query's own errors (died, or an unexpected exception)."""


# ---------------------------------------------------------------- inside a worker process

def _worker_main(conn, store_path: str) -> None:
    """Serve jobs from `conn` until the parent closes it."""
    opened = {"token": None, "store": None}

    def store():
        token = generation(store_path)
        if opened["store"] is None or token != opened["token"]:
            opened["store"] = None                     # let the old snapshot go first
            opened["store"] = open_store(store_path, read_only=True)
            opened["token"] = token
        return opened["store"]

    try:
        store()
        conn.send(("ready", None))
    except StoreError as exc:
        conn.send(("ready", str(exc)))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_run_job(job, store))


def _run_job(job, store) -> tuple[str, object]:
    """("ok", value) or (error kind, one-line message)."""
    kind, args = job
    try:
        if kind == "query":
            results = run(store(), *args)
            if isinstance(results, ox.QueryBoolean):
                return "ok", ("ask", bool(results))
            if isinstance(results, ox.QueryTriples):
                return "ok", ("graph", list(results))
            names = [v.value for v in results.variables]
            return "ok", ("select", (names, [[s[n] for n in names] for s in results]))
        if kind == "explain":
            iri, sources = args
            return "ok", [explain(store(), iri, sources)]
        if kind == "find":
            amount, document, sources = args
            s = store()
            return "ok", [explain(s, iri, sources) for iri in find_amount(s, amount, document)]
        if kind == "describe":
            return "ok", describe(store(), *args)
        if kind == "terms":
            return "ok", vocabulary(store())
        return "internal", f"unknown job {kind!r}"
    except ResourceError as exc:
        return "resource", (str(exc), exc.status)
    except QueryError as exc:
        return "query", str(exc)
    except ExplainError as exc:
        return "explain", str(exc)
    except StoreError as exc:
        return "store", str(exc)
    except Exception as exc:  # reported to the client as one line, never lost
        return "internal", f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------- in the server

class _Worker:
    def __init__(self, context, store_path: Path):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, str(store_path)),
                                       daemon=True, name="kg-query-worker")
        self.process.start()
        child.close()

    def ready(self, timeout: float) -> str | None:
        """Wait until the worker has opened the store; its error message, if any."""
        try:
            if not self.conn.poll(timeout):
                raise WorkerError(f"a query worker did not start within {timeout:g} s")
            _, problem = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(1.0)
            raise WorkerError(f"a query worker exited while starting (exit code {self.process.exitcode})") from None
        return problem

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """`size` warm workers; `call` runs one job on an idle worker under a deadline."""

    def __init__(self, store_path, size: int):
        self.store_path = Path(store_path)
        self.size = size
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(size)]
        try:
            problems = {w.ready(READY_TIMEOUT) for w in started} - {None}
        except WorkerError:
            self.close()
            raise
        if problems:
            self.close()
            raise StoreError(sorted(problems)[0])
        for w in started:
            self._idle.put(w)

    def _start(self) -> _Worker:
        w = _Worker(self._context, self.store_path)
        with self._lock:
            self._all.add(w)
        return w

    def _retire(self, w: _Worker) -> None:
        """Kill `w` and put a warm replacement in the pool (unless the pool is closed)."""
        with self._lock:
            self._all.discard(w)
        w.stop()
        if self._closed:
            return
        fresh = self._start()
        try:
            fresh.ready(READY_TIMEOUT)     # a store problem is reported by its next job
        finally:
            self._idle.put(fresh)

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all)

    def call(self, kind: str, args: tuple, timeout: float):
        """The job's value; raises Busy, Timeout, WorkerError, or the job's own error
        (QueryError, ExplainError, StoreError) with the worker's message."""
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"server busy: {self.size} queries already running") from None
        started = time.monotonic()
        try:
            w.conn.send((kind, args))
            if not w.conn.poll(timeout):
                self._retire(w)
                raise Timeout(f"query timed out after {timeout:g} s")
            status, value = w.conn.recv()
        except (EOFError, OSError) as exc:
            w.process.join(1.0)
            code = w.process.exitcode
            self._retire(w)
            raise WorkerError(f"the query worker died after {time.monotonic() - started:.1f} s "
                              f"(exit code {code}): {exc or 'no answer'}") from None
        self._idle.put(w)
        if status == "ok":
            return value
        if status == "query":
            raise QueryError(value)
        if status == "explain":
            raise ExplainError(value)
        if status == "store":
            raise StoreError(value)
        if status == "resource":
            raise ResourceError(*value)
        raise WorkerError(value)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for w in workers:
            w.stop()
