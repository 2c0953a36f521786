"""Readers: a file path in, a `Document` out, or a `ReadError` naming the file and why.

One text reader copes with every text layout we meet (markdown with HTML tags and tab
tables, pdftotext-style wrapped lines, Bulletin-officiel text); the PDF reader uses
pdfplumber words, grouped into lines in reading order, each word keeping its box.
Only regular files are read, and at most `max_size()` bytes of each: a FIFO, a device
or a runaway file gets one line instead of a hang or a MemoryError."""
from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from pathlib import Path

from extractors.document import Document, Line, Page, Word

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
INPUT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")

MAX_SIZE_ENV = "KG_MAX_SIZE"
DEFAULT_MAX_SIZE = 50 * 1024 * 1024     # far above the largest real circular (a few MB)
_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}

# byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

_FILE_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
               (stat.S_ISSOCK, "socket"))


class ReadError(Exception):
    """A file that cannot be read; str() is the one-line message for the user."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def parse_size(text: str) -> int:
    """Bytes from `52428800`, `50M`, `512K`, `1G` (binary units); ValueError otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", text, re.I)
    if not m or int(m.group(1)) == 0:
        raise ValueError(f"{text!r} is not a size (e.g. 50M, 512K, 1G)")
    return int(m.group(1)) * _SIZE_UNITS[m.group(2).upper()]


def max_size() -> int:
    """The largest document read, in bytes: $KG_MAX_SIZE when set, else 50 MB."""
    value = os.environ.get(MAX_SIZE_ENV)
    return DEFAULT_MAX_SIZE if value is None else parse_size(value)


def read_document(path, limit: int | None = None) -> Document:
    """Read a .txt/.md/.html or .pdf file of at most `limit` bytes (default `max_size()`)
    into a Document (format decided by content, not name; an HTML page keeps its markup
    in `text`, which the table readers parse)."""
    p = Path(path)
    if limit is None:
        try:
            limit = max_size()
        except ValueError as exc:
            raise ReadError(p, f"no size limit to apply: {MAX_SIZE_ENV} {exc}") from exc
    data = _read_bytes(p, limit)
    if not data:
        raise ReadError(p, "empty file")
    sha = hashlib.sha256(data).hexdigest()
    if data.lstrip()[:5] == b"%PDF-":
        return _read_pdf(p, data, sha)
    return _read_text(p, data, sha)


