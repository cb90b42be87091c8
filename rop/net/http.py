"""The one place for outbound HTTP: timeouts, redirects, SSRF rules, address pinning.

Every request resolves the host itself, checks each address against the SSRF policy,
and connects to the checked address (no second DNS lookup that could be rebound).
Redirects are followed by hand, at most ``max_redirects``, each hop checked again.
Bodies are streamed; callers read with a cap and a deadline.

SSRF allowances differ by destination: audio sources (``Policy.audio``, the default) follow
ROP_FETCH_ALLOW_*, webhook receivers (``Policy.webhooks``) ROP_WEBHOOK_ALLOW_*, and
operator-configured endpoints (LLM, ASR server) are ``TRUSTED``. Errors and what counts as
transient: rop.net.transport.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import json as jsonlib
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Self
from urllib.parse import urljoin, urlsplit

from rop import config
from rop.net.transport import BlockedAddress, HttpError, InvalidUrl, TooLarge

__all__ = [
    "TRUSTED", "BlockedAddress", "HttpError", "InvalidUrl", "Policy", "Response", "SimpleResponse", "TooLarge",
    "check_address", "open_url", "request", "resolve", "validate_url",
]

USER_AGENT = "CifrovoyROP/0.1"

# Always blocked, whatever the configuration: cloud metadata and link-local.
_METADATA = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("fd00:ec2::254"),
}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


@dataclass(frozen=True)
class Policy:
    allow_loopback: bool = False
    allow_private: bool = False
    trusted: bool = False  # operator-configured endpoints (LLM, ASR server): no SSRF checks

    @classmethod
    def audio(cls) -> Policy:
        """Audio sources (audio_url): ROP_FETCH_ALLOW_LOOPBACK / ROP_FETCH_ALLOW_PRIVATE."""
        cfg = config.get()
        return cls(allow_loopback=cfg.fetch_allow_loopback, allow_private=cfg.fetch_allow_private)

    @classmethod
    def webhooks(cls) -> Policy:
        """Webhook receivers: ROP_WEBHOOK_ALLOW_LOOPBACK / ROP_WEBHOOK_ALLOW_PRIVATE."""
        cfg = config.get()
        return cls(allow_loopback=cfg.webhook_allow_loopback, allow_private=cfg.webhook_allow_private)


TRUSTED = Policy(trusted=True)


def check_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, policy: Policy) -> None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if policy.trusted:
        return
    if ip in _METADATA or ip.is_link_local:
        raise BlockedAddress(f"Адрес {ip} запрещён (link-local или метаданные облака)")
    # Loopback before "reserved": ::1 lies in the reserved ::/8 but is loopback like 127.0.0.1.
    if ip.is_loopback:
        if not policy.allow_loopback:
            raise BlockedAddress(f"Адрес {ip} (loopback) запрещён настройками")
        return
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        raise BlockedAddress(f"Адрес {ip} запрещён")
    internal = ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT) or not ip.is_global
    if internal and not policy.allow_private:
        raise BlockedAddress(f"Адрес {ip} (внутренняя сеть) запрещён настройками")


# getaddrinfo has no timeout of its own; lookups run on a small shared pool so a slow resolver
# costs the caller at most its connect timeout.
_RESOLVER = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="rop-dns")


def _getaddrinfo(host: str, port: int, timeout: float) -> list[tuple]:  # type: ignore[type-arg]
    future = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise HttpError(f"Не удалось найти адрес сервера {host}: DNS не ответил вовремя") from None


def resolve(host: str, port: int, policy: Policy, timeout: float = 10.0) -> list[str]:
    """Resolve and check every address; any blocked address blocks the host."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal, policy)
        return [str(literal)]
    try:
        infos = _getaddrinfo(host, port, timeout)
    except socket.gaierror as exc:
        raise HttpError(f"Не удалось найти адрес сервера {host}: {exc.strerror}") from None
    addresses: list[str] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        check_address(ip, policy)
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise HttpError(f"Не удалось найти адрес сервера {host}")
    return addresses


