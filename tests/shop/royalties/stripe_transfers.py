"""A tiny local stand-in for Stripe's ``POST /v1/transfers`` (the shared stub in tests/stripe_stub has no
transfers): a real HTTP server the real ``stripe`` library talks to, replaying idempotent requests as
Stripe does (same key and parameters: the first response again; other parameters: a 400)."""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class TransferStub:
    def __init__(self) -> None:
        self.transfers: list[dict] = []
        self.requests: list[dict] = []
        self._replies: dict[str, tuple[dict, dict]] = {}
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                params = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                key = self.headers.get("Idempotency-Key")
                status, body = stub._handle(self.path, params, key)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, path: str, params: dict, key: str | None) -> tuple[int, dict]:
        with self._lock:
            self.requests.append({"path": path, "params": params, "idempotency_key": key})
            if path != "/v1/transfers":
                return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized {path}"}}
            if key and key in self._replies:
                first_params, reply = self._replies[key]
                if first_params != params:
                    return 400, {"error": {"type": "idempotency_error", "message": "Keys for idempotent requests"}}
                return 200, reply
            transfer = {
                "id": f"tr_{secrets.token_hex(12)}",
                "object": "transfer",
                "amount": int(params["amount"]),
                "currency": params["currency"],
                "destination": params["destination"],
                "transfer_group": params.get("transfer_group"),
            }
            self.transfers.append(transfer)
            if key:
                self._replies[key] = (params, transfer)
            return 200, transfer
