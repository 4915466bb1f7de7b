from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of `make run` (``load_demo``): above every app, because it builds the states of all of them."""

    name = "demo"
    verbose_name = "Demodata"
