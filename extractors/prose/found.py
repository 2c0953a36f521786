"""What a rule finder returns: a span of the repaired text and its normalised identity."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Found:
    start: int
    end: int
    norm: dict = field(default_factory=dict)
