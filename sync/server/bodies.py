"""Reading a request body without letting it cost the server: inflate with a cap, count the
JSON's items before building any object, and parse off the event loop.

A 16 KB gzip body can inflate to 16 MB of ``[{},{},…]``, i.e. millions of Python objects; the
structural characters (``{ [ ,``) are counted on the raw bytes first, which costs microseconds,
so such a body is refused before ``json.loads`` builds anything.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from starlette.concurrency import run_in_threadpool

from sync.protocol import MAX_BODY_BYTES, MAX_INFLATED_BYTES, ProtocolError

#: Enrollment carries a code and at most a few hundred villages.
MAX_ENROLL_INFLATED = 256 * 1024
#: Objects, lists and separators in one body: a full batch of 500 changes uses ~30,000.
MAX_JSON_ITEMS = 120_000


class BodyTooLarge(ProtocolError):
    """Over a size or item limit: answered with 413."""


def inflate(raw: bytes, *, gzipped: bool, limit: int) -> bytes:
    """The body's bytes, gunzipped in pieces so at most ``limit`` bytes are ever produced."""
    if len(raw) > MAX_BODY_BYTES:
        raise BodyTooLarge("body too large")
    if not gzipped:
        if len(raw) > limit:
            raise BodyTooLarge("body too large")
        return raw
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise ProtocolError("body is not valid gzip") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise BodyTooLarge("body too large once decompressed")
    return out


def count_items(text: bytes) -> int:
    """An upper bound of the values JSON would build (separators inside strings count too)."""
    return text.count(b",") + text.count(b"{") + text.count(b"[")


def decode_limited(raw: bytes, *, gzipped: bool, limit: int = MAX_INFLATED_BYTES) -> Any:
    plain = inflate(raw, gzipped=gzipped, limit=min(limit, MAX_INFLATED_BYTES))
    if count_items(plain) > MAX_JSON_ITEMS:
        raise ProtocolError("too many items in the body")  # 400, like too deep a nesting
    # The inflated text may exceed the wire limit ``decode_body`` checks: parse it here, with
    # the same refusals (bad UTF-8, deep nesting, lone surrogates) plus over-long numbers.
    try:
        text = plain.decode("utf-8")
        obj = json.loads(text)
        if "\\u" in text:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        return obj
    except (UnicodeError, RecursionError, ValueError) as exc:  # ValueError: 4,300+ digits
        raise ProtocolError("body is not valid JSON") from exc


async def decode_off_loop(raw: bytes, *, gzipped: bool, limit: int = MAX_INFLATED_BYTES) -> Any:
    """``decode_limited`` in the thread pool: parsing never holds up other requests' I/O."""
    return await run_in_threadpool(decode_limited, raw, gzipped=gzipped, limit=limit)
