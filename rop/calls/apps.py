from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "rop.calls"
    label = "calls"
    verbose_name = "Звонки"
