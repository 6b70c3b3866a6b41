"""A counter whose memory has a ceiling: lossy counting (Manku and Motwani, 2002).

The statistics of a terms report (Chinese n-grams, English n-grams, co-occurrences) grow
with the vocabulary of the corpus, not with its length, but a large enough corpus of
varied text would still outgrow memory. When a counter passes `capacity` keys, the rarest
keys are dropped until half the capacity is left, and `floor` (the largest count dropped)
rises, so memory stays bounded whatever the corpus size. A kept count undercounts by at
most the floor at the time its key was last dropped; keys that recur (the terms the report
is about) outgrow the floor and stay, hapaxes of a huge corpus go. On the benchmark corpora
no counter reaches its capacity, so every count there is exact.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import Iterable, TypeVar

#: What a `Pending` counts: a text, or a (term id, text) pair.
ItemT = TypeVar("ItemT", bound=Hashable)


class BoundedCounter(Counter[str]):
    """`collections.Counter` with a key ceiling; `floor` is the largest count dropped."""

    def __init__(self, capacity: int):
        super().__init__()
        self.capacity = capacity
        self.floor = 0
        self.prunes = 0

    def add_all(self, keys: Iterable[str], times: int = 1) -> None:
        """Count each key once per occurrence, `times` over (C speed: `Counter.update`)."""
        if times == 1:
            self.update(keys)
        else:
            self.update({k: v * times for k, v in Counter(keys).items()})
        if len(self) > self.capacity:
            self.prune()

    def prune(self) -> None:
        """Drop the rarest keys until at most half the capacity is left."""
        target = self.capacity // 2
        counts = sorted(self.values())
        cut = counts[len(counts) - target - 1] if len(counts) > target else 0
        cut = max(cut, self.floor + 1)
        for k in [k for k, v in self.items() if v <= cut]:
            del self[k]
        self.floor = cut
        self.prunes += 1


class Pending(Counter[ItemT]):
    """Identical items seen in a stretch of the corpus, counted before they are processed:
    a corpus repeats segments, and a repeated segment's features are then added once with
    its multiplicity. `full()` says when to process them (memory stays bounded)."""

    def __init__(self, limit: int = 20_000):
        super().__init__()
        self.limit = limit

    def full(self) -> bool:
        return len(self) >= self.limit
