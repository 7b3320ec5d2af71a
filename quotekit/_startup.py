"""What ``import quotekit`` must do before numpy is imported."""

from __future__ import annotations

import os
import sys

OPENBLAS_THREADS = "OPENBLAS_NUM_THREADS"


def start_blas_on_one_thread() -> bool:
    """Have OpenBLAS (numpy's BLAS, which quotekit's networks multiply with) start with one thread.

    OpenBLAS reads the setting once, when numpy is first imported. Started with a thread per core
    and held to one while quotekit parses (:func:`quotekit.parsing.single_threaded_blas`), it
    still keeps its other threads waiting for work, and the parse takes about 10% longer (the
    entity recognizer 25%). A setting of your own is kept; so is numpy once it is imported.

    Returns:
        Whether the setting was made.
    """
    if "numpy" in sys.modules or OPENBLAS_THREADS in os.environ:
        return False
    os.environ[OPENBLAS_THREADS] = "1"
    return True


start_blas_on_one_thread()
