"""Returns: the queue of requests awaiting a decision or the parcel; decide; record what came back."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.operations.forms import DecideForm, ReceiveForm
from shop.operations.views.access import back_to_order, operations_required
from shop.operations.views.orders import order_detail_context
from shop.orders.models import ReturnRequest, ReturnStatus
from shop.orders.selectors import return_list_staff
from shop.orders.services import return_receive, return_request_decide

QUEUES = ("open", *ReturnStatus.values)


@require_GET
@operations_required
def return_list(request):
    status = request.GET.get("status") or "open"
    if status not in QUEUES:
        status = "open"
    returns = list(return_list_staff(status=status)[:200])
    return render(
        request,
        "operations/return_list.html",
        {"returns": returns, "status": status, "queues": QUEUES, "ops_section": "returns"},
    )


@require_POST
@operations_required
def return_decide(request, pk: int):
    request_ = get_object_or_404(ReturnRequest.objects.select_related("order"), pk=pk)
    form = DecideForm(request.POST, prefix=f"return{request_.pk}")
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            return_request_decide(
                return_request=request_, approve=approve, comment=form.cleaned_data["comment"], user=request.user
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            done = _("Return approved; the customer is emailed how to send it.") if approve else _("Return rejected.")
            return back_to_order(request, request_.order, done=done)
    context = order_detail_context(request_.order, **{f"decide_{request_.pk}": form})
    return render(request, "operations/order_detail.html", context, status=400)


@require_POST
@operations_required
def return_receive_view(request, pk: int):
    request_ = get_object_or_404(ReturnRequest.objects.select_related("order"), pk=pk)
    form = ReceiveForm(request.POST, return_lines=request_.lines.all(), prefix=f"return{request_.pk}")
    if form.is_valid():
        try:
            received = return_receive(return_request=request_, lines=form.received(), user=request.user)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            if received.refund is not None:
                done = _("Return received; ¥%(amount)s refunded.") % {"amount": received.refund.amount}
            else:
                done = _("Return received; it was refunded already.")
            return back_to_order(request, request_.order, done=done)
    context = order_detail_context(request_.order, **{f"receive_{request_.pk}": form})
    return render(request, "operations/order_detail.html", context, status=400)
