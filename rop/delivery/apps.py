from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "rop.delivery"
    label = "delivery"
