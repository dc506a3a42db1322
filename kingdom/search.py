"""Search that finds what people type: every word must match, in any order, spacing-insensitive.

Korean is written with and without spaces ("햇반 24개", "햇반24개") and words carry particles
(배달음식을), so neither stemming full-text search nor plain ``LIKE '%q%'`` fits. Instead:

* **Folding.** Text and query are folded the same way: NFKC (full-width ``２４`` is ``24``),
  lower case, ASCII punctuation and all whitespace removed. "햇반 210g 24개" folds to
  ``햇반210g24개``.
* **Terms.** The query is split at whitespace and where a Korean word runs straight into a
  number ("햇반24개" → 햇반, 24개); each folded term must be a substring of the folded text.
* **An n-gram index.** pg_trgm cannot serve terms shorter than three characters (``라면``,
  ``쌀``), the commonest Korean searches. So each searchable row stores its folded text (a
  generated column, ``search_folded``) and is indexed by the set of that text's unigrams and
  bigrams (``kingdom_search_grams``, an IMMUTABLE SQL function, under a GIN index on the
  expression). A term's grams (its bigrams, or the character itself) must all be in the row's
  set — an exact GIN lookup for any length — and a substring test on the stored folded text
  then drops the rare rows that have the grams but not in that order.

* **Common words skip the index.** The containment is needed only to find rows through the
  index; the substring tests alone decide which rows match. A word most rows contain (in
  ``make bench``'s data 라면 is in 73 % of the posts) is better found by walking the list and
  testing substrings until the page, or the capped count, is full: through the index the count
  first gathers every matching row (728,000 at 1,000,000 posts), and where that bitmap outgrows
  ``work_mem`` each row is rechecked by computing its grams (about 50 µs a row) — 400 ms
  against 15 ms. PostgreSQL's own statistics of the index (``pg_stats``, refreshed by
  autovacuum's ANALYZE) say how common each gram is; a query whose grams together are expected in
  at least :data:`COMMON_SHARE` of the rows leaves the containment out. Either way the rows found
  are the same.

A service's migration runs :data:`CREATE_FUNCTIONS` first; its model declares
``search_folded = GeneratedField(SearchFold(*columns), ...)`` and
``GinIndex(SearchGrams("search_folded"), name=...)``; its selector calls :func:`search`.
"""

from __future__ import annotations

import re
import string
import threading
import time
import unicodedata

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connections, models
from django.db.models import Func, QuerySet

#: A search counts at most this many matches (its first 50 pages of 20; ``kingdom.pagination``).
#: A common word matches most rows, and counting 10,000 of them was a search's whole cost at a
#: million posts: 26 of its 27 ms (pg_stat_statements on ``make bench``'s scale data set), against
#: 0.1 ms for the page itself. The front shows a count that reached it as "1,000+".
SEARCH_MAX_COUNT = 1_000

#: At most this many terms of a query are used (a pasted paragraph stays one bounded query).
MAX_TERMS = 8

#: A query expected (from the index's statistics) in at least this share of the rows is found by
#: substring tests alone, without the gram index (see the module). Measured at 1,000,000 posts:
#: a count through the index costs more than the scan from about this share on.
COMMON_SHARE = 0.2

#: How long a process keeps an index's gram statistics (they change with ANALYZE, not per row).
STATISTICS_SECONDS = 600

_PUNCTUATION = string.punctuation  # ASCII punctuation, deleted on both sides
_SQL_PUNCTUATION = _PUNCTUATION.replace("'", "''")
_FOLD_SQL = (
    "lower(regexp_replace(translate(normalize(array_to_string(parts, ' '), NFKC), "
    f"'{_SQL_PUNCTUATION}', ''), '\\s+', '', 'g'))"
)

