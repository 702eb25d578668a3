"""tcgc: generated."""
