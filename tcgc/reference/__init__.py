"""tcgc: tcgc/reference."""
