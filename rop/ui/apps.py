from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "rop.ui"
    label = "ui"

    def ready(self) -> None:
        from rop.pipeline import background

        background.register("ui-jobs", "rop.ui.jobs")  # exports and bulk jobs run on the pipeline workers
