"""Settings for the test suite: development settings with fast password hashing."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No organization name lookups unless a test starts the Enhetsregisteret stand-in and points at it.
ENHETSREGISTERET_URL = ""
