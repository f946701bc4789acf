"""Type-ahead keys for Chinese choices: 青石村 is found by 青石, qsc or qingshi.

pypinyin loads a large dictionary, so it is imported on first use (or warmed up in the
background after start-up), never on the start-up path.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def search_keys(text: str) -> tuple[str, str, str]:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    return text.lower(), "".join(syllables).lower(), "".join(s[:1] for s in syllables).lower()


def warm_up() -> None:
    search_keys("warm-up")  # importing pypinyin is the slow part


def matches(text: str, typed: str) -> bool:
    needle = typed.strip().lower()
    if not needle:
        return True
    plain, full, initials = search_keys(text)
    return needle in plain or full.startswith(needle) or needle in initials or needle in full
