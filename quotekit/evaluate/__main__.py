"""``python -m quotekit.evaluate``: see :mod:`quotekit.evaluate.cli`."""

from quotekit.evaluate.cli import main

raise SystemExit(main())
