"""Units built side by side in worker processes, their results given in the units' order.

Each unit writes only below its own output folder, so units can be built at once without
sharing anything but the read-only inputs. The results come back in the order of the units
asked for, whatever order the workers finish in, so messages, exit codes and the documents
are those of a one-process build.

A worker that dies (killed, out of memory) breaks the pool and every unit still in it; each of
those units is then built again alone in a fresh process, so only the unit that kills its
process again is reported, and never the units around it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # imported when a pool is made: every build asks default_jobs, few need one
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

Result = TypeVar("Result")


def in_order(units: Sequence[str], check: Callable[[str], Result | None],
             work: Callable[[str], Result], jobs: int,
             crashed: Callable[[str, BaseException], Result]) -> Iterator[Result]:
    """For each unit in order, *check*'s result (asked in this process, cheap) or, when it is
    None, *work*'s result from one of *jobs* worker processes. A unit whose worker raised or
    died is given as *crashed*(unit, exception). *work* must be picklable (a module-level
    function or a partial of one)."""
    from concurrent.futures import ProcessPoolExecutor

    known: dict[int, Result] = {}
    futures: dict[int, Future[Result]] = {}
    pool: ProcessPoolExecutor | None = None
    try:
        for index, unit in enumerate(units):
            given = check(unit)
            if given is not None:
                known[index] = given
                continue
            if pool is None:
                pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context())
            futures[index] = pool.submit(work, unit)
        for index, unit in enumerate(units):
            if index in known:
                yield known.pop(index)
            else:
                yield _outcome(futures.pop(index), unit, work, crashed)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _outcome(future: Future[Result], unit: str, work: Callable[[str], Result],
             crashed: Callable[[str, BaseException], Result]) -> Result:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return _alone(unit, work, crashed)
    except Exception as exc:  # reported as the unit's failure
        return crashed(unit, exc)


def _alone(unit: str, work: Callable[[str], Result],
           crashed: Callable[[str, BaseException], Result]) -> Result:
    """*work* for *unit* in a process of its own, after a pool broke under it or a neighbour."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        try:
            return pool.submit(work, unit).result()
        except BrokenProcessPool:
            return crashed(unit, WorkerDied(unit))
        except Exception as exc:  # reported as the unit's failure
            return crashed(unit, exc)


class WorkerDied(Exception):
    """The process building a unit died (killed, out of memory), even when it was alone."""


def _context() -> multiprocessing.context.BaseContext:
    """fork where the system has it: a worker starts with reportgen already imported. Elsewhere
    (Windows, macOS) spawn, which imports it again."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


__all__ = ["WorkerDied", "default_jobs", "in_order"]
