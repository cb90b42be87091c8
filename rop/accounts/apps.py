from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rop.accounts"
    label = "accounts"
