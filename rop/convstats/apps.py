from django.apps import AppConfig


class ConvStatsConfig(AppConfig):
    name = "rop.convstats"
    label = "convstats"
    verbose_name = "Статистика разговора"
