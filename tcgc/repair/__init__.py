"""tcgc repair: fill `unspecified "..."` holes in spec files with checked, verified fragments."""
