"""What the statement documents say: every column, typed numbers, labelled totals, late items and remainders,
a PDF whose every amount is on the page, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from graphql_relay import to_global_id
from openpyxl import load_workbook

from shop.orders.models import RefundKind
from shop.royalties.exports.lines import NOTE_LATE_NAMES, NOTE_REMAINDER_NAMES
from shop.royalties.line_types import DOCUMENT_LABELS
from shop.royalties.services import royalty_period_close, royalty_record_order, royalty_record_refund
from tests.factories import MuseumFactory
from tests.shop.core.graphql.client import graphql_post
from tests.shop.royalties.factories import designer_user, finance_user, paid_order, refund_of, snapshot
from tests.shop.royalties.statement_helpers import (
    body,
    csv_rows,
    pdf_fonts,
    pdf_text,
    statement_sections,
    unsafe_cells,
    xlsx_parts,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def museum():
    return MuseumFactory(name_en="Sichuan Museum", name_zh="四川博物院")


@pytest.fixture
def autumn(museum):
    """September: two sales (2 units each), one unit refunded; closed. Then, booked in October: a September
    sale recorded late, a September refund and a September chargeback recorded late (the refund completes its
    line), an October sale fully refunded in two parts (the second completes the line)."""
    designer = designer_user()

    def sale(paid_at, quantity=2, price="128.00"):
        order = paid_order(
            lines=[
                {
                    "royalty_snapshot": snapshot(shares=[(museum, 10_000)], designer=designer, museum_rate_bp=1033),
                    "quantity": quantity,
                    "unit_price_amount": Decimal(price),
                    "product_name_en": "Dunhuang Bodhisattva Bookmark with a rather long English product name",
                    "product_name_zh": "敦煌菩萨书签",
                }
            ],
            paid_at=paid_at,
        )
        return order, order.lines.get()

    first, first_line = sale(at(9, 3))
    second, second_line = sale(at(9, 10))
    royalty_record_order(order_id=first.pk)
    royalty_record_order(order_id=second.pk)
    royalty_record_refund(refund_id=refund_of(first, [(first_line, 1)], created_at=at(9, 12)).pk)
    late_sale, _ = sale(at(9, 29), quantity=1)
    late_refund = refund_of(first, [(first_line, 1)], created_at=at(9, 30, 9))  # completes the line
    late_chargeback = refund_of(second, [(second_line, 2)], created_at=at(9, 30, 10))
    late_chargeback.kind = RefundKind.CHARGEBACK
    late_chargeback.save()
    royalty_period_close(period=SEP)
    royalty_record_order(order_id=late_sale.pk)
    royalty_record_refund(refund_id=late_refund.pk)
    royalty_record_refund(refund_id=late_chargeback.pk)
    october, october_line = sale(at(10, 5), quantity=3, price="99.90")
    royalty_record_order(order_id=october.pk)
    royalty_record_refund(refund_id=refund_of(october, [(october_line, 1)], created_at=at(10, 6)).pk)
    royalty_record_refund(refund_id=refund_of(october, [(october_line, 2)], created_at=at(10, 7)).pk)
    return {"designer": designer, "october": october}


def _download(client, period, payee, fmt) -> bytes:
    client.force_login(finance_user())
    return body(client.get(f"/finance/statements/{period}/{payee}.{fmt}"))


def test_csv_lists_every_column_and_labels_the_movement_and_the_closing_balance(client, museum, autumn):
    sections = statement_sections(csv_rows(_download(client, "2026-09", f"museum-{museum.pk}", "csv")))
    assert sections["header"] == [
        "Order 订单号",
        "Date 日期",
        "Type 类型",
        "Corrects 更正期间",
        "SKU 货号",
        "Product 商品",
        "Relic(s) 文物",
        "Quantity 数量",
        "Net sales 净销售额",
        "Rate 比例",
        "Amount 金额",
        "Currency 币种",
        "Note 说明",
    ]
    lines = sections["lines"]
    assert [line[2] for line in lines] == ["Sale 销售", "Sale 销售", "Reversal 退款冲回"]
    assert [line[7] for line in lines] == ["2", "2", "-1"]
    assert {line[9] for line in lines} == {"10.3300%"}  # the museum's exact share, as a percentage
    amounts = [Decimal(line[10]) for line in lines]
    summary = sections["summary"]
    assert sections["movement"][0] == "Movement this month 本月变动 (Σ lines)"
    assert Decimal(sections["movement"][10]) == sum(amounts) == summary["Movement this month 本月变动"]
    assert sections["closing"][0] == "Closing balance 期末余额"
    assert Decimal(sections["closing"][10]) == summary["Closing balance 期末余额"]
    assert summary["Opening balance 期初余额"] + sum(amounts) == summary["Closing balance 期末余额"]


def test_late_items_say_what_they_are_and_which_period_they_correct(client, museum, autumn):
    lines = statement_sections(csv_rows(_download(client, "2026-10", f"museum-{museum.pk}", "csv")))["lines"]
    kinds = [(line[2], line[3]) for line in lines]
    assert kinds == [
        ("Late sale 补记销售", "2026-09"),
        ("Late refund 补记退款", "2026-09"),
        ("Late chargeback 补记拒付", "2026-09"),
        ("Sale 销售", ""),
        ("Reversal 退款冲回", ""),
        ("Reversal 退款冲回", ""),
    ]
    # Dated when they happened (in September), booked here, and the note says why.
    assert [line[1] for line in lines[:3]] == ["2026-09-29", "2026-09-30", "2026-09-30"]
    assert all("2026-09 was closed" in line[12] for line in lines[:3])


def test_the_refund_that_completes_a_line_says_it_takes_what_remains(client, museum, autumn):
    lines = statement_sections(csv_rows(_download(client, "2026-10", f"museum-{museum.pk}", "csv")))["lines"]
    remainder = [line for line in lines if "reverses exactly what remains" in line[12]]
    # The late refund completing September's first line, the late chargeback of the whole second line, and
    # October's second refund; October's first (partial) refund does not say so.
    assert [(line[2], line[7]) for line in remainder] == [
        ("Late refund 补记退款", "-1"),
        ("Late chargeback 补记拒付", "-2"),
        ("Reversal 退款冲回", "-2"),
    ]
    assert "what remains" not in lines[4][12]


def test_xlsx_cells_are_typed_and_the_workbook_holds_no_formula(client, museum, autumn):
    data = _download(client, "2026-10", f"museum-{museum.pk}", "xlsx")
    for name, xml in xlsx_parts(data).items():
        assert "<f>" not in xml and "<f " not in xml, name
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Lines 明细"]
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]][:3] == ["Order 订单号", "Date 日期", "Type 类型"]
    first = rows[1]
    assert isinstance(first[1].value, datetime.datetime) and first[1].number_format == "yyyy-mm-dd"
    assert first[7].value == 1 and first[7].number_format == "0"  # a number (spreadsheets hold doubles)
    assert isinstance(first[8].value, float) and first[8].number_format == "#,##0.00"
    assert first[9].value == pytest.approx(0.1033) and first[9].number_format == "0.0000%"
    assert isinstance(first[10].value, float) and first[10].number_format == "#,##0.00"
    movement, closing = rows[-2], rows[-1]
    assert movement[0].value == "Movement this month 本月变动 (Σ lines)"
    line_sum = sum(Decimal(str(row[10].value)) for row in rows[1:-2])
    assert Decimal(str(movement[10].value)) == line_sum
    assert closing[0].value == "Closing balance 期末余额"
    summary = {row[0]: row[1] for row in workbook["Summary 汇总"].iter_rows(values_only=True) if row and row[0]}
    assert Decimal(str(summary["Closing balance 期末余额"])) == Decimal(str(closing[10].value))


def test_the_same_statement_gives_the_same_bytes(client, museum, autumn):
    """Reproducible documents: what a background export writes later equals what is streamed now (the XLSX
    writer stamps the moment it wrote the workbook in docProps/core.xml; every other part is the same)."""
    for fmt in ("csv", "pdf"):
        first = _download(client, "2026-09", f"museum-{museum.pk}", fmt)
        assert _download(client, "2026-09", f"museum-{museum.pk}", fmt) == first, fmt
    first = xlsx_parts(_download(client, "2026-09", f"museum-{museum.pk}", "xlsx"))
    again = xlsx_parts(_download(client, "2026-09", f"museum-{museum.pk}", "xlsx"))
    assert first.pop("docProps/core.xml") and again.pop("docProps/core.xml")
    assert first == again


@pytest.fixture
def three_pages(museum):
    """A month with enough lines for a three-page PDF (sales of long names, some refunded)."""
    designer = designer_user()
    lines = []
    for index in range(30):
        order = paid_order(
            lines=[
                {
                    "royalty_snapshot": snapshot(shares=[(museum, 10_000)], designer=designer),
                    "quantity": 1 + index % 3,
                    "unit_price_amount": Decimal(19 + index * 7) + Decimal("0.90"),
                    "product_name_en": f"Sanxingdui bronze mask silk scarf, limited edition no. {index}",
                    "product_name_zh": f"三星堆青铜面具丝巾限量版{index}号",
                    "sku": f"SXD-MASK-SCARF-LIMITED-{index:05d}",
                }
            ],
            paid_at=at(11, 1 + index % 28),
        )
        royalty_record_order(order_id=order.pk)
        lines.append(order)
    for order in lines[:10]:
        line = order.lines.get()
        royalty_record_refund(refund_id=refund_of(order, [(line, line.quantity)], created_at=at(11, 29)).pk)
    return museum


def test_a_three_page_pdf_shows_every_amount_and_the_totals_inside_the_page(client, three_pages, tmp_path):
    import pdfplumber

    payee = f"museum-{three_pages.pk}"
    csv_sections = statement_sections(csv_rows(_download(client, "2026-11", payee, "csv")))
    path = tmp_path / "statement.pdf"
    path.write_bytes(_download(client, "2026-11", payee, "pdf"))

    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 3
        for page in pdf.pages:
            drawn = page.chars + page.rects + page.lines + page.curves + page.images
            assert drawn
            outside = [
                obj
                for obj in drawn
                if obj["x0"] < 0 or obj["x1"] > page.width or obj["top"] < 0 or obj["bottom"] > page.height
            ]
            assert not outside, f"page {page.page_number}: {outside[:3]}"
            assert page.width > page.height  # landscape

    text = pdf_text(path)
    tokens = Counter(re.findall(r"-?\d+\.\d{2}\b", text))
    wanted = Counter(line[10] for line in csv_sections["lines"])
    missing = {amount: count for amount, count in wanted.items() if tokens[amount] < count}
    assert not missing
    assert csv_sections["movement"][10] in text and csv_sections["closing"][10] in text
    for label in ("Sales 销售版税", "Reversals 退款冲回", "Payouts 已付款", "Closing balance 期末余额"):
        assert label in text
    assert all(line[0] in text for line in csv_sections["lines"])  # every order number
    assert "两城两馆" in text and "双城双馆" not in text
    fonts = pdf_fonts(path)
    assert fonts and all(" yes yes yes " in line for line in fonts)  # every font embedded, subset, ToUnicode


def test_pdf_leaves_lines_beyond_the_limit_to_the_spreadsheets(client, three_pages, settings, tmp_path):
    settings.ROYALTY_PDF_MAX_LINES = 5
    path = tmp_path / "short.pdf"
    path.write_bytes(_download(client, "2026-11", f"museum-{three_pages.pk}", "pdf"))
    text = pdf_text(path)
    assert "35 more lines" in text  # 30 sales + 10 reversals, 5 printed
    assert "Closing balance 期末余额" in text


def test_spreadsheets_have_no_formula_cell(client, museum, autumn):
    rows = csv_rows(_download(client, "2026-10", f"museum-{museum.pk}", "csv"))
    assert unsafe_cells(rows) == []


def test_the_csv_fast_path_writes_what_the_lines_say(client, museum, autumn):
    """The CSV writer formats rows without building lines (for speed); its cells must be exactly what the
    lines every other document uses would give, for every kind of line (late, remainder, payout)."""
    from django.utils import timezone

    from shop.royalties.exports import statement_export_for, statement_lines_of
    from shop.royalties.exports.cells import minor_text, text_safe
    from shop.royalties.models import RoyaltyEntry
    from shop.royalties.split import Payee

    RoyaltyEntry.objects.create(
        kind="payout",
        amount_minor=-100,
        currency="CNY",
        idempotency_key="payout:test",
        period=OCT,
        occurred_at=timezone.now(),
        reference="=BOC-2026-1001",
        payee_type="museum",
        museum=museum,
    )
    export = statement_export_for(period=OCT, payee=Payee("museum", museum.pk))
    expected = [
        [
            text_safe(line.order_number),
            line.day.isoformat(),
            line.type_label,
            line.corrects,
            text_safe(line.sku),
            text_safe(line.product),
            text_safe(line.relics),
            "" if line.quantity is None else str(line.quantity),
            "" if line.net_minor is None else minor_text(line.net_minor, "CNY"),
            "" if line.rate is None else line.rate.percent_text,
            minor_text(line.amount_minor, "CNY"),
            "CNY",
            text_safe(line.note),
        ]
        for line in statement_lines_of(export)
    ]
    lines = statement_sections(csv_rows(_download(client, "2026-10", f"museum-{museum.pk}", "csv")))["lines"]
    assert lines == expected
    assert lines[-1][2] == "Payout 付款" and lines[-1][12] == "'=BOC-2026-1001"


def test_the_csv_fast_path_quotes_as_the_csv_module_does(client, museum):
    """Names with commas, quotes, line breaks and formula triggers: the hand-quoted lines are byte for byte
    what ``csv.writer`` writes for the same cells."""
    import csv as csv_module
    import io as io_module

    order = paid_order(
        lines=[
            {
                "royalty_snapshot": snapshot(shares=[(museum, 10_000)]),
                "product_name_en": 'Scarf, "red"\nedition',
                "product_name_zh": "=丝巾,红",
                "sku": '-SKU,"1"',
            }
        ],
        paid_at=at(9, 3),
    )
    royalty_record_order(order_id=order.pk)
    text = _download(client, "2026-09", f"museum-{museum.pk}", "csv").decode("utf-8-sig")
    rows = csv_rows(text.encode("utf-8-sig"))
    lines = statement_sections(rows)["lines"]
    assert lines[0][5] == 'Scarf, "red"\nedition =丝巾,红' and lines[0][4] == '\'-SKU,"1"'
    buffer = io_module.StringIO()
    csv_module.writer(buffer).writerows(lines)
    assert buffer.getvalue() in text


# ── the API's lines agree with the documents' ────────────────────────────────────────────────────────────

GRAPHQL_LINES = """query($period: String!, $payee: ID, $first: Int) {
  royaltyStatements(period: $period, payee: $payee) { lines(first: $first) { totalCount edges { node {
    kind lineType note correctsPeriod orderNumber quantity amount { amount } } } } } }"""
LINE_TYPE_OF_LABEL = {label: code for code, label in DOCUMENT_LABELS.items()}


def _graphql_lines(client, period: str, payee: str, language: str, first: int = 50) -> list[dict]:
    client.force_login(finance_user())
    status, answer = graphql_post(
        client,
        GRAPHQL_LINES,
        {"period": period, "payee": to_global_id("RoyaltyPayee", payee), "first": first},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert status == 200 and "errors" not in answer, answer
    [statement] = answer["data"]["royaltyStatements"]
    return [edge["node"] for edge in statement["lines"]["edges"]]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_graphql_line_has_the_csv_lines_type_period_and_note(client, museum, autumn, language):
    """Line for line (a late refund that completes its line, a late chargeback, a remainder refund, a partial
    one): the same type code as the CSV's label, the same corrected period, and the CSV's bilingual note in the
    request's language."""
    payee = f"museum-{museum.pk}"
    csv_lines = statement_sections(csv_rows(_download(client, "2026-10", payee, "csv")))["lines"]
    api_lines = _graphql_lines(client, "2026-10", payee, language)
    assert len(api_lines) == len(csv_lines) == 6
    for api, row in zip(api_lines, csv_lines, strict=True):
        assert api["orderNumber"] == row[0]
        assert api["lineType"] == LINE_TYPE_OF_LABEL[row[2]]
        assert (api["correctsPeriod"] or "") == row[3]
        assert str(api["quantity"]) == row[7] and api["amount"]["amount"] == row[10]
        english = _note_in(row[12], "en")
        assert (api["note"] or "") == (english if language == "en" else _note_in(row[12], "zh"))
    late_refund = api_lines[1]
    assert (late_refund["kind"], late_refund["lineType"], late_refund["correctsPeriod"]) == (
        "adjustment",
        "late_refund",
        "2026-09",
    )
    assert late_refund["note"] == (
        "2026-09 was closed: booked in this month; Last refund of the line: reverses exactly what remains"
        if language == "en"
        else "2026-09 已结账，计入本月; 该行末次退款：冲回剩余金额"
    )
    remainder_refund, partial_refund = api_lines[5], api_lines[4]
    assert (remainder_refund["kind"], remainder_refund["lineType"], remainder_refund["correctsPeriod"]) == (
        "refund",
        "reversal",
        None,
    )
    assert remainder_refund["note"] == (
        "Last refund of the line: reverses exactly what remains" if language == "en" else "该行末次退款：冲回剩余金额"
    )
    assert partial_refund["note"] is None


def _note_in(document_note: str, language: str) -> str:
    """The part of a document's bilingual note in one language (each note is "English 中文", joined by "; ")."""
    parts = []
    for part in filter(None, document_note.split("; ")):
        for english, chinese in (NOTE_LATE_NAMES, NOTE_REMAINDER_NAMES):
            period = part[:7]
            if part in (f"{english} {chinese}".format(period=period),):
                parts.append((english if language == "en" else chinese).format(period=period))
                break
        else:
            parts.append(part)  # a transfer reference is the same in both
    return "; ".join(parts)


def test_graphql_lines_cost_the_same_queries_for_one_line_or_all(client, museum, autumn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    payee = f"museum-{museum.pk}"
    _graphql_lines(client, "2026-10", payee, "en", first=1)  # warm: the session, caches
    counts = []
    for first in (1, 50):
        with CaptureQueriesContext(connection) as captured:
            lines = _graphql_lines(client, "2026-10", payee, "en", first=first)
        counts.append(len(captured))
        assert len(lines) == min(first, 6)
    assert counts[0] == counts[1], counts
