"""A small lock bridge for the tests: an HTTP server in a thread that checks Torget's
signature, keeps each event id once (409 the second time) and remembers every request.
`stop()` makes it unreachable (connection refused) until `start()` again."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from torget.access.webhook import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    SYSTEM_HEADER,
    TIMESTAMP_HEADER,
    signature,
)

SYSTEM = "lockco"
SECRET = "bridge-secret-for-tests"


class Bridge:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/torget"
        self.received: list[dict] = []  # every request that reached it, as sent
        self.applied: list[dict] = []  # the messages it acted on (each event id once)
        self.grants: dict[str, str] = {}  # grant id → "granted" / "revoked"
        self.opened: list[str] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def config(self) -> dict:
        return {SYSTEM: {"url": self.url, "secret": SECRET}}

    def start(self) -> None:
        bridge = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k: v for k, v in self.headers.items()}
                bridge.received.append({"headers": headers, "body": body.decode()})
                expected = signature(
                    SECRET.encode(),
                    self.headers[TIMESTAMP_HEADER],
                    self.headers[EVENT_HEADER],
                    body,
                )
                message = json.loads(body)
                if (
                    self.headers[SIGNATURE_HEADER] != expected
                    or self.headers[SYSTEM_HEADER] != SYSTEM
                    or message["event_id"] != self.headers[EVENT_HEADER]
                ):
                    self.send_response(401)
                elif any(m["event_id"] == message["event_id"] for m in bridge.applied):
                    self.send_response(409)
                else:
                    bridge.applied.append(message)
                    data = message["data"]
                    if message["type"] == "grant":
                        bridge.grants[data["grant_id"]] = "granted"
                    elif message["type"] == "revoke":
                        bridge.grants[data["grant_id"]] = "revoked"
                    else:
                        bridge.opened.append(data["door"])
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
