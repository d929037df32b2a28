"""Incubator mutations, one per module (Saleor's layout); ``incubator/graphql/schema.py`` assembles them.

Each decodes ids, finds what the caller may see (``lookups``), cleans its input (``inputs``) and
calls one service. Expected failures come back in ``errors``; a submission the caller may not see
is NOT_FOUND, whether it exists or not, so guessing ids reveals nothing."""
