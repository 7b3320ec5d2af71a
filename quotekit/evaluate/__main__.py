"""``python -m quotekit.evaluate``: see :mod:`quotekit.evaluate.cli`."""

from quotekit.evaluate.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
