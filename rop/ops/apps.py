from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "rop.ops"
    label = "ops"
    verbose_name = "Эксплуатация"
