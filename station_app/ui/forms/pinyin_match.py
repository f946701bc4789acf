"""Type-ahead keys for Chinese choices: 青石村 is found by 青石, qsc or qingshi."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=4096)
def search_keys(text: str) -> tuple[str, str, str]:
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    return text.lower(), "".join(syllables).lower(), "".join(s[:1] for s in syllables).lower()


def matches(text: str, typed: str) -> bool:
    needle = typed.strip().lower()
    if not needle:
        return True
    plain, full, initials = search_keys(text)
    return needle in plain or full.startswith(needle) or needle in initials or needle in full
