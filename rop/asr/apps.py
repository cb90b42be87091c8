from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AsrConfig(AppConfig):
    name = "rop.asr"
    label = "asr"

    def ready(self) -> None:
        from rop.asr.search import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="rop-asr-search-index")