def _read_bytes(p: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. The file is opened without
    blocking and checked again once open, so a FIFO swapped in after the first look
    cannot hang the read, and at most limit + 1 bytes are read from a growing file."""
    try:
        st = os.stat(p)
    except OSError as exc:
        raise ReadError(p, _stat_reason(p, exc)) from exc
    _check_regular(p, st, limit)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ReadError(p, f"cannot be read ({exc.strerror or exc})") from exc
    with open(fd, "rb", closefd=True) as f:
        _check_regular(p, os.fstat(f.fileno()), limit)
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise ReadError(p, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise ReadError(p, _too_large(f"over {limit} bytes", limit))
    return data


def _stat_reason(p: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (following its links never reaches a file)"
    if exc.errno == errno.ENOENT and p.is_symlink():
        return f"broken symbolic link (its target {os.readlink(p)} does not exist)"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file"
    return f"cannot be read ({exc.strerror or exc})"


def _check_regular(p: Path, st: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(p, "is a directory, not a document")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(st.st_mode)), "special file")
        raise ReadError(p, f"not a regular file ({kind})")
    if st.st_size > limit:
        raise ReadError(p, _too_large(f"{st.st_size} bytes", limit))


def _too_large(size: str, limit: int) -> str:
    return f"too large ({size}; the limit is {limit} bytes, set {MAX_SIZE_ENV} to change it, e.g. {MAX_SIZE_ENV}=200M)"


def _looks_binary(sample: str) -> bool:
    """NUL, or more than 5 % control characters other than tab, newlines and form feed."""
    if "\x00" in sample:
        return True
    control = sum(1 for c in sample if c < " " and c not in "\t\n\f\r")
    return control > len(sample) * 0.05


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 written without a byte-order mark, told by its zero bytes: Latin text has
    a zero high byte in most characters, so zeros fill one parity of positions only."""
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > len(odd) * 0.4 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decode(p: Path, data: bytes) -> str:
    """The text of a file: in the encoding its byte-order mark names, else UTF-16 when its
    zero bytes say so, else UTF-8 (an HTML page: the character set it declares)."""
    bom, encoding = next(((bom, enc) for bom, enc in _BOMS if data.startswith(bom)), (b"", None))
    body = data[len(bom):]
    encoding = encoding or _bomless_utf16(data)
    if encoding is None:
        if _looks_binary(data[:8192].decode("latin-1")):
            raise ReadError(p, "binary file, neither text nor PDF")
        encoding = _html_charset(data) if _is_html(p, data.lstrip()[:200].decode("latin-1")) else "utf-8"
    try:
        text = body.decode(encoding)
    except LookupError as exc:
        raise ReadError(p, f"unknown character set declared ({exc})") from exc
    except UnicodeDecodeError as exc:
        at = f"byte 0x{body[exc.start]:02x} at offset {exc.start + len(data) - len(body)}"
        if encoding != "utf-8":
            raise ReadError(p, f"not valid {encoding.upper()} ({at}: {exc.reason})") from exc
        hint = ""
        try:
            body.decode("cp1252")
            hint = "; it looks like Latin-1/Windows-1252: convert it with `iconv -f latin1 -t utf-8`"
        except UnicodeDecodeError:
            pass
        raise ReadError(p, f"not valid UTF-8 ({at}){hint}") from exc
    if encoding != "utf-8" and _looks_binary(text[:8192]):
        raise ReadError(p, f"binary file, neither text nor PDF (read as {encoding.upper()})")
    if not text.strip():
        raise ReadError(p, "empty document (nothing but " + ("white space)" if text else "a byte-order mark)"))
    return text


def _read_text(p: Path, data: bytes, sha: str) -> Document:
    text = _decode(p, data).replace("\r\n", "\n").replace("\r", "\n")
    fmt = ("html" if _is_html(p, text.lstrip()[:200]) else
           "markdown" if p.suffix.lower() in (".md", ".markdown") or _has_markdown(text) else "text")
    pages: list[Page] = []
    page = Page(number=1)
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        # a form feed starts a new page (pdftotext output); the line keeps its text after it
        while "\f" in raw[:1]:
            pages.append(page)
            page = Page(number=page.number + 1)
            raw = raw[1:]
            offset += 1
        page.lines.append(Line(number, page.number, offset, offset + len(raw), raw))
        offset += len(raw) + 1
    pages.append(page)
    doc = Document(str(p), p.name, sha, fmt, text, pages)
    doc.title = _title(doc)
    return doc


def _is_html(p: Path, head: str) -> bool:
    """An HTML page: by its name, or by its first markup (`head`: the text's start, stripped)."""
    return p.suffix.lower() in HTML_SUFFIXES or head.lower().startswith(("<!doctype html", "<html"))


def _html_charset(data: bytes) -> str:
    """The character set an HTML page declares in its head (UTF-8 when none). A page read
    byte by byte as ASCII cannot be UTF-16 whatever it says: UTF-8 then, as browsers do."""
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    charset = m.group(1).decode("ascii").lower() if m else "utf-8"
    return "utf-8" if charset.startswith(("utf-16", "utf-32", "utf16", "utf32")) else charset


def _has_markdown(text: str) -> bool:
    return bool(re.search(r"^#{1,6} \S", text, re.M)) or "<b>" in text


def _title(doc: Document) -> str | None:
    """The first line that names the text (circulaire / instruction …), cleaned of markup."""
    for line in doc.lines[:80]:
        clean = re.sub(r"\s+", " ", re.sub(r"<[^>]+>|\*+|^#+\s*", "", line.text)).strip()
        if re.match(r"(?i:circulaire|instruction|note d.information)\s+(?:n\s?[°o]|N\s?°|[A-Z]{2,}[-/ ]|du \d)", clean) \
                and len(clean) > 30:
            return clean
    return None


# ---------------------------------------------------------------- PDF

def _read_pdf(p: Path, data: bytes, sha: str) -> Document:
    import io
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect, PDFEncryptionError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        with pdf:
            raw_pages = [_pdf_page_words(page) for page in pdf.pages]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReadError(p, "encrypted PDF (a password is required)") from exc
    except Exception as exc:  # pdfminer raises many types on damaged files
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(exc).lower():
            raise ReadError(p, "encrypted PDF (a password is required)") from exc
        raise ReadError(p, f"corrupt or unreadable PDF ({type(exc).__name__}: {str(exc)[:80] or 'no detail'})") from exc
    if not raw_pages:
        raise ReadError(p, "PDF without pages")
    pages, chunks, offset, number = [], [], 0, 0
    for page_no, (width, height, rotation, lines, rules) in enumerate(raw_pages, start=1):
        page = Page(number=page_no, width=width, height=height, rotation=rotation, rules=rules)
        for words in lines:
            number += 1
            text_parts, placed, col = [], [], 0
            for i, w in enumerate(words):
                sep = "" if i == 0 else " "
                col += len(sep)
                text_parts.append(sep + w["text"])
                placed.append(Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"],
                                   offset + col, offset + col + len(w["text"]),
                                   "bold" in str(w.get("fontname", "")).lower()))
                col += len(w["text"])
            line_text = "".join(text_parts)
            page.lines.append(Line(number, page_no, offset, offset + len(line_text), line_text, tuple(placed)))
            chunks.append(line_text)
            offset += len(line_text) + 1
        pages.append(page)
    text = "\n".join(chunks)
    if not text.strip():
        raise ReadError(p, "PDF has no text layer (scanned image?)")
    doc = Document(str(p), p.name, sha, "pdf", text, pages)
    doc.title = _title(doc)
    return doc


