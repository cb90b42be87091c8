from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rop.core"
    label = "rop_core"
    verbose_name = "Цифровой РОП"
