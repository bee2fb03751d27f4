from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "abadi.projects"
    label = "projects"
    verbose_name = "پروژه‌های محرومیت‌زدایی"
