"""The `cmlint` executable (the console script and `python -m cmlint`).

A `check` that the background worker serves is handed to it before anything else of cmlint
loads: the client needs only the standard library, and importing the command line (click and
cmlint's modules) would add 20-30 ms to every run the worker serves. Anything else runs here,
with the collector tuned for a run that builds large analyses and ends, and, for a check, an exit
that does not free the heap first.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

# Python's default (700, 10, 10) makes the collector walk every object a run holds sixteen times on a
# 10,000-principle constitution: 6.5 of 42 s. With collections this much rarer it walks them none,
# and the peak memory is the same (bench/bench_speed.py).
GC_THRESHOLDS = (50_000, 20, 20)


def run() -> None:
    """Run `cmlint` with the process's arguments and exit with its code.

    A check of 10,000 principles holds millions of objects, and freeing them one by one at exit took
    2.5 s after the output was written (the background worker's runs end the same way). Other
    commands exit as usual: they may start servers that their exit handlers stop.
    """
    from cmlint.daemon.client import forward

    argv = sys.argv[1:]
    code = forward(argv)
    if code is None:
        gc.set_threshold(*GC_THRESHOLDS)  # inherited by the background worker's runs
        from cmlint.cli import run_here

        code = run_here(argv)
    if argv[:1] != ["check"]:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: the output is gone either way
            stream.flush()
    os._exit(code)
