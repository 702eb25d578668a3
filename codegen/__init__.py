"""tcgc: codegen."""
