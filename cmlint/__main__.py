"""`python -m cmlint`."""

from cmlint.executable import run

run()
