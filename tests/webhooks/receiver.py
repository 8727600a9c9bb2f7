"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 in a thread that checks
every signature with ``standardwebhooks``, as an integrator's would, and keeps what it
accepted. It can be down (503, or not listening at all), redirect (302), or hold a request
open, never answered.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError

from tests.notifications.smtpkit import free_port

UP, DOWN, REDIRECT, HOLD = "up", "down", "redirect", "hold"


@dataclass
class Receiver:
    secret: str = ""
    mode: str = UP
    port: int = field(default_factory=free_port)
    calls: list[tuple[str, str]] = field(default_factory=list)
    """Every request: (path, webhook-id), whatever was answered."""
    accepted: list[dict[str, Any]] = field(default_factory=list)
    """Every request answered 2xx: its verified payload and headers."""
    forged: int = 0
    refuse: set[str] = field(default_factory=set)
    """webhook-ids answered 500 whatever the mode."""
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def ids(self) -> list[str]:
        return [item["id"] for item in self.accepted]

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                receiver.handle(self, body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def handle(self, request: BaseHTTPRequestHandler, body: bytes) -> None:
        headers = {name.lower(): value for name, value in request.headers.items()}
        self.calls.append((request.path, headers.get("webhook-id", "")))
        if self.mode == DOWN:
            return self._answer(request, 503)
        if headers.get("webhook-id") in self.refuse:
            return self._answer(request, 500)
        if self.mode == REDIRECT:
            return self._answer(request, 302, {"location": f"http://127.0.0.1:{self.port}/else"})
        if self.mode == HOLD:
            # Taken in and never answered: the sender dies meanwhile (tests/webhooks,
            # the killed worker); its answer is lost, so nothing counts as accepted.
            self.arrived.set()
            self.release.wait(60)
            return None
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            self.forged += 1
            return self._answer(request, 400)
        self.accepted.append({"id": headers["webhook-id"], "payload": payload, "headers": headers})
        return self._answer(request, 204)

    @staticmethod
    def _answer(
        request: BaseHTTPRequestHandler, status: int, headers: dict[str, str] | None = None
    ) -> None:
        try:
            request.send_response(status)
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.send_header("content-length", "0")
            request.end_headers()
        except OSError:
            pass  # the sender is gone (a killed worker)


def payloads(receiver: Receiver) -> list[dict[str, Any]]:
    """The accepted payloads, each webhook-id once (what a receiver that de-duplicates keeps)."""
    kept: dict[str, dict[str, Any]] = {}
    for item in receiver.accepted:
        kept.setdefault(item["id"], item["payload"])
    return list(kept.values())


def as_json(text: str) -> Any:
    return json.loads(text)
