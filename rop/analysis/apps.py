from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "rop.analysis"
    label = "analysis"
