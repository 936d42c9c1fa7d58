"""The HTTP edge of ``server.py``: request and response models, the list parameters, and the two
gates that run before a request body is read (its size, and an upload's token).

Everything a client can send is typed and bounded here, so that the OpenAPI document states it
and nothing out of range reaches the collection: years 1990–2100, at most 500 characters a
question, 200 an agency name, 1–1000 rows a page, ids by their patterns. Questions and names lose
invisible and control characters (zero-width spaces, byte-order marks, bidi marks) here, before
anything reads them.
"""
from __future__ import annotations

import hmac
import json
import os
import unicodedata
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar

from pydantic import BaseModel, Field, field_validator, model_validator

YEAR_MIN, YEAR_MAX = 1990, 2100  # report years: the disclosure regulations date from 2008
MAX_QUESTION_CHARS = 500  # as index.settings.Settings.max_question_chars
MAX_NAME_CHARS = 200
MAX_HISTORY = 50
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024  # a question with its history is a few kilobytes at most
PAGE_SIZE, PAGE_SIZE_MAX = 100, 1000
REPORT_ID = r"^[0-9A-Za-z_-]{1,64}$"
TABLE_ID = r"^t[0-9]{1,6}$"
FACT_ID = r"^[0-9A-Za-z_-]{1,64}\.t[0-9]{1,6}\.r[0-9]{1,6}c[0-9]{1,6}$"
CURSOR = r"^[A-Za-z0-9_-]*$"  # base64url, as listing.paginate writes it
# A question must hold something besides spaces. \x1c-\x1f are spaces to Python but not to the
# validator (Rust): both read this class alike.
QUESTION_PATTERN = r"[^\s\x1c-\x1f]"
UPLOAD_PATH = "/api/reports"


# ---------------------------------------------------------------- text as a client sends it


def clean_text(text: str) -> str:
    """``text`` without control characters (tabs and line breaks become spaces) and without
    invisible format characters (zero-width spaces and joiners, BOM, bidi marks, soft hyphens).

    Raises ValueError for a lone surrogate (JSON can carry one; no answer could be written back in it).
    """
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":
            raise ValueError("not valid Unicode text (a lone surrogate); send UTF-8 text")
        if category == "Cc":
            if ch in "\t\n\r\x0b\x0c":
                out.append(" ")
        elif category != "Cf":
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- requests


class AskRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, pattern=QUESTION_PATTERN,
                          description="The question, in Chinese or English (invisible characters are dropped).",
                          examples=["平潭综合实验区2024年政府信息公开行政诉讼有多少件？"])
    agency: Optional[str] = Field(None, max_length=MAX_NAME_CHARS,
                                  description="Restrict to this agency (full or short name, pinyin, English).")
    year: Optional[int] = Field(None, description="Restrict to this year.", ge=YEAR_MIN, le=YEAR_MAX)
    history: list[Annotated[str, Field(max_length=MAX_QUESTION_CHARS)]] = Field(
        default_factory=list, max_length=MAX_HISTORY,
                               description="Earlier questions of the conversation, oldest first, each at most "
                                           f"{MAX_QUESTION_CHARS} characters: a follow-up such as 那2023年呢？ keeps "
                                           "their agency and year.")
    model_config = {"extra": "forbid", "json_schema_extra": {"examples": [
        {"question": "How many lawsuits did 淮安市 face in 2024?"},
        {"question": "那2023年呢？", "history": ["淮安市洪泽区2024年行政复议总计多少件？"]}]}}

    @field_validator("question", "agency", "history")
    @classmethod
    def _clean(cls, value):
        if value is None:
            return value
        return [clean_text(v) for v in value] if isinstance(value, list) else clean_text(value)


S = TypeVar("S", bound=str)
Shape = Literal["objects", "arrays", "array"]
SHAPE_DOC = ("objects (default): {count, rows, next, next_url, …}, rows as objects; arrays: rows as lists "
             "in `columns` order; array: a bare list of objects (every row unless _size is given, as before)")


