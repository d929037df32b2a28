"""Fonts that can draw Chinese, for the watermark (Pillow) and for PDFs (reportlab, embedded).

A PDF that names a font without embedding it (reportlab's built-in STSong-Light) looks different in
every viewer, and some draw boxes; an embedded TrueType subset looks the same everywhere.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

# Where Debian/Ubuntu/Alpine/macOS put CJK fonts; the first file found is used.
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)

# WenQuanYi Micro Hei (Apache-2.0), shipped with the code: see cjk_font/README.md.
VENDORED_CJK_FONT = str(Path(__file__).resolve().parent / "cjk_font" / "wqy-microhei.ttc")

PDF_CJK_FONT = "BashuCJK"
PDF_FALLBACK_FONT = "STSong-Light"  # reportlab's CID font: not embedded


def cjk_font_files(*, configured: str = "", candidates=CJK_FONT_CANDIDATES) -> Iterator[str]:
    """Existing font files that may draw Chinese: the configured one first, then the usual places."""
    for candidate in (configured, *candidates):
        if candidate and Path(candidate).is_file():
            yield candidate


@functools.cache
def pdf_cjk_font() -> str:
    """The name of a reportlab font that draws Chinese, registered once per process.

    The first TrueType-outlined CJK font found (``SHOP_PDF_CJK_FONT``, then the vendored WenQuanYi Micro
    Hei, then the watermark's and the usual places; reportlab embeds a subset of it) is ``BashuCJK``. The
    vendored font comes before the system's so every machine (a fresh ``make demo``, CI, production) writes
    the same PDFs. Fonts with PostScript outlines (Noto CJK OTF/TTC) cannot be embedded by reportlab and are
    skipped. With none, STSong-Light, which viewers substitute, and a warning."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    configured = getattr(settings, "SHOP_PDF_CJK_FONT", "")
    candidates = (VENDORED_CJK_FONT, getattr(settings, "SHOP_WATERMARK_CJK_FONT", ""), *CJK_FONT_CANDIDATES)
    for path in cjk_font_files(configured=configured, candidates=candidates):
        try:
            pdfmetrics.registerFont(TTFont(PDF_CJK_FONT, path, subfontIndex=0))
        except (TTFError, OSError) as exc:
            logger.debug("font %s cannot be embedded in a PDF: %s", path, exc)
            continue
        return PDF_CJK_FONT
    logger.warning("no embeddable CJK font found: PDFs use %s, which viewers substitute", PDF_FALLBACK_FONT)
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FALLBACK_FONT))
    return PDF_FALLBACK_FONT
