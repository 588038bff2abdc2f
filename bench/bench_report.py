"""Time to write the HTML report, and time for headless Chromium to show it.

    .venv/bin/python bench/bench_report.py [FILE] [--runs N] [--no-models] [--synthetic N] [--screenshot PNG]

Generation is `cmlint report` in a fresh process each run (the default rules, so spaCy and
the embeddings come from the warm disk cache after the first run, which is not counted), plus
the report writing alone in this process (model, page and the atomic write, given a checked
file: the check is not counted). Load time is read in the page: from navigation start to the
first view painted (sections and tension map, `window.cmlintOverviewReady`), to the graph's
first frame (`window.cmlintGraphReady`) and to everything drawn, summary and highlighted source
included (`window.cmlintReady`). Figures are medians. `--synthetic N` reports on a constitution
of N principles made by bench_scale.py instead of FILE.
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


def in_process(path: Path, no_models: bool, out: Path) -> tuple[float, float, float]:
    """Seconds for the report model, the page and its write, given a checked file (not counting the check)."""
    from cmlint.fileio import write_atomic
    from cmlint.report.html import render_html
    from cmlint.report.model import build_report
    from cmlint.runner import CheckRequest, check_file

    os.chdir(ROOT)  # the same disk cache as the command
    result, _config = check_file(CheckRequest(paths=[str(path)], models=not no_models))
    start = time.perf_counter()
    model = build_report(result)
    built = time.perf_counter()
    page = render_html(model)
    rendered = time.perf_counter()
    write_atomic(out, page)
    return built - start, rendered - built, time.perf_counter() - rendered


def page_loads(
    page_path: Path, runs: int, screenshot: Path | None = None
) -> tuple[list[float], list[float], list[float], dict[str, int]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    first_view, graph_ready, all_ready, counts = [], [], [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs + 1):  # the first load warms the browser's caches and is not counted
            context = browser.new_context(viewport={"width": 1440, "height": 900}, offline=True)
            page = context.new_page()
            page.goto(page_path.as_uri())
            page.wait_for_function("window.cmlintReady !== undefined", timeout=60_000)
            first_view.append(page.evaluate("window.cmlintOverviewReady"))
            graph_ready.append(page.evaluate("window.cmlintGraphReady"))
            all_ready.append(page.evaluate("window.cmlintReady"))
            counts = page.evaluate("window.cmlintReport.counts()")
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            context.close()
        browser.close()
    return first_view[1:], graph_ready[1:], all_ready[1:], counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-models", action="store_true", help="run only the rules that need no model")
    parser.add_argument("--synthetic", type=int, metavar="N", help="a generated constitution of N principles")
    parser.add_argument(
        "--screenshot", type=Path, help="save the first view (1440x900) of the last load here"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.file.resolve()
        if args.synthetic:
            sys.path.insert(0, str(ROOT / "bench"))
            from bench_scale import synthetic

            path = Path(folder) / f"synthetic-{args.synthetic}.md"
            path.write_text(synthetic(args.synthetic), encoding="utf-8")
        out = Path(folder) / "report.html"
        times = generation(path, out, args.runs, args.no_models)
        model_s, render_s, write_s = in_process(path, args.no_models, Path(folder) / "again.html")
        first_view, graph_ready, all_ready, counts = page_loads(out, args.runs, args.screenshot)
        size = out.stat().st_size
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"file: {path.name}; rules: {'no models' if args.no_models else 'default'}")
    print(
        f"cmlint report: median {statistics.median(times):.2f} s wall per fresh process "
        f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs); report writing alone "
        f"{(model_s + render_s + write_s) * 1000:.0f} ms (model {model_s * 1000:.0f}, "
        f"page {render_s * 1000:.0f}, write {write_s * 1000:.0f})"
    )
    print(
        f"page: {size / 1_048_576:.2f} MiB; {counts['principles']} principle nodes, "
        f"{counts['sections']} section nodes, {counts['edges']} edges"
    )
    print(
        f"headless Chromium load: first view painted at median {statistics.median(first_view):.0f} ms "
        f"(max {max(first_view):.0f}), graph drawn at {statistics.median(graph_ready):.0f} ms, "
        f"everything at {statistics.median(all_ready):.0f} ms after navigation start "
        f"(max {max(all_ready):.0f} ms, {args.runs} loads)"
    )


if __name__ == "__main__":
    main()
