"""A report saved by a browser as one file (.mhtml/.mht, "save as web page, single file"): the page's
HTML inside a MIME message. ``read`` takes the page out of the message with Python's ``email``
package (quoted-printable or base64; the charset its part declares, else the page's own) and reads it with
``corpus.html``; the file's own bytes stay the report's identity (its content hash).
"""
from __future__ import annotations

import email
import re
from dataclasses import replace
from email import policy
from pathlib import Path

from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.records import Document


def read(path: Path, data: bytes) -> Document:
    """The page inside a web archive, read as an HTML report."""
    from corpus import html

    message = email.message_from_bytes(data, policy=policy.default)
    page = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    if page is None:
        raise ReportError(f"{path}: a web archive without an HTML page in it; open it in a browser and save "
                          "the page as .html")
    body = page.get_payload(decode=True) or b""
    charset = page.get_content_charset()  # the part's own; without one, the page's <meta charset> decides
    if charset is None:
        document = html.read(path, body)
    else:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeError) as err:
            raise ReportError(f"{path}: the page in the web archive cannot be decoded as {charset} ({err}); "
                              "save it as .html") from None
        text = re.sub(r"""<meta[^>]+charset\s*=\s*["']?[^"'>\s]+["']?[^>]*>""", "", text, flags=re.I)
        document = html.read(path, ('<meta charset="utf-8">' + text).encode("utf-8"))
    return replace(document, format="mhtml", content_hash=content_hash(data))
