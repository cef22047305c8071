"""Output serializers that render their declared fields directly, for lists of many rows.

DRF calls several methods per field and row (`get_attribute`, `to_representation`, timezone handling); for a page
of 50 integrations that is most of the request's time. `FastOutputMixin` renders the same JSON from a plan made
once per serializer class. It supports the field types our output serializers use (listed in `_CONVERTERS`) and
raises `TypeError` for any other, so a new field type cannot be rendered wrongly; tests compare its output with
DRF's own `Serializer.to_representation` for the same objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from rest_framework import ISO_8601, serializers


def _datetime(value) -> str:
    """As DRF's `DateTimeField` (ISO 8601): in the current time zone, `Z` instead of `+00:00`."""
    text = value.astimezone(timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _uuid(value) -> str:
    return str(value) if isinstance(value, uuid.UUID) else str(uuid.UUID(str(value)))


# Checked in order: subclasses first (a UUIDField is not a CharField in DRF, but keep the order explicit).
_CONVERTERS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (serializers.DateTimeField, _datetime),
    (serializers.UUIDField, _uuid),
    (serializers.BooleanField, bool),
    (serializers.IntegerField, int),
    (serializers.CharField, str),
)
_MISSING = object()


def _attribute(instance, attrs: list[str]):
    """Follow `attrs` from `instance` as DRF does: a missing related object is None, a missing attribute missing."""
    for attr in attrs:
        if instance is None:
            return None
        try:
            instance = getattr(instance, attr)
        except ObjectDoesNotExist:
            return None
        except AttributeError:
            return _MISSING
    return instance


class FastOutputMixin:
    """Mixin for an output `serializers.Serializer`: the same `to_representation`, without per-field dispatch.

    Every declared field must be one of the types in `_CONVERTERS`, read-only in effect, with a plain attribute
    `source` (dotted paths allowed) and no `format`/`timezone` options; a missing attribute takes the field's
    `default` (as DRF does). Raises `TypeError` at first use for a field it does not support.
    """

    _fast_plans: dict[type, list[tuple[str, list[str], Callable[[Any], Any], Any]]] = {}

    @classmethod
    def _fast_plan(cls):
        plan = FastOutputMixin._fast_plans.get(cls)
        if plan is None:
            plan = []
            for name, field in cls._declared_fields.items():
                converter = next((c for kind, c in _CONVERTERS if isinstance(field, kind)), None)
                if converter is None or getattr(field, "format", None) not in (None, ISO_8601) \
                        or hasattr(field, "timezone"):
                    raise TypeError(f"{cls.__name__}.{name}: {type(field).__name__} is not supported by fast output")
                default = field.default if field.default is not serializers.empty else _MISSING
                plan.append((name, (field.source or name).split("."), converter, default))
            FastOutputMixin._fast_plans[cls] = plan
        return plan

    def to_representation(self, instance) -> dict[str, Any]:
        """The declared fields of `instance` as JSON-ready values (None stays None)."""
        result = {}
        for name, attrs, converter, default in self._fast_plan():
            value = _attribute(instance, attrs)
            if value is _MISSING:
                if default is _MISSING:
                    raise AttributeError(f"{type(instance).__name__} has no {'.'.join(attrs)!r} for field {name!r}")
                value = default() if callable(default) else default
            result[name] = None if value is None else converter(value)
        return result
