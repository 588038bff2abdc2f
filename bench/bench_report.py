"""Time to write the HTML report, and time for headless Chromium to show it.

    .venv/bin/python bench/bench_report.py [FILE] [--runs N] [--no-models]

Generation is `cmlint report` in a fresh process each run (the default rules, so spaCy and
the embeddings come from the warm disk cache after the first run, which is not counted), plus
the model and rendering steps alone in this process. Load time is read in the page: from
navigation start to the graph's first frame (`window.cmlintGraphReady`) and to everything
drawn, summary and highlighted source included (`window.cmlintReady`). Figures are medians.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cmlint.report.headless import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "corpus" / "openai-model-spec" / "model_spec_2025-12-18.md"


def _command(path: Path, out: Path, no_models: bool) -> list[str]:
    return [sys.executable, "-m", "cmlint", "report", str(path), "-o", str(out)] + (
        ["--no-models"] if no_models else []
    )


def generation(path: Path, out: Path, runs: int, no_models: bool) -> list[float]:
    subprocess.run(_command(path, out, no_models), check=True, cwd=ROOT, stderr=subprocess.DEVNULL)  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(_command(path, out, no_models), check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def in_process(path: Path, no_models: bool) -> tuple[float, float]:
    """Seconds for the report model and for the page, given a checked file (the check is not counted)."""
    from cmlint.report.html import render_html
    from cmlint.report.model import build_report
    from cmlint.runner import CheckRequest, check_file

    os.chdir(ROOT)  # the same disk cache as the command
    result, _config = check_file(CheckRequest(paths=[str(path)], models=not no_models))
    start = time.perf_counter()
    model = build_report(result)
    built = time.perf_counter()
    render_html(model)
    return built - start, time.perf_counter() - built


def page_loads(page_path: Path, runs: int) -> tuple[list[float], list[float], dict[str, int]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    graph_ready, all_ready, counts = [], [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs + 1):  # the first load warms the browser's caches and is not counted
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
            page = context.new_page()
            page.goto(page_path.as_uri())
            page.wait_for_function("window.cmlintReady !== undefined", timeout=60_000)
            graph_ready.append(page.evaluate("window.cmlintGraphReady"))
            all_ready.append(page.evaluate("window.cmlintReady"))
            counts = page.evaluate("window.cmlintReport.counts()")
            context.close()
        browser.close()
    return graph_ready[1:], all_ready[1:], counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-models", action="store_true", help="run only the rules that need no model")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.html"
        times = generation(args.file.resolve(), out, args.runs, args.no_models)
        model_s, render_s = in_process(args.file.resolve(), args.no_models)
        graph_ready, all_ready, counts = page_loads(out, args.runs)
        size = out.stat().st_size
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"file: {args.file.name}; rules: {'no models' if args.no_models else 'default'}")
    print(
        f"cmlint report: median {statistics.median(times):.2f} s wall per fresh process "
        f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs); "
        f"of which report model {model_s * 1000:.0f} ms, page {render_s * 1000:.0f} ms"
    )
    print(
        f"page: {size / 1_048_576:.2f} MiB; {counts['principles']} principle nodes, "
        f"{counts['sections']} section nodes, {counts['edges']} edges"
    )
    print(
        f"headless Chromium load: graph drawn at median {statistics.median(graph_ready):.0f} ms, "
        f"everything at {statistics.median(all_ready):.0f} ms after navigation start "
        f"(max {max(all_ready):.0f} ms, {args.runs} loads)"
    )


if __name__ == "__main__":
    main()
