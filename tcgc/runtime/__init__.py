"""tcgc: tcgc/runtime."""
