"""`python -m winloss`: the command line."""

import sys

from winloss.cli import main

sys.exit(main())
