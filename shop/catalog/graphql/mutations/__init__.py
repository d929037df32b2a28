"""Catalogue mutations, one per module (Saleor's layout); ``shop/catalog/graphql/schema.py`` assembles them."""
