"""Order mutations, one per module (Saleor's layout); ``shop/orders/graphql/schema.py`` assembles them."""
