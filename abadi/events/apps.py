from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "abadi.events"
    label = "events"
    verbose_name = "رویدادها و مناسبت‌ها"
