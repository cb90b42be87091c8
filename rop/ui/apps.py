from django.apps import AppConfig
from django.db.backends.signals import connection_created


class UiConfig(AppConfig):
    name = "rop.ui"
    label = "ui"

    def ready(self) -> None:
        from rop.ui.results import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="rop-ui-sqlite-functions")
