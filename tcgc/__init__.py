"""tcgc: a spec-to-engine compiler for card and battle games."""

__version__ = "0.1.0"
