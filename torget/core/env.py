"""Typed helpers that read settings from the environment (healthchecks-style)."""

import os


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name: str, default: str = "") -> list[str]:
    """A comma-separated list of IP addresses or networks (CIDR); a wrong entry stops the
    start with its name rather than being skipped quietly."""
    from ipaddress import ip_network

    from django.core.exceptions import ImproperlyConfigured

    items = env_list(name, default)
    for item in items:
        try:
            ip_network(item, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (like 10.0.0.0/8)"
            ) from exc
    return items