#: The two SQL functions, created by a migration of each service that searches. Both are
#: IMMUTABLE (their result depends only on the arguments), as generated columns and expression
#: indexes require. The grams need no DISTINCT: GIN keeps each key once per row.
CREATE_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION kingdom_search_fold(VARIADIC parts text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT {_FOLD_SQL} $fn$;

CREATE OR REPLACE FUNCTION kingdom_search_grams(folded text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 500 AS $fn$
  SELECT chars || ARRAY(SELECT a || b FROM unnest(chars[1:cardinality(chars) - 1], chars[2:]) AS pairs(a, b))
  FROM (SELECT regexp_split_to_array(folded, '') AS chars) AS split
$fn$;
"""  # noqa: S608 -- built from constants only
DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS kingdom_search_grams(text);
DROP FUNCTION IF EXISTS kingdom_search_fold(VARIADIC text[]);
"""

_PUNCTUATION_TABLE = str.maketrans("", "", _PUNCTUATION)
# A Hangul syllable directly followed by a digit starts a new term: 햇반24개 → 햇반 | 24개.
_KOREAN_THEN_NUMBER = re.compile(r"(?<=[\uac00-\ud7a3])(?=\d)")


class SearchFold(Func):
    """``kingdom_search_fold(col, …)``: the columns folded to one comparable string; a model
    stores it as a generated column (``search_folded``)."""

    function = "kingdom_search_fold"
    output_field = models.TextField()


class SearchGrams(Func):
    """``kingdom_search_grams(search_folded)``: the unigrams and bigrams of the folded text."""

    function = "kingdom_search_grams"
    output_field = ArrayField(models.TextField())


def fold(text: str) -> str:
    """The Python twin of ``kingdom_search_fold`` for one word (no whitespace inside)."""
    return unicodedata.normalize("NFKC", text).translate(_PUNCTUATION_TABLE).lower()


def fold_text(text: str) -> str:
    """The Python twin of ``kingdom_search_fold`` for a whole text: every word folded, spaces removed."""
    return "".join(fold(word) for word in unicodedata.normalize("NFKC", text).split())


def text_grams(folded: str) -> list[str]:
    """The Python twin of ``kingdom_search_grams``: the unigrams and bigrams of a folded text."""
    return sorted(set(folded) | {folded[i : i + 2] for i in range(len(folded) - 1)})


def search_terms(query: str) -> list[str]:
    """The folded terms a query asks for, each to be found somewhere (any order), deduplicated."""
    terms: list[str] = []
    for word in unicodedata.normalize("NFKC", query).split():
        for part in _KOREAN_THEN_NUMBER.split(word):
            term = fold(part)
            if term and term not in terms:
                terms.append(term)
    return terms[:MAX_TERMS]


def grams_of(term: str) -> list[str]:
    """The grams a row must have to contain ``term``: its bigrams, or the single character."""
    if len(term) == 1:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})


def search(queryset: QuerySet, query: str, folded_column: str = "search_folded") -> QuerySet:
    """Rows of ``queryset`` whose folded text contains every term of ``query`` (see the module).

    The model needs ``folded_column = GeneratedField(SearchFold(...), ...)`` and
    ``GinIndex(SearchGrams(folded_column), ...)``. A query with no terms (only spaces or
    punctuation) leaves the queryset as it is.
    """
    terms = search_terms(query)
    if not terms:
        return queryset
    # One containment of every term's grams: a single GIN lookup intersects them all; the
    # substring tests then read the stored folded column of the few rows left. Unless the grams
    # are in most rows: then the substring tests alone, on the rows as the list walks them.
    grams = sorted({gram for term in terms for gram in grams_of(term)})
    if expected_share(queryset, folded_column, grams) < COMMON_SHARE:
        queryset = queryset.alias(_search_grams=SearchGrams(folded_column)).filter(
            _search_grams__contains=grams
        )
    for term in terms:
        queryset = queryset.filter(**{f"{folded_column}__contains": term})
    return queryset


# --- how common a query is: the gram index's statistics ----------------------------------------

_statistics: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}
_statistics_lock = threading.Lock()


def expected_share(queryset: QuerySet, folded_column: str, grams: list[str]) -> float:
    """The share of rows expected to hold every gram, as PostgreSQL's planner estimates an array
    containment: the grams' frequencies multiplied (a gram not among the index's most common
    elements counts as rare, 0)."""
    shares = gram_shares(queryset.db, _gram_index(queryset.model, folded_column))
    expected = 1.0
    for gram in grams:
        expected *= shares.get(gram, 0.0)
    return expected


def gram_shares(alias: str, index_name: str | None) -> dict[str, float]:
    """``{gram: share of rows}`` for the most common grams of a gram index (``pg_stats`` keeps an
    expression index's statistics under the index's name); empty before its first ANALYZE."""
    if index_name is None:
        return {}
    key = (alias, index_name)
    now = time.monotonic()
    cached = _statistics.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    with _statistics_lock:
        cached = _statistics.get(key)  # another thread may have read them while this one waited
        if cached is not None and cached[0] > now:
            return cached[1]
        with connections[alias].cursor() as cursor:
            # most_common_elem_freqs ends with three summary figures; unnest pairs them with NULL.
            cursor.execute(
                "SELECT element, share FROM pg_stats, "
                "unnest(most_common_elems::text::text[], most_common_elem_freqs) AS mce(element, share) "
                "WHERE schemaname = current_schema() AND tablename = %s AND element IS NOT NULL",
                [index_name],
            )
            shares = {element: float(share) for element, share in cursor.fetchall()}
        _statistics[key] = (now + STATISTICS_SECONDS, shares)
    return shares


def forget_statistics() -> None:
    """Read the indexes' statistics again on the next search (after an ANALYZE, in tests)."""
    _statistics.clear()


def _gram_index(model: type[models.Model], folded_column: str) -> str | None:
    for index in model._meta.indexes:
        if isinstance(index, GinIndex) and any(
            isinstance(expression, SearchGrams) and _names_column(expression, folded_column)
            for expression in index.expressions
        ):
            return index.name
    return None


def _names_column(expression: SearchGrams, column: str) -> bool:
    return any(getattr(source, "name", None) == column for source in expression.get_source_expressions())
