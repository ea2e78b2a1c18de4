"""The HTTP client of the booking-link check: a requests session that will only talk to public addresses.

The service checks each address's DNS answer before fetching it, but a name can resolve differently a moment
later (DNS rebinding). So the connection itself is checked too: once the socket is connected, the address it is
connected to must be public (or its host listed in settings.LINK_CHECK_PRIVATE_HOSTS_ALLOWED), else it is closed
before a byte is sent.
"""

import ipaddress

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class PrivateAddressRefused(Exception):
    """The connection reached a private address (deliberately not an OSError, so nothing retries or wraps it)."""


def is_public(address: str) -> bool:
    return ipaddress.ip_address(address.split("%")[0]).is_global


class _PublicOnly:
    def _new_conn(self):
        sock = super()._new_conn()
        peer = sock.getpeername()[0]
        if self.host not in settings.LINK_CHECK_PRIVATE_HOSTS_ALLOWED and not is_public(peer):
            sock.close()
            raise PrivateAddressRefused(peer)
        return sock


class _PublicHTTPConnection(_PublicOnly, HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class _PublicOnlyAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}


def public_session() -> requests.Session:
    session = requests.Session()
    adapter = _PublicOnlyAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
