"""Reading PDFs back as people do: their text, and the QR codes printed on them."""

import io
import shutil
import subprocess
from pathlib import Path

import pypdf

QR_TOOLS = bool(shutil.which("pdftoppm") and shutil.which("zbarimg"))
QR_TOOLS_MISSING = "pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed"


def pdf_text(data: bytes) -> str:
    """The text of every page, as a PDF reader extracts it."""
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def qr_codes(data: bytes, folder: Path) -> list[str]:
    """What the QR codes of the first page say, read from a 150 dpi picture of it."""
    (folder / "document.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", folder / "document.pdf",
                    folder / "page"], check=True, timeout=60)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", folder / "page.png"],
                             capture_output=True, text=True, timeout=60)
    return decoded.stdout.split()
