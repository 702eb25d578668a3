"""Oracles: reference implementations that tcgc engines are checked against."""
