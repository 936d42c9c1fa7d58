"""A report inside a MIME message: saved by a browser as one file (.mhtml/.mht, "save as web page,
single file"), or sent or forwarded by e-mail (.eml). ``read`` takes the page out of the message
with Python's ``email`` package (quoted-printable or base64; the charset its part declares, else the
page's own) and reads it with ``corpus.html``; a message with no HTML part gives its plain-text body to
``corpus.text`` (an e-mail's subject, without 转发/Fwd, is its title hint). The file's own bytes stay
the report's identity (its content hash).
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
    kind = "eml" if path.suffix.lower() == ".eml" else "mhtml"
    page = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    if page is None:
        plain = next((part for part in message.walk() if part.get_content_type() == "text/plain"), None)
        if plain is None:
            raise ReportError(f"{path}: a MIME message without an HTML page or text in it; open it and save "
                              "the report as .html or .txt")
        return _plain(path, data, plain, message, kind)
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
    return replace(document, format=kind, content_hash=content_hash(data))


_FORWARDED = re.compile(r"^\s*(?:(?:转发|回复|答复|fwd?|re)\s*[:：]\s*)+", re.I)


def _plain(path: Path, data: bytes, part, message, kind: str) -> Document:
    """The plain-text body of a message (an e-mail with the report pasted in), read as text."""
    from corpus import text

    body = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        decoded = body.decode(charset)
    except (LookupError, UnicodeError) as err:
        raise ReportError(f"{path}: the message's text cannot be decoded as {charset} ({err}); "
                          "save the report as .txt") from None
    document = text.read(path, decoded.encode("utf-8"))
    subject = _FORWARDED.sub("", str(message.get("Subject") or "")).strip()
    return replace(document, format=kind, content_hash=content_hash(data), encoding="",
                   title_hint=document.title_hint or subject)
