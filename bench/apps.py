from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's app; only `config.settings.bench` installs it."""

    name = "bench"
    verbose_name = "Benchmark"
