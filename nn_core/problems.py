"""Problems with a user's input that a page can explain in its own language.

A `Problem` is a ValueError with a `code` and the `values` its message needs; str() is the
English message, filled from the subclass's table of templates (`messages`). A page looks up
`<family>.<code>` in its own language and fills in the same values. Subclasses:
csv_data.CsvProblem, serialize.ModelProblem, datasets.DatasetProblem.

Two kinds of value need a page's help: `Names` (a list such as the choices, "a, b, c" in
English) and a `reason` that is another problem's message; `Problem.because` keeps that
problem as the `cause`, so the page can word the reason too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

MAX_REASON_CHARS = 120


class Names(tuple):
    """Names listed in a message (choices, keys): "a, b, c" in English."""

    def __str__(self) -> str:
        return ", ".join(map(str, self))


def shortened(text: str, limit: int | None = MAX_REASON_CHARS) -> str:
    """`text` cut to at most `limit` characters, ending in "..." when cut (None: uncut)."""
    if limit is None or len(text) <= limit:
        return text
    return text[:limit - 3] + "..."


@dataclass(frozen=True)
class Cause:
    """The coded problem behind another problem's {reason}: its family, code and values, and
    the length the reason was cut to (None: not cut)."""

    family: str
    code: str
    values: Mapping[str, object]
    limit: int | None


class Problem(ValueError):
    """A problem with a user's input: `code` (a key of `messages`) and the `values` its
    message needs; str() is the English message."""

    family: ClassVar[str] = "problem"
    messages: ClassVar[Mapping[str, str]] = MappingProxyType({})

    def __init__(self, code: str, **values: object):
        super().__init__(self.messages[code].format(**values))
        self.code = code
        self.values = values

    @classmethod
    def because(cls, code: str, error: BaseException, limit: int | None = MAX_REASON_CHARS,
                **values: object) -> Problem:
        """Problem `code` whose {reason} is `error`'s message (cut to `limit` characters);
        a coded `error` is kept as the `cause`, None otherwise."""
        cause = (Cause(error.family, error.code, error.values, limit)
                 if isinstance(error, Problem) else None)
        reason = shortened(str(error) or type(error).__name__, limit)
        return cls(code, reason=reason, cause=cause, **values)
