"""tcgc: tcgc/verify."""
