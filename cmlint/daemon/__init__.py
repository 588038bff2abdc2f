"""The background worker: spaCy and the embedding model loaded once per user and environment.

`client` (runs first in every `cmlint check`, standard library only) hands the command line to
the worker over a private Unix socket; `server` forks one child per request that runs it exactly as
an in-process run would; `protocol` holds what both sides agree on (where, who, what, how fresh).
"""
