"""Tests of the operators' Django admin (allauth login + TOTP, services, audit, masking)."""
