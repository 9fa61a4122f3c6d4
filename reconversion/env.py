"""Tiny readers for settings from the environment (healthchecks-style).

Every reader accepts `NAME_FILE` as well as `NAME`, so secrets can come from files
(Docker/Kubernetes secrets) instead of the process environment.
"""

import os
from typing import TypeVar, overload

N = TypeVar("N", int, float)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: None = None) -> str | None: ...


def env(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        with open(file_path, encoding="utf-8") as fh:
            return fh.read().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def _envnumber(name: str, default: N, convert: type[N], what: str) -> N:
    """Blank or unset gives the default; anything else must read as a number of that kind."""
    value = env(name)
    if value is None or value.strip() == "":
        return default
    try:
        return convert(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not {what}") from None


def envint(name: str, default: int) -> int:
    return _envnumber(name, default, int, "an integer")


def envlist(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envfloat(name: str, default: float) -> float:
    return _envnumber(name, default, float, "a number")
