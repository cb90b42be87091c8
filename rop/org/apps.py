from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "rop.org"
    label = "org"
    verbose_name = "Офисы и менеджеры"
