"""The Lark grammars of tcgc's dialects (package data: *.lark)."""
