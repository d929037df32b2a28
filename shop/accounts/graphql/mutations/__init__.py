"""Account mutations, one per module (Saleor's layout); ``shop/accounts/graphql/schema.py`` assembles them."""
