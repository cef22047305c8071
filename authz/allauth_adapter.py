"""django-allauth adapter for operators' local accounts: no self sign-up (operators are created by operators)."""

from allauth.account.adapter import DefaultAccountAdapter


class NoSignupAccountAdapter(DefaultAccountAdapter):
    """Closes allauth's sign-up form; operator accounts are made with `createsuperuser` or in the admin."""

    def is_open_for_signup(self, request) -> bool:
        return False
