"""Where authors wait: cold, warm, one-line edit and --no-models times of `cmlint check`, with peers.

    .venv/bin/python bench/bench_speed.py [--file F] [--repeat 3] [--peers /path/to/venv/bin]
                                          [--daemon] [--scale 10000]

Every measurement is a fresh `cmlint check` process (what pre-commit and CI run), all default rules
unless the row says otherwise; figures are medians of --repeat runs with their max RSS.
- cold: an empty analysis cache (the exported ONNX model, a one-time install step, is kept; the
  first row times that step on its own);
- warm: the same file again, unchanged (its findings are reused: `cmlint/reuse.py`);
- one-line edit: one rule principle's line changed (a different one each run, so each is new text
  to the caches), the rest warm;
- --no-models: an empty cache, no spaCy and no embeddings.
With --daemon, the warm and edit rows are run again through the background worker (`cmlint
daemon start`; the worker's own start is timed separately), and the worker's peak memory and its
largest run's are printed (`cmlint daemon status`). With --peers, proselint and rule-audit
from that folder are timed on the same file in the same run. --scale N adds a synthetic N-principle
constitution (bench_scale.py's generator), cold, warm and after a one-line edit.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "corpus" / "openai-model-spec" / "model_spec_2025-12-18.md"
sys.path.insert(0, str(ROOT))


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak MiB of one process (its children included: a spawned worker is not)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def median(rows: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in rows), max(r[1] for r in rows)


def rule_lines(path: Path) -> list[int]:
    """0-based line numbers that hold a rule principle (the lines a one-line edit changes)."""
    from cmlint.model import Kind
    from cmlint.parse import parse_document
    from cmlint.source import read_source

    source = read_source(str(path))
    document = parse_document(source)
    lines = []
    for principle in document.principles.values():
        if principle.kind is Kind.RULE and " the " in principle.text:
            line = source.text.count("\n", 0, principle.span.start)
            lines.append(line)
    return sorted(set(lines))


def edit_line(path: Path, line: int) -> str:
    """Change one word on one line; returns the original text for restoring."""
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    lines[line] = lines[line].replace(" the ", " this ", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return original


def report(label: str, row: tuple[float, float], note: str = "") -> None:
    print(f"{label:<44} {row[0]:7.2f} s {row[1]:7.0f} MiB {note}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=SPEC)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", type=Path, help="a folder with proselint and rule-audit executables")
    parser.add_argument("--daemon", action="store_true")
    parser.add_argument("--scale", type=int, default=0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cmlint-speed-"))
    target = work / args.file.name
    shutil.copyfile(args.file, target)
    models = work / "models"
    base = {
        **os.environ,
        "CMLINT_MODELS_DIR": str(models),
        "CMLINT_DAEMON": "off",
        "CMLINT_RUNTIME_DIR": str(work / "run"),
    }
    cmlint = [sys.executable, "-m", "cmlint", "check", "-q", "--exit-zero"]

    def run(extra: list[str], cache: str, daemon: bool = False) -> tuple[float, float]:
        env = {**base, "CMLINT_CACHE_DIR": str(work / cache), "CMLINT_DAEMON": "on" if daemon else "off"}
        return timed([*cmlint, *extra, str(target)], env, ROOT)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"file: {args.file.name}")
    report("model export (once per model version)", run([], "export-cache"))
    cold = [run([], f"cold-{i}") for i in range(args.repeat)]
    report("cold, all default rules", median(cold))
    warm = [run([], "cold-0") for _ in range(args.repeat)]
    report("warm, unchanged (findings reused)", median(warm))
    lines = rule_lines(target)
    step = max(1, len(lines) // (2 * args.repeat + 2))
    picks = iter(lines[::step])

    def edits(daemon: bool) -> tuple[float, float]:
        rows = []
        for _ in range(args.repeat):
            original = edit_line(target, next(picks))
            rows.append(run([], "cold-0", daemon))
            target.write_text(original, encoding="utf-8")
        return median(rows)

    report("one-line edit, warm otherwise", edits(False))
    nomodels = [run(["--no-models"], f"nomodels-{i}") for i in range(args.repeat)]
    report("--no-models, cold", median(nomodels))
    if args.daemon:
        env = {**base, "CMLINT_CACHE_DIR": str(work / "cold-0")}
        report(
            "daemon start (models loaded)",
            timed([sys.executable, "-m", "cmlint", "daemon", "start"], env, ROOT),
        )
        report("daemon: warm, unchanged", median([run([], "cold-0", True) for _ in range(args.repeat)]))
        report("daemon: one-line edit", edits(True))
        report(
            "daemon: --no-models", median([run(["--no-models"], "cold-0", True) for _ in range(args.repeat)])
        )
        status = subprocess.run(
            [sys.executable, "-m", "cmlint", "daemon", "status"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        peak = re.search(r"peak memory: worker \d+ MiB, largest run \d+ MiB", status)
        print(f"daemon: {peak.group(0) if peak else status.strip()}")
        subprocess.run([sys.executable, "-m", "cmlint", "daemon", "stop"], env=env, cwd=ROOT, check=False)
    if args.peers:
        for name, command in (
            ("proselint", [str(args.peers / "proselint"), "check", str(target)]),
            ("rule-audit", [str(args.peers / "rule-audit"), "--file", str(target), "--format", "summary"]),
        ):
            report(f"peer: {name}", median([timed(command, base, work) for _ in range(args.repeat)]))
    if args.scale:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_scale import synthetic  # the generator of the overlap bench

        big = work / f"synthetic-{args.scale}.md"
        big.write_text(synthetic(args.scale), encoding="utf-8")
        env = {**base, "CMLINT_CACHE_DIR": str(work / "scale")}
        report(f"{args.scale} principles, cold", timed([*cmlint, str(big)], env, ROOT))
        report(f"{args.scale} principles, warm, unchanged", timed([*cmlint, str(big)], env, ROOT))
        big_lines = rule_lines(big)
        if big_lines:
            edit_line(big, big_lines[len(big_lines) // 2])
            report(f"{args.scale} principles, one-line edit", timed([*cmlint, str(big)], env, ROOT))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
