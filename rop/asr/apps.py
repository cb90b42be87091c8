from django.apps import AppConfig


class AsrConfig(AppConfig):
    name = "rop.asr"
    label = "asr"
