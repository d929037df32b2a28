from django.urls import path, re_path

from shop.royalties import views
from shop.royalties.pages import audit, exports

app_name = "royalties"
urlpatterns = [
    path("royalties/", views.my_royalties, name="mine"),
    path("finance/", views.dashboard, name="dashboard"),
    path("finance/reconciliation/", views.reconciliation, name="reconciliation"),
    path("finance/settlement.csv", views.settlement_download, name="settlement"),
    path("finance/settlements/", views.settlements, name="settlements"),
    path("finance/settlements/payouts/", views.settlement_payout, name="settlement-payout"),
    re_path(r"^finance/settlements/(?P<period>\d{4}-\d{2})\.csv$", views.settlement_file, name="settlement-file"),
    re_path(r"^finance/statements/(?P<period>\d{4}-\d{2})\.zip$", views.period_zip_download, name="period-zip"),
    re_path(
        r"^finance/statements/(?P<period>\d{4}-\d{2})/(?P<payee>[a-z]+(?:-\d+)?)\.(?P<fmt>csv|xlsx|pdf)$",
        views.statement_download,
        name="statement-download",
    ),
    re_path(
        r"^royalties/statements/(?P<period>\d{4}-\d{2})/(?P<payee>[a-z]+(?:-\d+)?)/$",
        audit.statement_page,
        name="statement",
    ),
    path("royalties/lines/<id:line_id>/", audit.order_line_page, name="order-line"),
    path("royalties/relics/<slug:slug>/", audit.relic_page, name="relic"),
    path("royalties/exports/<uuid:export_id>/", exports.export_page, name="export"),
    path("royalties/exports/<uuid:export_id>/progress/", exports.export_progress, name="export-progress"),
    path("royalties/exports/<uuid:export_id>/file/", exports.export_file, name="export-file"),
]
