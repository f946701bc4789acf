"""Chinese substring search over an FTS5 index of character bigrams.

SQLite's trigram tokenizer cannot find the two-character words Chinese is full of (张三, 离婚),
and ``LIKE '%…%'`` reads every row. So each text is indexed as its overlapping bigrams plus its
last character (``张三借款`` -> ``张三 三借 借款 款``) with FTS5's plain ``unicode61`` tokenizer,
and a query becomes a phrase of its bigrams: a phrase match is exactly a substring match.
A one-character query is a prefix query (``张*``), which every occurrence satisfies because each
character starts a bigram or ends its run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import add

from station_app.domain.identifiers import to_halfwidth

# Runs of letters, digits and CJK; everything else (spaces, punctuation) splits runs, as
# unicode61 would split there too.
_RUN = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _runs(text: str) -> list[str]:
    return _RUN.findall(to_halfwidth(text).lower())


def index_text(*fields: str | None) -> str:
    """The text stored in the FTS5 column for one record: its fields' tokens in order (the
    end of a field splits runs, as punctuation does)."""
    return " ".join([tokens for tokens in map(_field_tokens, filter(None, fields)) if tokens])


@lru_cache(maxsize=8192)
def _field_tokens(value: str) -> str:
    """One field's bigram tokens. Kept for the last few thousand texts: a ledger repeats its
    receivers, lawyers, law firms, places and stock answers, and a batch's records share
    most of them (three in four fields of a demo fill; building them was a tenth of a batch)."""
    tokens: list[str] = []
    for run in _runs(value):
        tokens.extend(map(add, run, run[1:]))
        tokens.append(run[-1])
    return " ".join(tokens)


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression: every whitespace-separated term must occur (AND).

    Returns None when the query holds nothing searchable (only punctuation).
    """
    terms = []
    for run in _runs(query):
        if len(run) == 1:
            terms.append(f"{run}*")
        else:
            terms.append('"' + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + '"')
    return " AND ".join(terms) if terms else None
