"""Counts in words: "1 document", "5 documents" (no "document(s)", no "1 documents")."""

from __future__ import annotations

IRREGULAR = {"discrepancy": "discrepancies", "was": "were", "is": "are", "shard": "shards", "input": "inputs"}


def plural(word: str) -> str:
    return IRREGULAR.get(word, word + "s")


def count(number: int, word: str, thousands: bool = False) -> str:
    """``count(1, "document")`` → "1 document"; ``count(1200, "triple", True)`` → "1,200 triples"."""
    shown = f"{number:,}" if thousands else str(number)
    return f"{shown} {word if number == 1 else plural(word)}"
