from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the portal: health and readiness probes, Prometheus metrics, request logs, dependency failures."""

    name = "ops"
    verbose_name = "Drift"