class Paging(BaseModel, Generic[S]):
    """The list parameters of ``GET /api/facts`` and ``GET /api/reports`` (Datasette's names): one
    FastAPI dependency, ``Annotated[Paging[FactSort], Query()]``, typed by the fields a list sorts on."""

    size: int = Field(PAGE_SIZE, alias="_size", ge=1, le=PAGE_SIZE_MAX, description="rows a page")
    after: Optional[str] = Field(None, alias="_next", max_length=2000, pattern=CURSOR,
                                 description="the `next` of the page before (a cursor written for the same "
                                             "sort; 422 otherwise)")
    sort: Optional[S] = Field(None, alias="_sort", description="sort by this field (not with _sort_desc)")
    sort_desc: Optional[S] = Field(None, alias="_sort_desc",
                                   description="sort by this field, largest first (not with _sort)")
    shape: Shape = Field("objects", alias="_shape", description=SHAPE_DOC)
    format: Literal["json", "csv"] = Field("json", description="json, or csv (every matching row, one a line)")

    @model_validator(mode="after")
    def _one_sort(self) -> "Paging":
        if self.sort and self.sort_desc:
            raise ValueError("give _sort or _sort_desc, not both")
        return self

    @property
    def whole(self) -> bool:
        """Every row in one response: CSV, or the bare ``array`` shape without ``_size``."""
        return self.format == "csv" or (self.shape == "array" and "size" not in self.model_fields_set)


FactSort = Literal["agency", "year", "key", "value", "report_id", "id"]
ReportSort = Literal["agency", "year", "title", "facts", "tables", "failed_checks", "id"]


# ---------------------------------------------------------------- responses


class ErrorModel(BaseModel):
    error: str = Field(..., description="what is wrong and what to do", examples=["wrong upload token"])


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for error statuses, each ``{"error": …}``, with what each one means."""
    return {status: {"model": ErrorModel, "description": ERROR_MEANING[status]} for status in statuses}


ERROR_MEANING = {
    400: "the request body could not be read (not UTF-8 JSON, or a broken multipart form)",
    401: "no upload token sent",
    403: "a wrong upload token, or uploads are off (no REPORTQA_TOKEN on the server)",
    404: "no such report, table or fact",
    413: "the request body is over its limit",
    415: "not a report file type (.txt .md .html .htm .pdf .docx)",
    422: "a parameter out of its bounds or of the wrong type, parameters that contradict each other, or "
         "(uploads) a file that is not a readable report",
    500: "a fault of the server (never a client's doing)",
    503: "the collection is damaged or cannot be opened: the operator must rebuild it",
}


class UploadResult(BaseModel):
    added: list[dict[str, Any]] = Field(..., description="the reports added, as GET /api/reports lists them")
    skipped: list[str]
    message: str
    model_config = {"json_schema_extra": {"examples": [{
        "added": [], "skipped": ["report.pdf"],
        "message": "report.pdf: nothing new (the same report is already in the collection)"}]}}


class FactOut(BaseModel):
    """One table cell: the Fact fields plus its id, URLs, cell coordinates, page and the report's source URL."""

    id: str = Field(..., description="REPORT.TABLE.rROWcCOLUMN: the cell", examples=["b4a3df832f21.t3.r2c0"])
    url: str = Field(..., description="this fact: GET it")
    cell_url: str = Field(..., description="the chat page's report view opened at this cell")
    report_id: str
    agency: str
    year: Optional[int]
    table: str = Field(..., description="table id within the report (t1, t2, …): GET /api/reports/{id}/tables/{table}")
    table_title: str
    section: list[str]
    row: list[str] = Field(..., description="row header path")
    column: list[str] = Field(..., description="column header path")
    row_index: int = Field(..., description="data row of the table (0-based), as GET /api/reports/{id} gives it")
    column_index: int = Field(..., description="data column of the table (0-based)")
    key: Optional[str] = Field(..., description="canonical key (docs/canonical-keys.md)")
    value: Optional[float]
    unit: Optional[str]
    raw: str = Field(..., description="the cell as printed")
    blank: bool
    unreadable: bool
    approximate: bool
    page: Optional[int]
    line: Optional[int]
    source_url: Optional[str] = Field(..., description="the URL the report states it was taken from (原文链接)")


class ReportOut(BaseModel):
    """One report of the collection, as the report list gives it."""

    id: str
    title: str
    agency: str
    year: Optional[int]
    path: str = Field(..., description="the file's name (kept for older clients; same as file)")
    file: str = Field(..., description="the file's name as ingested")
    format: str
    tables: int
    facts: int
    failed_checks: int
    alternates: list[str]
    content_hash: str
    url: str
    file_url: str = Field(..., description="the original file: GET it")
    source_url: Optional[str]


