"""Login and logout (Django's session auth with Russian pages), throttled (rop.accounts.throttle)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse

from rop.accounts import throttle


class LoginForm(AuthenticationForm):
    username = forms.CharField(label="Имя пользователя", max_length=150)
    password = forms.CharField(label="Пароль", strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": "Неверное имя пользователя или пароль.",
        "inactive": "Учётная запись отключена.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        locked = throttle.check(username, address)
        if locked is not None:
            raise forms.ValidationError(locked.message, code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.failed(username, address)
            raise
        throttle.succeeded(username, address)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "ui/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error("__all__", "locked"):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    next_page = "/login/"


