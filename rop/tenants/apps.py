from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "rop.tenants"
    label = "tenants"
    verbose_name = "Организации и ключи"