class TableOut(BaseModel):
    """One table of a report: its header paths, its cells as printed, and each cell as a fact."""

    id: str = Field(..., examples=["t3"])
    report_id: str
    title: str
    section: list[str]
    kind: Optional[str] = Field(..., description="national.proactive | national.requests | national.review | null")
    page: Optional[int] = Field(..., description="page where the table starts (PDF)")
    rows: list[list[str]] = Field(..., description="row header path of each data row")
    columns: list[list[str]] = Field(..., description="column header path of each data column")
    cells: list[list[Optional[str]]] = Field(..., description="cells[row][column] as printed; null: lost by the format")
    facts: list[FactOut] = Field(..., description="the cells as facts, with their ids and coordinates")
    url: str = Field(..., description="this table: GET it")
    view_url: str = Field(..., description="the chat page's report view opened at this table")
    facts_url: str = Field(..., description="its facts as a list (add &format=csv for a spreadsheet)")


class FacetValue(BaseModel):
    value: Optional[int | str]
    count: int


class FactPage(BaseModel):
    """A page of facts (``_shape=objects``; with ``_shape=arrays`` each row is a list in ``columns`` order)."""

    count: int = Field(..., description="facts matching the filters, over every page")
    rows: list[FactOut | list[Any]]
    columns: list[str]
    next: Optional[str] = Field(..., description="cursor of the next page (pass it as _next); null on the last")
    next_url: Optional[str]
    facets: dict[str, list[FacetValue]] = Field(..., description="agency, year and key with their counts")


class ReportPage(BaseModel):
    count: int
    rows: list[ReportOut | list[Any]]
    columns: list[str]
    next: Optional[str]
    next_url: Optional[str]


# ---------------------------------------------------------------- gates before the body is read


def token_problem(authorization: Optional[str]) -> Optional[tuple[int, str]]:
    """Why an upload's ``Authorization`` header is refused, as ``(status, message)``; None when it
    carries the server's ``REPORTQA_TOKEN`` (compared in constant time)."""
    token = os.environ.get("REPORTQA_TOKEN")
    if not token:
        return 403, "uploads are off: start the server with REPORTQA_TOKEN set to allow them"
    given = (authorization or "").strip()
    scheme, _, rest = given.partition(" ")
    if scheme.lower() == "bearer":
        given = rest.strip()
    if not given:
        return 401, "send the upload token as 'Authorization: Bearer TOKEN'"
    if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
        return 403, "wrong upload token"
    return None


async def send_error(send, status: int, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    """An ``{"error": message}`` response sent straight to the ASGI ``send``."""
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class UploadGate:
    """Refuse an upload (``POST /api/reports``) without the right token before its body is read:
    401 without a token, 403 with a wrong one or with uploads off."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].rstrip("/") == UPLOAD_PATH:
            given = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            problem = token_problem(given)
            if problem is not None:
                status, message = problem
                await send_error(send, status, message, ((b"www-authenticate", b"Bearer"),) if status == 401 else ())
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse a request body over its limit with 413 before it is read into memory or spooled to disk.

    Uploads (``POST /api/reports``) may carry ``MAX_UPLOAD_BYTES`` plus the multipart framing; any
    other body ``MAX_JSON_BYTES``. A body without a Content-Length (chunked) is counted as it
    arrives: past the limit the request is cut off and answered 413, whatever the app was doing.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        upload = scope["path"].rstrip("/") == UPLOAD_PATH
        limit = MAX_UPLOAD_BYTES + 64 * 1024 if upload else MAX_JSON_BYTES
        what = (f"the file is over {MAX_UPLOAD_BYTES // 2**20} MiB: send a smaller report file" if upload
                else f"the request body is over {MAX_JSON_BYTES // 1024} KiB: send one question (and a short history)")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await send_error(send, 413, what)
            return
        seen = 0
        over = False
        started = False

        async def counted_receive():
            nonlocal seen, over
            if over:
                raise _TooBig()
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    raise _TooBig()
            return message

        async def guarded_send(message):
            nonlocal started
            if over:  # the app's answer to a body cut off (a parse error): the client is told 413 instead
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except _TooBig:
            pass
        if over and not started:
            await send_error(send, 413, what)


class _TooBig(Exception):
    """A request body past its limit (raised inside ``receive``)."""
