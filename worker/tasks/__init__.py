"""Celery tasks: thin, take ids, call services. One module per concern."""
