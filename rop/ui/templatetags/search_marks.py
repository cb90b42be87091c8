"""`{{ text|marked:q }}`: the text with the words of the search `q` in <mark> (by word form)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from rop.asr.search import highlight

register = template.Library()


@register.filter
def marked(text: str, query: str) -> SafeString:
    if not query:
        return escape(text)
    return highlight(str(text), query)
