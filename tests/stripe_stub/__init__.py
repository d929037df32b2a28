"""A local stand-in of the parts of Stripe's HTTP API the shop uses, for tests.

A real HTTP server (``http.server`` in a thread on 127.0.0.1, a random port) that the real
``stripe`` library talks to through ``STRIPE_API_BASE``. It implements:

- ``POST /v1/payment_intents``, ``GET /v1/payment_intents/<id>`` and ``POST /v1/payment_intents/<id>/cancel``
  (refused with ``payment_intent_unexpected_state`` once the intent succeeded or was cancelled, as Stripe does);
- ``POST /v1/refunds`` (only on a succeeded intent, never beyond what was received);
- ``POST /v1/transfers``, ``GET /v1/transfers`` (newest first, ``transfer_group`` filter, ``limit`` and
  ``starting_after`` pagination) and ``GET /v1/transfers/<id>``: Stripe Connect payouts to designers;
- ``Idempotency-Key`` as Stripe does: the same key with the same parameters replays the first
  response (``Idempotent-Replayed: true``), with other parameters it is a 400 ``idempotency_error``;
- Stripe-shaped JSON objects and errors, and bearer-key authentication (``sk_test_…``).

Tests move intents along (``succeed``/``fail``) and get the Stripe-shaped event JSON for them;
every request is kept in ``requests`` for assertions.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from tests.stripe_stub.signing import stripe_signature_header

__all__ = ["RecordedRequest", "StripeStub", "stripe_signature_header"]

API_VERSION = "2026-10-28.endive"
# The statuses from which Stripe lets a PaymentIntent be cancelled.
CANCELLABLE = ("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing")


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict
    idempotency_key: str | None
    status: int = 0
    replayed: bool = False


def decode_form(body: str) -> dict:
    """Stripe's form encoding back to nested dicts/lists: ``a[b]=1``, ``list[0]=x``."""
    result: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node: dict = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(result)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


