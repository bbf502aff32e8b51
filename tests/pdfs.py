"""Reading PDFs back as people do: their text, and the QR codes printed on them.

Test apps render no PDF until a test reads it: `stand_in_renderer` answers a few bytes that
name what to render, and every reader here renders it for real first (`real_pdf`).
"""

import io
import itertools
import shutil
import subprocess
from pathlib import Path

import pypdf

QR_TOOLS = bool(shutil.which("pdftoppm") and shutil.which("zbarimg"))
QR_TOOLS_MISSING = "pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed"


STAND_IN = b"%PDF-1.7\n% stand-in "
_to_render: dict[bytes, tuple] = {}
_numbers = itertools.count(1)


def stand_in_renderer(renderer, data) -> bytes:
    """What a test app serves for `renderer(data)`: a stand-in, rendered when read."""
    key = str(next(_numbers)).encode()
    _to_render[key] = (renderer, data)
    return STAND_IN + key + b"\n%%EOF\n"


def real_pdf(data: bytes) -> bytes:
    """The PDF itself: a stand-in rendered for real, any other PDF as it is."""
    if not data.startswith(STAND_IN):
        return data
    renderer, values = _to_render[data[len(STAND_IN):].split(b"\n", 1)[0]]
    return renderer(values)


def pdf_text(data: bytes) -> str:
    """The text of every page, as a PDF reader extracts it."""
    return " ".join(page.extract_text()
                    for page in pypdf.PdfReader(io.BytesIO(real_pdf(data))).pages)


def pdf_layout(data: bytes) -> str:
    """The text as `pdftotext -layout` (poppler) lays it out."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=real_pdf(data),
                          capture_output=True, check=True, timeout=60).stdout.decode()
    return text


def qr_codes(data: bytes, folder: Path) -> list[str]:
    """What the QR codes of the first page say, read from a 150 dpi picture of it."""
    (folder / "document.pdf").write_bytes(real_pdf(data))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", folder / "document.pdf",
                    folder / "page"], check=True, timeout=60)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", folder / "page.png"],
                             capture_output=True, text=True, timeout=60)
    return decoded.stdout.split()
