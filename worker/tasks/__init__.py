"""Celery tasks: thin, take ids, call services. One module per concern; one import line each."""

from worker.tasks import accounts as accounts
from worker.tasks import checkout as checkout
from worker.tasks import collection as collection
from worker.tasks import incubator as incubator
from worker.tasks import orders as orders
from worker.tasks import outbox as outbox
from worker.tasks import payments as payments
from worker.tasks import royalties as royalties
