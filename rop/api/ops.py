"""Operations endpoints outside /api/v1: /healthz (load balancers) and /metrics (Prometheus)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from rop.metrics import health


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database and the audio store answer; 503 (with the reason) otherwise."""
    result = health.check()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


def metrics(request: HttpRequest) -> HttpResponse:
    proxied = "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers
    if not health.metrics_allowed(request.headers.get("Authorization", ""),
                                  request.META.get("REMOTE_ADDR", ""), proxied):
        return HttpResponse("Доступ к метрикам запрещён", status=403,
                            content_type="text/plain; charset=utf-8")
    body, content_type = health.exposition()
    return HttpResponse(body, content_type=content_type)
