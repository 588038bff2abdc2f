"""Model-generated edge-case scenarios: slow once (`cmlint scenarios generate`), fast forever (`check`).

Generation picks principle pairs that may pull against each other (`pairs`), asks a generative
model for concrete situations where they collide and what each principle demands there
(`prompts`, `backends`, `tasks`), judges which principles apply and whether their demands are
compatible (`judge`), and writes one reviewed, committed JSONL record per scenario (`records`,
`store`). `cmlint check` reads that file with no model at all (`cmlint/checks/coverage.py`).

Nothing here is imported by `cmlint check` except `records`, which needs only the standard library.
"""
