from django.apps import AppConfig


class TrackersConfig(AppConfig):
    name = "rop.trackers"
    label = "trackers"
    verbose_name = "Трекеры ключевых слов"
