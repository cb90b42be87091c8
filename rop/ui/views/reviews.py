"""Review by a person: set a stage's verdict or a field's value on the call page; the review queue.

Thin views over rop.analysis.reviews (which checks the role and the call's scope, recomputes the
score and queues the corrected result for the CRM). Forms post and redirect back to the call page,
so they work without scripts.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rop.accounts.permissions import Capability
from rop.analysis import reviews
from rop.core.errors import InvalidInput
from rop.ui.access import AccessRequest, ui_view
from rop.ui.render import page
from rop.ui.review_queue import queue_rows


def _int(raw: str | None) -> int:
    if not raw or not raw.isdigit() or len(raw) > 18:
        raise InvalidInput("Не указано, что проверять")
    return int(raw)


def _back(pk: int, anchor: str) -> HttpResponse:
    resp = redirect("ui:call", pk=pk)
    resp["Location"] += f"#{anchor}"
    return resp


def _reviewed(request: AccessRequest, pk: int, anchor: str, save: Callable[[AccessRequest, int], str],
              error_prefix: str = "") -> HttpResponse:
    """Run a review (``save`` returns the success message); a refusal is a 403, bad input a flash."""
    try:
        success = save(request, pk)
    except reviews.ReviewRefused as exc:
        raise PermissionDenied(exc.message) from None
    except InvalidInput as exc:
        messages.error(request, error_prefix + exc.message)
    else:
        messages.success(request, success)
    return _back(pk, anchor)


def _save_stage(request: AccessRequest, pk: int) -> str:
    post = request.POST
    result = reviews.review_stage(request.access, pk, _int(post.get("checklist")), post.get("stage_id", ""),
                                  post.get("status", ""), post.get("comment", ""))
    return (f"Вердикт сохранён: оценка {result.completion_percentage}% "
            f"({result.total_score} из {result.max_score}), результат отправлен в CRM")


def _save_field(request: AccessRequest, pk: int) -> str:
    post, key = request.POST, request.POST.get("key", "")
    reviews.review_field(request.access, pk, _int(post.get("table")), key, post.get("value", ""),
                         post.get("comment", ""))
    return f"Значение поля {key} сохранено, результат отправлен в CRM"


@require_POST
@ui_view(Capability.REVIEW)
def stage_review(request: AccessRequest, pk: int) -> HttpResponse:
    return _reviewed(request, pk, f"stage-{request.POST.get('stage_id', '')}", _save_stage)


@require_POST
@ui_view(Capability.REVIEW)
def field_review(request: AccessRequest, pk: int) -> HttpResponse:
    key = request.POST.get("key", "")
    return _reviewed(request, pk, f"field-{key}", _save_field, error_prefix=f"Поле {key}: ")


@ui_view(Capability.REVIEW)
def review_queue(request: AccessRequest) -> HttpResponse:
    show_reviewed = request.GET.get("reviewed") == "1"
    rows = queue_rows(request.access, include_reviewed=show_reviewed)
    return page(request, "ui/review_queue.html", "review", rows=rows, show_reviewed=show_reviewed)
