"""The one place that talks to the search engine's HTTP API (OpenSearch, through opensearch-py).

Queries and mappings are built with the Elasticsearch DSL (`from elasticsearch import dsl`) and sent
as plain bodies: the Elasticsearch client itself refuses to talk to OpenSearch.
"""

from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=4)
def _client(url: str):
    from opensearchpy import OpenSearch

    return OpenSearch(hosts=[url], timeout=10, max_retries=1, retry_on_timeout=False)


def get_client():
    return _client(settings.SEARCH_URL)


def engine_answers(url: str | None = None, timeout: float = 1.0) -> bool:
    """True when a search engine answers at SEARCH_URL (used by tests and the health check)."""
    import requests

    try:
        return requests.get(url or settings.SEARCH_URL, timeout=timeout).ok
    except requests.RequestException:
        return False


def transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth a retry: the engine restarting or briefly unreachable."""
    from opensearchpy.exceptions import ConnectionError as EngineConnectionError
    from opensearchpy.exceptions import ConnectionTimeout

    return (ConnectionError, EngineConnectionError, ConnectionTimeout)
