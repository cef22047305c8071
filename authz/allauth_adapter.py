"""django-allauth adapters for operators' local accounts: no self sign-up, TOTP secrets encrypted at rest."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings


class NoSignupAccountAdapter(DefaultAccountAdapter):
    """Closes allauth's sign-up form; operator accounts are made with `createsuperuser` or in the admin."""

    def is_open_for_signup(self, request) -> bool:
        return False


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """Stores operators' TOTP secrets encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with `MFA_ENCRYPTION_KEY`.

    allauth stores the TOTP secret in the database in the clear by default; with this adapter a database dump
    alone does not give anyone operators' second factors. Raises `cryptography.fernet.InvalidToken` on a secret
    that was not encrypted with the configured key.
    """

    def _fernet(self) -> Fernet:
        return Fernet(settings.MFA_ENCRYPTION_KEY)

    def encrypt(self, text: str) -> str:
        return self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return self._fernet().decrypt(encrypted_text.encode()).decode()
