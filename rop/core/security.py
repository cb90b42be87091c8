"""Request-level security: trusted reverse proxies, Secure cookies on https, the Content-Security-Policy.

- TrustedProxyMiddleware: only when the direct peer is in ROP_TRUSTED_PROXIES are its
  X-Forwarded-For (client address) and X-Forwarded-Proto (https) believed; anyone else's are
  ignored, so a client cannot claim to be https or another address.
- SecureCookiesMiddleware: on an https request (directly, or via a trusted proxy) every cookie
  is marked Secure; Django's SecurityMiddleware adds HSTS on the same condition.
- ContentSecurityPolicyMiddleware: scripts and styles only from this server (no inline script,
  no eval); style attributes are allowed (progress bars and charts size themselves with them).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from rop import config

if TYPE_CHECKING:  # annotations only: this module speaks WSGI/Django request objects, not HTTP codes
    from django.http import HttpRequest, HttpResponseBase

Handler = Callable[["HttpRequest"], "HttpResponseBase"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self' blob:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The interactive API documentation (Swagger UI) starts itself with an inline script.
CSP_EXEMPT_PREFIXES = ("/api/v1/docs",)


@lru_cache(maxsize=1)
def _trusted() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n) for n in config.get().trusted_proxies)


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted())


def forwarded_client(peer: str, forwarded_for: str) -> str:
    """The client address: the right-most X-Forwarded-For entry not added by a trusted proxy."""
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    address = peer
    while hops and is_trusted_proxy(address):
        address = hops.pop()
    return address


class TrustedProxyMiddleware:
    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        peer = request.META.get("REMOTE_ADDR", "")
        if _trusted() and is_trusted_proxy(peer):
            request.META["REMOTE_ADDR"] = forwarded_client(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""))
            proto = request.META.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in {"http", "https"}:
                request.META["wsgi.url_scheme"] = proto  # WSGIRequest.META is the environ
        return self.get_response(request)


class SecureCookiesMiddleware:
    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.is_secure():
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith(CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response
