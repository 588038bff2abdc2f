"""`python -m cmlint`."""

from cmlint.cli import run

run()