def validate_url(url: str) -> tuple[str, str, int, str]:
    """Return (scheme, host, port, path_with_query) or raise InvalidUrl."""
    if not isinstance(url, str) or len(url) > 4096:
        raise InvalidUrl("Некорректный URL")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise InvalidUrl("Некорректный URL") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidUrl("URL должен начинаться с http:// или https://")
    if not parts.hostname:
        raise InvalidUrl("В URL не указан сервер")
    if parts.username or parts.password:
        raise InvalidUrl("URL не должен содержать логин и пароль")
    host = parts.hostname
    port = port or (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, host, port, path


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    _raw: http.client.HTTPResponse
    _conn: http.client.HTTPConnection
    elapsed_ms: float = 0.0

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def iter_chunks(
        self, chunk_size: int = 64 * 1024, max_bytes: int | None = None, deadline: float | None = None
    ) -> Iterator[bytes]:
        """Yield body chunks; TooLarge past max_bytes, HttpError past the monotonic deadline."""
        total = 0
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise HttpError("Превышено время загрузки файла")
            try:
                chunk = self._raw.read1(chunk_size) if hasattr(self._raw, "read1") else self._raw.read(chunk_size)
            except TimeoutError:
                raise HttpError("Сервер перестал отвечать во время загрузки (таймаут чтения)") from None
            except (OSError, http.client.HTTPException) as exc:
                raise HttpError(f"Соединение прервано во время загрузки: {exc}") from None
            if not chunk:
                return
            total += len(chunk)
            if max_bytes is not None and total > max_bytes:
                raise TooLarge(f"Размер файла превышает {max_bytes // (1024 * 1024)} МБ")
            yield chunk

    def read(self, max_bytes: int, deadline: float | None = None) -> bytes:
        return b"".join(self.iter_chunks(max_bytes=max_bytes, deadline=deadline))

    def read_head(self, n: int) -> bytes:
        """Up to n first bytes of the body (fewer if it is shorter)."""
        buf = b""
        for chunk in self.iter_chunks(chunk_size=n):
            buf += chunk
            if len(buf) >= n:
                break
        return buf[:n]

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_url(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    connect_timeout: float = 10.0,
    read_timeout: float = 30.0,
    max_redirects: int = 5,
    policy: Policy | None = None,
) -> Response:
    """Open a URL and return the response with its body unread (caller closes it)."""
    policy = policy or Policy.audio()
    current = url
    started = time.perf_counter()
    for _ in range(max_redirects + 1):
        scheme, host, port, path = validate_url(current)
        addresses = resolve(host, port, policy, timeout=connect_timeout)
        last_exc: Exception | None = None
        for ip in addresses:
            cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
            conn = cls(host, port, ip, timeout=connect_timeout)
            try:
                conn.connect()
                if conn.sock is not None:
                    conn.sock.settimeout(read_timeout)
                send_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})}
                conn.request(method, path, body=body, headers=send_headers)
                raw = conn.getresponse()
                break
            except TimeoutError:
                conn.close()
                last_exc = HttpError(f"Сервер {host} не ответил вовремя (таймаут)")
            except ConnectionRefusedError:
                conn.close()
                last_exc = HttpError(f"Сервер {host} отклонил соединение")
            except ssl.SSLError as exc:
                conn.close()
                last_exc = HttpError(f"Ошибка TLS при соединении с {host}: {exc.reason}")
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                last_exc = HttpError(f"Ошибка соединения с {host}: {exc}")
        else:
            assert last_exc is not None
            raise last_exc
        resp_headers = {k.lower(): v for k, v in raw.getheaders()}
        if raw.status in (301, 302, 303, 307, 308) and "location" in resp_headers:
            raw.close()
            conn.close()
            current = urljoin(current, resp_headers["location"])
            if raw.status == 303 or (raw.status in (301, 302) and method == "POST"):
                method, body = "GET", None
            continue
        return Response(
            url=current,
            status=raw.status,
            headers=resp_headers,
            _raw=raw,
            _conn=conn,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )
    raise HttpError(f"Слишком много перенаправлений (больше {max_redirects})", transient=False)


@dataclass(frozen=True)
class SimpleResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: float

    def json(self) -> object:
        return jsonlib.loads(self.body)


def request(
    url: str,
    *,
    method: str = "POST",
    json: object | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    connect_timeout: float = 10.0,
    read_timeout: float = 30.0,
    max_body: int = 10 * 1024 * 1024,
    max_redirects: int = 0,
    policy: Policy | None = None,
) -> SimpleResponse:
    """A whole request/response (webhooks, JSON APIs). The body is read up to max_body."""
    send_headers = dict(headers or {})
    if json is not None:
        body = jsonlib.dumps(json, ensure_ascii=False).encode("utf-8")
        send_headers.setdefault("Content-Type", "application/json; charset=utf-8")
    deadline = time.monotonic() + connect_timeout + read_timeout
    with open_url(
        url,
        method=method,
        headers=send_headers,
        body=body,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        max_redirects=max_redirects,
        policy=policy,
    ) as resp:
        data = resp.read(max_body, deadline=deadline)
        return SimpleResponse(resp.status, resp.headers, data, resp.elapsed_ms)
