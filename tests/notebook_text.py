"""Text of a chapter source for tests: the MyST front matter every chapter begins with."""

#: jupytext's front matter of a MyST chapter (format and kernel), ending with its newline
MYST_HEADER = """---
jupytext:
  formats: md:myst
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
