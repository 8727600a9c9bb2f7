"""The client's address: X-Forwarded-For only from a trusted proxy, REMOTE_ADDR otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from alur.common.http import client_address


def _request(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.ALUR_TRUSTED_PROXIES = []

    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_the_header_from_an_address_that_is_not_a_trusted_proxy_is_ignored(
    settings: Any,
) -> None:
    settings.ALUR_TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_from_a_trusted_proxy_the_header_names_the_client(settings: Any) -> None:
    settings.ALUR_TRUSTED_PROXIES = ["10.0.0.5"]

    assert client_address(_request("10.0.0.5", "198.51.100.1")) == "198.51.100.1"


def test_an_address_the_client_wrote_left_of_the_proxys_is_not_believed(settings: Any) -> None:
    settings.ALUR_TRUSTED_PROXIES = ["10.0.0.0/8"]

    request = _request("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.0.0.9")

    assert client_address(request) == "198.51.100.1"


@pytest.mark.parametrize("forwarded", ["", "bukan-alamat"])
def test_a_trusted_proxy_without_a_usable_header_is_the_client(
    settings: Any, forwarded: str
) -> None:
    settings.ALUR_TRUSTED_PROXIES = ["10.0.0.5"]

    assert client_address(_request("10.0.0.5", forwarded)) == "10.0.0.5"


@pytest.mark.django_db
def test_the_public_rate_limit_counts_the_forwarded_client(settings: Any) -> None:
    from alur.public import services
    from alur.public.views import _client

    settings.ALUR_TRUSTED_PROXIES = ["10.0.0.5"]

    assert _client(_request("10.0.0.5", "198.51.100.1")) == services.client_digest("198.51.100.1")
    assert _client(_request("203.0.113.7", "198.51.100.1")) == services.client_digest("203.0.113.7")
