"""Royalty mutations (finance), one per module (Saleor's layout); ``shop/royalties/graphql/schema.py``
assembles them. Thin: services do the work."""
