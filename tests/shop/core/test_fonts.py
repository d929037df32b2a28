"""PDFs embed a CJK font when the machine has one reportlab can embed (CI installs wqy-microhei)."""

from __future__ import annotations

import io
import shutil
import subprocess

from reportlab.pdfgen import canvas

from shop.core import fonts
from tests.conftest import _skip_or_fail


def test_the_vendored_font_needs_nothing_from_the_system(settings, monkeypatch):
    """A fresh machine (``make demo``: Python only) still embeds a CJK font: the one shipped with the code."""
    settings.SHOP_PDF_CJK_FONT = ""
    settings.SHOP_WATERMARK_CJK_FONT = ""
    monkeypatch.setattr(fonts, "CJK_FONT_CANDIDATES", ())
    fonts.pdf_cjk_font.cache_clear()
    try:
        assert fonts.pdf_cjk_font() == fonts.PDF_CJK_FONT
    finally:
        fonts.pdf_cjk_font.cache_clear()


def test_a_pdf_written_with_the_cjk_font_embeds_it(tmp_path):
    fonts.pdf_cjk_font.cache_clear()
    name = fonts.pdf_cjk_font()
    assert name == fonts.PDF_CJK_FONT
    if shutil.which("pdffonts") is None:
        _skip_or_fail("needs pdffonts (apt-get install poppler-utils)")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(name, 12)
    pdf.drawString(72, 720, "两城两馆 · 巴蜀文创")
    pdf.save()
    path = tmp_path / "cjk.pdf"
    path.write_bytes(buffer.getvalue())
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    row = next(line for line in listing.splitlines() if "BashuCJK" in line or "WenQuanYi" in line)
    name, *_, emb, sub, uni, _object, _generation = row.split()
    assert name.split("+")[0].isupper() and "+" in name  # a subset: XXXXXX+ prefix
    assert (emb, sub, uni) == ("yes", "yes", "yes")  # embedded, subset, with a ToUnicode map


def test_without_an_embeddable_font_pdfs_fall_back_to_the_cid_font(settings, monkeypatch):
    settings.SHOP_PDF_CJK_FONT = ""
    settings.SHOP_WATERMARK_CJK_FONT = ""
    monkeypatch.setattr(fonts, "CJK_FONT_CANDIDATES", ())
    monkeypatch.setattr(fonts, "VENDORED_CJK_FONT", "")
    fonts.pdf_cjk_font.cache_clear()
    try:
        assert fonts.pdf_cjk_font() == fonts.PDF_FALLBACK_FONT
    finally:
        fonts.pdf_cjk_font.cache_clear()
