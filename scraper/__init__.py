"""tcgc: scraper."""
