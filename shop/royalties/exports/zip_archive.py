"""Every statement of a period in one ZIP, streamed as it is written."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator

from django.db.models import Max
from django.utils import timezone

from shop.royalties.exports.csv_format import csv_chunks
from shop.royalties.exports.statement import StatementExport
from shop.royalties.models import RoyaltyEntry
from shop.royalties.selectors import (
    licence_relic_names,
    payee_names,
    statement_list,
)
from shop.royalties.selectors.statement_rows import statement_snapshot


class _Pipe(io.RawIOBase):
    """An unseekable sink that hands out what was written since the last ``drain``: lets zipfile stream."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def period_zip_chunks(*, period: datetime.date) -> Iterator[bytes]:
    """Every payee's statement of the month as CSV, in one ZIP, streamed (zipfile writes data descriptors
    to an unseekable stream, so nothing is held but the current block)."""
    pipe = _Pipe()
    statements = statement_list(period=period)
    names, relics = payee_names(s.payee for s in statements), licence_relic_names()
    # An open month's statements are one snapshot of the ledger, so each adds up however sales go on.
    provisional = any(statement.pk is None for statement in statements)
    through = (RoyaltyEntry.objects.aggregate(last=Max("id"))["last"] or 0) if provisional else None
    as_of = timezone.now() if provisional else None
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for statement in statements:
            if provisional:
                statement, _ = statement_snapshot(
                    period=period, payee=statement.payee, currency=statement.currency, through_entry_id=through
                )
            export = StatementExport(
                payee=statement.payee,
                period=period,
                statement=statement,
                payee_label=names[statement.payee],
                relic_names=relics,
                through_entry_id=through,
                as_of=as_of,
            )
            with archive.open(export.filename("csv"), mode="w", force_zip64=True) as member:
                for chunk in csv_chunks(export):
                    member.write(chunk)
                    if data := pipe.drain():
                        yield data
        yield pipe.drain()
    yield pipe.drain()
