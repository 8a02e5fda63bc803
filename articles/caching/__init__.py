"""Caching, by concern; README's "How caching works" is the overview.

- state.py: the content state (generation, newest publish time), kept per process until
  PostgreSQL says it changed, and the state kept pages may stand in for during an outage;
- invalidation.py: the one table of models whose changes invalidate, and its receiver;
- pages.py: the page cache middleware, the outage rule and the HTTP caching headers;
- fragments.py: story cards and list fragments, per story version;
- rendered.py: a story page's parts, rendered on write and kept in PostgreSQL;
- sections.py: the section tree, read once per content generation;
- purge.py: the CDN purge hook.

Imports run one way: pages and sections use state; fragments use pages and state;
rendered uses pages; invalidation uses state, rendered and purge. None of them is imported
by models or querysets.
"""
