from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "rop.pipeline"
    label = "pipeline"
    verbose_name = "Обработка"
