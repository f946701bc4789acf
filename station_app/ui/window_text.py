"""Messages for the window: Chinese only.

The core's messages end in an English gloss for the command line's stderr ("用户名或密码错误 /
wrong user name or password"); a clerk's window shows the Chinese part alone.
"""

from __future__ import annotations

import re

from station_app.failure_text import describe_failure

#: " / " and then a tail with no Chinese in it, at the end of the message.
_GLOSS = re.compile(r"\s+/\s+[^\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*$")


def window_text(message: str) -> str:
    """``message`` without its English gloss, line by line."""
    return "\n".join(_GLOSS.sub("", line) for line in message.split("\n"))


def window_failure(exc: BaseException) -> str:
    """``failure_text.describe_failure`` for the window: the same words, Chinese only."""
    return window_text(describe_failure(exc))