@dataclass
class StripeStub:
    """The stand-in's state. ``start()`` serves it; ``reset()`` forgets everything between tests."""

    intents: dict[str, dict] = field(default_factory=dict)
    refunds: dict[str, dict] = field(default_factory=dict)
    transfers: dict[str, dict] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    idempotent: dict[str, tuple[str, str, dict, int, dict]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    # Set to an HTTP status to make every API call fail that way (say 500: Stripe having trouble).
    fail_with: int | None = None

    # --- serving --------------------------------------------------------------------------

    def start(self) -> StripeStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stub._handle(self, "GET")

            def do_POST(self):
                stub._handle(self, "POST")

            def log_message(self, format, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        with self.lock:
            self.intents.clear()
            self.refunds.clear()
            self.transfers.clear()
            self.requests.clear()
            self.idempotent.clear()
            self.fail_with = None

    def calls(self, method: str, path_prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    # --- HTTP ---------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        path, _, query = handler.path.partition("?")
        params = decode_form(body if method == "POST" else query)
        key = handler.headers.get("Idempotency-Key")
        record = RecordedRequest(method=method, path=path, params=params, idempotency_key=key)
        headers: dict[str, str] = {}
        with self.lock:
            self.requests.append(record)
            if not (handler.headers.get("Authorization") or "").startswith("Bearer sk_"):
                status, payload = 401, _error("invalid_request_error", "Invalid API Key provided.")
            elif self.fail_with:
                status, payload = self.fail_with, _error("api_error", "Something went wrong on Stripe's end.")
            elif method == "POST" and key and key in self.idempotent:
                first_method, first_path, first_params, status, payload = self.idempotent[key]
                if (first_method, first_path, first_params) != (method, path, params):
                    status, payload = (
                        400,
                        _error(
                            "idempotency_error",
                            "Keys for idempotent requests can only be used with the same parameters "
                            "they were first used with.",
                        ),
                    )
                else:
                    headers["Idempotent-Replayed"] = "true"
                    record.replayed = True
            else:
                status, payload = self._route(method, path, params)
                if method == "POST" and key and status < 500:
                    self.idempotent[key] = (method, path, params, status, payload)
            record.status = status
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Request-Id", _id("req"))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        if method == "POST" and path == "/v1/payment_intents":
            return self._intent_create(params)
        if method == "GET" and (match := re.fullmatch(r"/v1/payment_intents/([\w]+)", path)):
            intent = self.intents.get(match.group(1))
            if intent is None:
                return 404, _error(
                    "invalid_request_error", f"No such payment_intent: '{match.group(1)}'", "resource_missing"
                )
            return 200, intent
        if method == "POST" and (match := re.fullmatch(r"/v1/payment_intents/([\w]+)/cancel", path)):
            return self._intent_cancel(match.group(1), params)
        if method == "POST" and path == "/v1/refunds":
            return self._refund_create(params)
        if method == "POST" and path == "/v1/transfers":
            return self._transfer_create(params)
        if method == "GET" and path == "/v1/transfers":
            return self._transfer_list(params)
        if method == "GET" and (match := re.fullmatch(r"/v1/transfers/([\w]+)", path)):
            transfer = self.transfers.get(match.group(1))
            if transfer is None:
                return 404, _error("invalid_request_error", f"No such transfer: '{match.group(1)}'", "resource_missing")
            return 200, transfer
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _intent_create(self, params: dict) -> tuple[int, dict]:
        try:
            amount = int(params["amount"])
            currency = params["currency"]
        except (KeyError, ValueError):
            return 400, _error(
                "invalid_request_error", "Missing required param: amount or currency.", "parameter_missing"
            )
        if amount < 1:
            return 400, _error("invalid_request_error", "Amount must be at least 1.", "amount_too_small")
        intent_id = _id("pi")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": 0,
            "currency": currency,
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "created": int(time.time()),
            "latest_charge": None,
            "last_payment_error": None,
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "payment_method_types": params.get("payment_method_types", ["card"]),
            "status": "requires_payment_method",
        }
        self.intents[intent_id] = intent
        return 200, intent

    def _intent_cancel(self, intent_id: str, params: dict) -> tuple[int, dict]:
        intent = self.intents.get(intent_id)
        if intent is None:
            return 404, _error("invalid_request_error", f"No such payment_intent: '{intent_id}'", "resource_missing")
        if intent["status"] not in CANCELLABLE:
            return 400, _error(
                "invalid_request_error",
                f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}. Only a "
                f"PaymentIntent with one of the following statuses may be canceled: {', '.join(CANCELLABLE)}.",
                "payment_intent_unexpected_state",
            )
        intent["status"] = "canceled"
        intent["canceled_at"] = int(time.time())
        intent["cancellation_reason"] = params.get("cancellation_reason")
        return 200, intent

    def _refund_create(self, params: dict) -> tuple[int, dict]:
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return 400, _error("invalid_request_error", "No such payment_intent.", "resource_missing")
        if intent["status"] != "succeeded":
            return 400, _error(
                "invalid_request_error", "This PaymentIntent has not succeeded.", "charge_not_refundable"
            )
        refunded = sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent["id"])
        amount = int(params.get("amount", intent["amount_received"] - refunded))
        if amount < 1 or refunded + amount > intent["amount_received"]:
            return 400, _error(
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge.",
                "amount_too_large",
            )
        refund = {
            "id": _id("re"),
            "object": "refund",
            "amount": amount,
            "charge": intent["latest_charge"],
            "created": int(time.time()),
            "currency": intent["currency"],
            "metadata": params.get("metadata", {}),
            "payment_intent": intent["id"],
            "status": "succeeded",
        }
        self.refunds[refund["id"]] = refund
        return 200, refund

    def _transfer_create(self, params: dict) -> tuple[int, dict]:
        try:
            amount = int(params["amount"])
            currency = params["currency"]
            destination = params["destination"]
        except (KeyError, ValueError):
            return 400, _error(
                "invalid_request_error", "Missing required param: amount, currency or destination.", "parameter_missing"
            )
        if amount < 1:
            return 400, _error("invalid_request_error", "Amount must be at least 1.", "amount_too_small")
        if not destination.startswith("acct_"):
            return 400, _error("invalid_request_error", f"No such destination: '{destination}'", "resource_missing")
        transfer = {
            "id": _id("tr"),
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "created": int(time.time()),
            "currency": currency,
            "destination": destination,
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "reversed": False,
            "transfer_group": params.get("transfer_group"),
        }
        self.transfers[transfer["id"]] = transfer
        return 200, transfer

    def _transfer_list(self, params: dict) -> tuple[int, dict]:
        newest_first = list(reversed(self.transfers.values()))
        if "transfer_group" in params:
            newest_first = [t for t in newest_first if t["transfer_group"] == params["transfer_group"]]
        if after := params.get("starting_after"):
            ids = [t["id"] for t in newest_first]
            if after not in ids:
                return 400, _error("invalid_request_error", f"No such transfer: '{after}'", "resource_missing")
            newest_first = newest_first[ids.index(after) + 1 :]
        limit = int(params.get("limit", 10))
        if not 1 <= limit <= 100:
            return 400, _error("invalid_request_error", "Limit must be between 1 and 100.", "parameter_invalid_integer")
        page = newest_first[:limit]
        return 200, {"object": "list", "url": "/v1/transfers", "has_more": len(newest_first) > limit, "data": page}

    def reverse_transfer(self, transfer_id: str, amount: int | None = None) -> dict:
        """Someone reversed (part of) a transfer in Stripe's dashboard."""
        with self.lock:
            transfer = self.transfers[transfer_id]
            transfer["amount_reversed"] += transfer["amount"] if amount is None else amount
            transfer["reversed"] = transfer["amount_reversed"] >= transfer["amount"]
            return dict(transfer)

    # --- moving intents along, and the events Stripe would send --------------------------------

    def succeed(self, intent_id: str, *, amount_received: int | None = None) -> dict:
        """The customer paid: the intent succeeds. Returns the ``payment_intent.succeeded`` event.
        A cancelled intent cannot be paid (Stripe refuses to confirm it)."""
        with self.lock:
            intent = self.intents[intent_id]
            if intent["status"] == "canceled":
                raise ValueError(f"PaymentIntent {intent_id} is canceled; it cannot be paid.")
            intent["status"] = "succeeded"
            intent["amount_received"] = intent["amount"] if amount_received is None else amount_received
            intent["latest_charge"] = intent["latest_charge"] or _id("ch")
            return event("payment_intent.succeeded", dict(intent))

    def fail(self, intent_id: str, *, message: str = "Your card was declined.") -> dict:
        """The payment attempt failed. Returns the ``payment_intent.payment_failed`` event."""
        with self.lock:
            intent = self.intents[intent_id]
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {"type": "card_error", "code": "card_declined", "message": message}
            return event("payment_intent.payment_failed", dict(intent))

    def charge_refunded_event(self, intent_id: str) -> dict:
        """The ``charge.refunded`` event for the intent's charge, with the cumulative refunded amount."""
        with self.lock:
            intent = self.intents[intent_id]
            refunded = sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent_id)
            charge = {
                "id": intent["latest_charge"],
                "object": "charge",
                "amount": intent["amount_received"],
                "amount_refunded": refunded,
                "currency": intent["currency"],
                "payment_intent": intent_id,
                "refunded": refunded == intent["amount_received"],
                "status": "succeeded",
            }
            return event("charge.refunded", charge)

    def dispute_closed_event(self, intent_id: str, *, status: str = "lost", amount: int | None = None) -> dict:
        """The cardholder disputed the charge and the dispute closed (``lost``: the money went back)."""
        with self.lock:
            intent = self.intents[intent_id]
            dispute = {
                "id": _id("dp"),
                "object": "dispute",
                "amount": intent["amount_received"] if amount is None else amount,
                "charge": intent["latest_charge"],
                "currency": intent["currency"],
                "payment_intent": intent_id,
                "reason": "fraudulent",
                "status": status,
            }
            return event("charge.dispute.closed", dispute)


def event(event_type: str, obj: dict) -> dict:
    """A Stripe-shaped event wrapping ``obj``."""
    return {
        "id": _id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def _error(error_type: str, message: str, code: str | None = None) -> dict:
    error = {"type": error_type, "message": message}
    if code:
        error["code"] = code
    return {"error": error}
