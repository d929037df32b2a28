"""Stock: every variant's levels (search, low stock only), and a variant's page with its movement history and
the adjustment form."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shop.catalog.models import Stock
from shop.catalog.selectors import stock_list
from shop.catalog.services import stock_adjust, stock_low_threshold_set
from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.operations.forms import StockAdjustForm, StockSearchForm, StockThresholdForm
from shop.operations.views.access import operations_required


@require_GET
@operations_required
def stock_levels(request):
    form = StockSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    stocks = stock_list(search=data.get("q") or "", low_only=bool(data.get("low")))
    page = Paginator(stocks, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "operations/stock_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "ops_section": "stock"},
    )


@require_http_methods(["GET", "POST"])
@operations_required
def stock_detail(request, variant_id: int):
    stock = get_object_or_404(Stock.objects.select_related("variant__product"), variant_id=variant_id)
    threshold_post = request.method == "POST" and "threshold" in request.POST
    form = StockAdjustForm(request.POST if request.method == "POST" and not threshold_post else None)
    threshold_form = StockThresholdForm(
        request.POST if threshold_post else None, initial={"threshold": stock.low_stock_threshold}
    )
    status = 200
    if threshold_post:
        status = 400
        if threshold_form.is_valid():
            try:
                stock_low_threshold_set(variant_id=variant_id, threshold=threshold_form.cleaned_data["threshold"])
            except ApplicationError as exc:
                add_application_error(threshold_form, exc)
            else:
                messages.success(request, _("Low-stock threshold saved."))
                return redirect("operations:stock-detail", variant_id=variant_id)
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                stock_adjust(
                    variant_id=variant_id,
                    delta=form.cleaned_data["delta"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, _("Stock adjusted."))
                return redirect("operations:stock-detail", variant_id=variant_id)
    movements = stock.movements.select_related("user").order_by("-created_at", "-id")[:200]
    context = {
        "stock": stock,
        "form": form,
        "threshold_form": threshold_form,
        "movements": movements,
        "ops_section": "stock",
    }
    return render(request, "operations/stock_detail.html", context, status=status)
