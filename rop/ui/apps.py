from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "rop.ui"
    label = "ui"
