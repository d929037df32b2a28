"""Checkout mutations, one per module (Saleor's layout); ``shop/checkout/graphql/schema.py`` assembles
them. Each is a thin wrapper over one ``shop.checkout.services`` call; expected failures come back
in ``errors`` with the line and variant at fault (``errors.checkout_errors``)."""
