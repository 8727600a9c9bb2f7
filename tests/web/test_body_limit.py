"""A body above ALUR_REQUEST_MAX_BYTES is refused with 413 before any of it is read: nothing
reaches a temporary file, whether the client declares its length or sends it chunked."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from alur.wsgi import application

LIMIT = 64 * 1024
BOUNDARY = "batas-alur"
CSRF = "a" * 32


@pytest.fixture(autouse=True)
def _small_limits(settings: Any, tmp_path: Path) -> Path:
    settings.ALUR_REQUEST_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # a larger upload goes to a temporary file
    temp = tmp_path / "upload-temp"
    temp.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temp)
    return temp


def multipart(size: int) -> bytes:
    """A form with one document of ``size`` bytes and no CSRF token: what an outsider sends."""
    return (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="doc-0"; filename="besar.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%" * size
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def environ(body: io.BytesIO, *, length: int | None) -> dict[str, Any]:
    env: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/masuk/",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": f"csrftoken={CSRF}",
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    if length is None:
        env["HTTP_TRANSFER_ENCODING"] = "chunked"
        env["wsgi.input_terminated"] = True
    else:
        env["CONTENT_LENGTH"] = str(length)
    return env


class Served:
    """One request through the WSGI application, its response still open (as while it is
    being sent): a temporary upload file would still exist now."""

    def __init__(self, env: dict[str, Any]) -> None:
        self.status = ""
        self.headers: dict[str, str] = {}
        # As Django's test client does: the test's transaction holds the database connection,
        # which the request's start and end would otherwise close.
        request_started.disconnect(close_old_connections)
        try:
            self.chunks: Iterable[bytes] = application(env, self.start_response)
        finally:
            request_started.connect(close_old_connections)
        self.body = b"".join(self.chunks)

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> None:
        self.status = status
        self.headers = dict(headers)

    def close(self) -> None:
        close = getattr(self.chunks, "close", None)
        if close is not None:
            request_finished.disconnect(close_old_connections)
            try:
                close()
            finally:
                request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_a_declared_body_over_the_limit_is_refused_unread(_small_limits: Path) -> None:
    payload = multipart(4 * LIMIT)
    body = io.BytesIO(payload)

    served = Served(environ(body, length=len(payload)))
    try:
        assert served.status.startswith("413 ")
        assert body.tell() == 0
        assert list(_small_limits.iterdir()) == []
        assert "Kiriman terlalu besar: lebih dari 64 KB." in served.body.decode()
    finally:
        served.close()


@pytest.mark.django_db
def test_without_the_limit_the_same_body_would_reach_a_temporary_file(
    _small_limits: Path, settings: Any
) -> None:
    # The check above can fail: below the limit, the CSRF check parses the form into a file.
    settings.ALUR_REQUEST_MAX_BYTES = 8 * LIMIT
    payload = multipart(4 * LIMIT)

    served = Served(environ(io.BytesIO(payload), length=len(payload)))
    try:
        assert served.status.startswith("403 ")
        assert len(list(_small_limits.iterdir())) == 1
    finally:
        served.close()


@pytest.mark.django_db
def test_a_chunked_body_is_read_no_further_than_one_byte_past_the_limit(
    _small_limits: Path,
) -> None:
    body = io.BytesIO(multipart(4 * LIMIT))

    served = Served(environ(body, length=None))
    try:
        assert served.status.startswith("413 ")
        assert body.tell() == LIMIT + 1
        assert list(_small_limits.iterdir()) == []
    finally:
        served.close()


def test_a_chunked_body_within_the_limit_reaches_the_form(demo: Any) -> None:
    payload = f"csrfmiddlewaretoken={CSRF}&username=kadis.sumbawa&password=salah".encode()
    env = environ(io.BytesIO(payload), length=None)
    env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"

    served = Served(env)
    try:
        # The wrong password is reported on the page: the form was read.
        assert served.status.startswith("200 ")
        assert 'id="galat"' in served.body.decode()
    finally:
        served.close()


@pytest.mark.django_db
def test_the_refusal_says_in_indonesian_what_the_limit_is(settings: Any) -> None:
    settings.ALUR_REQUEST_MAX_BYTES = 25 * 1024 * 1024
    body = b"x" * 16
    response = Client().generic(
        "POST", "/masuk/", body, content_type="text/plain", CONTENT_LENGTH=str(26 * 1024 * 1024)
    )

    assert response.status_code == 413
    assert "Kiriman terlalu besar: lebih dari 25 MB." in response.content.decode()


@pytest.mark.django_db
def test_a_json_client_gets_the_refusal_as_json(settings: Any) -> None:
    settings.ALUR_REQUEST_MAX_BYTES = 2 * 1024 * 1024
    response = Client().generic(
        "POST",
        "/masuk/",
        b"{}",
        content_type="application/json",
        headers={"Accept": "application/json"},
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert response.json() == {
        "galat": "Kiriman terlalu besar: lebih dari 2 MB. Kirim berkas yang lebih kecil, "
        "atau satu per satu."
    }


@pytest.mark.django_db
def test_an_htmx_form_gets_the_message_above_it_and_keeps_what_was_entered(
    settings: Any,
) -> None:
    settings.ALUR_REQUEST_MAX_BYTES = 2 * 1024 * 1024
    response = Client().generic(
        "POST",
        "/masuk/",
        b"x",
        content_type="text/plain",
        headers={"HX-Request": "true"},
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert response.headers["HX-Retarget"] == "#halaman"
    assert response.headers["HX-Reswap"] == "afterbegin"
    assert response.content.decode() == (
        '<div class="messages" id="pesan-terlalu-besar" role="alert"><p class="message '
        'message-error">Kiriman terlalu besar: lebih dari 2 MB. Kirim berkas yang lebih kecil, '
        "atau satu per satu.</p></div>"
    )
