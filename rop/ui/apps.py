from django.apps import AppConfig
from django.db.models.signals import post_migrate


class UiConfig(AppConfig):
    name = "rop.ui"
    label = "ui"

    def ready(self) -> None:
        from rop.ui.search import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="rop-ui-search-index")
