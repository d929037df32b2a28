"""Payment pages and the Stripe webhook endpoint: thin, every rule lives in the services."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shop.core.errors import ApplicationError
from shop.core.money import Money
from shop.payments.gateways import WebhookRejected, get_gateway
from shop.payments.models import Payment, PaymentStatus
from shop.payments.services import (
    payment_can_be_paid,
    payment_can_transition,
    payment_dummy_complete,
    payment_event_record,
    payment_intent_ensure,
)

OUTCOMES = {"succeed": True, "fail": False}


@csrf_exempt  # Stripe cannot send a CSRF token; the signature authenticates the request
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, store once, queue. 400 (nothing stored) for a bad signature; 200 for a duplicate."""
    gateway = get_gateway("stripe")
    try:
        event = gateway.parse_webhook(payload=request.body, signature=request.headers.get("Stripe-Signature"))
    except WebhookRejected as exc:
        return JsonResponse({"error": exc.message}, status=400)
    stored = payment_event_record(gateway=gateway.name, event=event)
    return JsonResponse({"received": True, "duplicate": stored is None})


def _page_context(payment: Payment) -> dict:
    return {
        "payment": payment,
        "order": payment.order,
        "amount": Money.from_minor(payment.amount_minor, payment.currency),
        # The pages ask the transition map rather than restating which statuses can still be paid.
        "can_pay": payment_can_be_paid(payment=payment),
        "payment_open": payment_can_transition(payment=payment, to=PaymentStatus.SUCCEEDED),
    }


@require_http_methods(["GET", "POST"])
def dummy_pay(request: HttpRequest, token) -> HttpResponse:
    """The dummy gateway's pay page: the shopper chooses success or failure."""
    payment = get_object_or_404(Payment.objects.select_related("order"), token=token, gateway="dummy")
    error = ""
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome not in OUTCOMES:
            error = _("Choose whether the payment succeeds or fails.")
        else:
            try:
                payment_dummy_complete(payment=payment, succeeded=OUTCOMES[outcome])
            except ApplicationError as exc:
                error = exc.message
            else:
                return redirect(request.path)
        payment.refresh_from_db()
    context = {**_page_context(payment), "error": error}
    return render(request, "payments/dummy_pay.html", context, status=400 if error else 200)


@require_GET
def stripe_pay(request: HttpRequest, token) -> HttpResponse:
    """The Stripe pay page: the Payment Element (card, Alipay, WeChat Pay) on the payment's intent.

    Stripe redirects back here after Alipay/WeChat Pay or 3-D Secure; the order becomes paid only
    when the webhook says so, never because of the redirect's query string."""
    payment = get_object_or_404(Payment.objects.select_related("order"), token=token, gateway="stripe")
    error = ""
    if not payment.intent_id and payment_can_be_paid(payment=payment):
        try:
            payment = payment_intent_ensure(payment=payment)
        except ApplicationError as exc:
            error = exc.message
    context = {
        **_page_context(payment),
        "error": error,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "return_url": request.build_absolute_uri(request.path),
        # Where Stripe's redirect says the payment went through, show it as being confirmed (the
        # webhook decides); "failed" shows the form again.
        "returned": request.GET.get("redirect_status") in ("succeeded", "processing"),
        "return_failed": request.GET.get("redirect_status") == "failed",
        "stripe_config": {
            "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
            "clientSecret": payment.client_secret,
            "returnUrl": request.build_absolute_uri(request.path),
            "locale": "zh" if request.LANGUAGE_CODE.startswith("zh") else "en",
        },
    }
    return render(request, "payments/stripe_pay.html", context, status=503 if error else 200)
