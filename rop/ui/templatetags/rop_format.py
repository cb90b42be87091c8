"""Built-in template filters (registered in settings TEMPLATES builtins): ``mmss``."""

from __future__ import annotations

from django import template

from rop.ui import format as fmt

register = template.Library()


@register.filter(name="mmss")
def mmss(value: float | int | str | None) -> str:
    """``{{ call.duration|mmss }}`` -> ``3:38``."""
    return fmt.mmss(value)
