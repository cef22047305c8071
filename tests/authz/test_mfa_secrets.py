"""Operators' TOTP secrets are encrypted in the database."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from authz.models import User


def test_totp_secret_is_not_stored_in_the_clear_and_codes_still_validate(db):
    from tests.admin.conftest import totp_code

    operator = User.objects.create_user("driftsoperator", password="et-langt-passord-2026", is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(operator, secret)
    stored = Authenticator.objects.get(user=operator, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    assert TOTP(Authenticator.objects.get(user=operator)).validate_code(totp_code(secret))
