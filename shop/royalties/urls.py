from django.urls import path, re_path

from shop.royalties import views

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
]
