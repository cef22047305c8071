
""" A client library for accessing Konfigurasjonsportalen API """
from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
