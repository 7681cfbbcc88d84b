"""`english_left(text)`: what of `text` a Chinese page should not show, runs of two or more
English words, code names and numbers aside."""

import re

# Code shown as it is: quoted names, Python lists and tuples, names with _ or digits (UTF-8).
CODE = re.compile(r"'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\([^()]*\)|[\w-]*[_\d][\w-]*")
ENGLISH_WORDS = re.compile(r"[A-Za-z]+(?:[ ,-]+[A-Za-z]+)+")  # two or more words in a row


def english_left(text: str) -> list[str]:
    """Runs of two or more English words in `text`, code names and numbers aside (a single
    word is a name: JSON, NaN, config, kind)."""
    return ENGLISH_WORDS.findall(CODE.sub(" ", text))
