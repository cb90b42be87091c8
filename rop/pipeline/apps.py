from __future__ import annotations

from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "rop.pipeline"
    label = "pipeline"
    verbose_name = "Обработка"

    def ready(self) -> None:
        from rop.pipeline.stages import check_installed

        check_installed()  # a missing stage stops the process at start-up, never silently skipped