def _pdf_page_words(page):
    """Words of one page grouped into lines (top to bottom, left to right), in the frame
    the text is read in: sideways text (a landscape table printed on a portrait page) is
    turned back before grouping, whichever way it was rotated."""
    chars = page.chars
    width, height = float(page.width), float(page.height)
    sideways = [c for c in chars if not c.get("upright", True)]
    upward = sum(1 for c in sideways if c["matrix"][1] > 0) >= len(sideways) / 2
    # y_tolerance 1: the chars of one word share their baseline; a looser tolerance
    # interleaves the letters of a header's wrapped lines set in small print. x tolerance
    # a fifth of the type size: a thousands gap printed with no character (a space's
    # width, 0.28 em) still parts two groups in small print (1.5 pt at 5.3 pt)
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance_ratio=0.2,
                               y_tolerance=1, extra_attrs=["upright", "fontname"],
                               char_dir_rotated="btt" if upward else "ttb",
                               line_dir_rotated="ltr" if upward else "rtl")
    words = [{k: (float(v) if k in ("x0", "x1", "top", "bottom") else v) for k, v in w.items()}
             for w in words]
    turned = bool(chars) and len(sideways) > len(chars) / 2
    rules = _pdf_rules(page, turned, upward, width, height)
    if turned:
        if upward:   # baseline goes up the page: read from bottom to top, lines left to right
            words = [dict(w, x0=height - w["bottom"], x1=height - w["top"], top=w["x0"], bottom=w["x1"])
                     for w in words]
        else:        # baseline goes down the page: read from top to bottom, lines right to left
            words = [dict(w, x0=w["top"], x1=w["bottom"], top=width - w["x1"], bottom=width - w["x0"])
                     for w in words]
        width, height = height, width
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[list[dict]] = []
    for w in words:
        mid = (w["top"] + w["bottom"]) / 2
        if lines:
            last = lines[-1]
            if min(x["top"] for x in last) - 1 <= mid <= max(x["bottom"] for x in last) + 1:
                last.append(w)
                continue
        lines.append([w])
    return width, height, int(page.rotation or 0), [sorted(line, key=lambda w: w["x0"]) for line in lines], rules


# pdfplumber's table finder on ruled pages: cells are bounded by drawn lines and
# rectangle sides only (text alignment is read from the words by the table layouts)
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
         "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3, "edge_min_length": 3}


def _pdf_rules(page, turned: bool, upward: bool, width: float, height: float):
    """The vertical sides (x, top, bottom) of the cells of the ruled tables that
    pdfplumber's table finder sees on the page, in the frame the words are read in."""
    edges = page.edges
    if sum(1 for e in edges if e["orientation"] == "v") < 2 or sum(1 for e in edges if e["orientation"] == "h") < 2:
        return []
    from pdfplumber.table import TableSettings
    out = set()
    for table in page.find_tables(TableSettings.resolve(RULED)):
        for x0, top, x1, bottom in table.cells:
            if turned and upward:
                x0, top, x1, bottom = height - bottom, x0, height - top, x1
            elif turned:
                x0, top, x1, bottom = top, width - x1, bottom, width - x0
            for x in (x0, x1):
                out.add((round(float(x), 1), round(float(top), 1), round(float(bottom), 1)))
    merged: list[tuple[float, float, float]] = []
    for x, top, bottom in sorted(out):        # one rule per run of cell sides at one x
        if merged and merged[-1][0] == x and top <= merged[-1][2] + 1:
            merged[-1] = (x, merged[-1][1], max(bottom, merged[-1][2]))
        else:
            merged.append((x, top, bottom))
    return merged


def iter_inputs(paths):
    """Expand directories into their .txt/.md/.html/.pdf entries, sorted; keep other paths
    as given. Entries that are not regular files are kept too, so the reader names them
    (a FIFO, a link loop) instead of their being skipped unseen."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if not child.is_dir() and child.suffix.lower() in INPUT_SUFFIXES:
                    yield child
        else:
            yield p


__all__ = ["ReadError", "read_document", "iter_inputs"]
