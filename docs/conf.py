"""Sphinx configuration: the Markdown pages beside this file (MyST) and the API from docstrings.

Build with ``nox -s docs`` (warnings are errors), or ``sphinx-build -W --keep-going -b html docs OUT``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Document the checkout beside this file, also when it is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import quotekit

project = "quotekit"
author = "quotekit developers"
copyright = "quotekit developers"
release = version = quotekit.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# Links such as cli.md#jsonl-contract point at headings.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_default_options = {"show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

html_theme = "furo"
html_title = f"quotekit {release}"
