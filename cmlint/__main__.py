"""`python -m cmlint`."""

import sys

from cmlint.cli import main

sys.exit(main())
