"""``python -m quotekit`` runs the command line."""

import sys

from quotekit.cli import main

sys.exit(main())
