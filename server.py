"""The HTTP door: a JSON API for journalists' scripts and the chat page, over ``qa.answer``.

The collection and the models are opened once, in the lifespan, and kept on ``app.state``;
nothing heavy happens at import. Every endpoint only translates: request models in, the
answering core's records out, and a 4xx with a message a person can act on for anything a
client can send wrong.

Run it with ``reportqa serve`` or ``python server.py [--host H] [--port P]``.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import tempfile
import threading
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Optional

from fastapi import FastAPI, File, Header, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

WEB = Path(__file__).resolve().parent / "qa" / "web"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


# ---------------------------------------------------------------- request and response models


class AskRequest(BaseModel):
    question: str = Field(..., description="The question, in Chinese or English.",
                          examples=["平潭综合实验区2024年政府信息公开行政诉讼有多少件？"])
    agency: Optional[str] = Field(None, description="Restrict to this agency (full or short name).")
    year: Optional[int] = Field(None, description="Restrict to this year.", ge=1990, le=2100)
    history: list[str] = Field(default_factory=list, max_length=20,
                               description="Earlier questions of the conversation, oldest first: "
                                           "a follow-up such as 那2023年呢？ keeps their agency and year.")

    model_config = {"json_schema_extra": {"examples": [
        {"question": "How many lawsuits did 淮安市 face in 2024?"},
        {"question": "那2023年呢？", "history": ["淮安市洪泽区2024年行政复议总计多少件？"]},
    ]}}


class ReportRefModel(BaseModel):
    id: str
    title: str
    agency: str
    year: Optional[int]


class SourceModel(BaseModel):
    kind: str
    section: str = ""
    table: str = ""
    row: str = ""
    column: str = ""
    quote: str = ""
    page: Optional[int] = None


class InputModel(BaseModel):
    value: Optional[float]
    unit: Optional[str]
    report: ReportRefModel
    source: SourceModel


class EvidenceModel(BaseModel):
    report_id: str
    section: str
    text: str
    score: float


class CheckModel(BaseModel):
    name: str
    ok: bool
    detail: str


class AnswerModel(BaseModel):
    """The answer format of the answering core, field for field."""

    question: str
    status: str = Field(..., description="answered | not_reported | not_found | ambiguous")
    answer: str
    value: Optional[float] = None
    unit: Optional[str] = None
    approximate: bool = False
    report: Optional[ReportRefModel] = None
    source: Optional[SourceModel] = None
    inputs: list[InputModel] = []
    evidence: list[EvidenceModel] = []
    checks: list[CheckModel] = []
    candidates: list[dict[str, Any]] = []
    confidence: float = 0.0


class ReportSummaryModel(BaseModel):
    id: str
    title: str
    agency: str
    year: Optional[int]
    path: str
    format: str
    tables: int
    facts: int
    failed_checks: int
    alternates: list[str] = []


class UploadResult(BaseModel):
    added: list[ReportSummaryModel]
    skipped: list[str]
    message: str


class ErrorModel(BaseModel):
    error: str


# ---------------------------------------------------------------- the app


def create_app(settings=None, collection=None) -> FastAPI:
    """Build the FastAPI app. ``collection`` may be given (tests); otherwise it is opened at start-up.

    Returns the app; nothing is loaded until the lifespan starts.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from index.settings import Settings

        app.state.settings = settings or Settings.from_env()
        if collection is not None:
            app.state.collection = collection
        else:
            from index.collection import open_collection

            app.state.collection = open_collection(app.state.settings)
        app.state.write_lock = threading.Lock()
        warm = getattr(app.state.collection, "warm_up", None)
        if warm is not None:
            warm()
        yield

    app = FastAPI(
        title="reportqa",
        version="0.1.0",
        summary="Exact, sourced figures from Chinese government information-disclosure annual reports.",
        lifespan=lifespan,
    )
    _add_error_handlers(app)
    _add_api(app)
    if WEB.is_dir():
        app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def chat_page() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html; charset=utf-8")

    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            problems.append(f"{where or 'body'}: {err.get('msg', 'invalid')}")
        return JSONResponse(status_code=422, content={"error": "invalid request: " + "; ".join(problems)})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"error": str(exc.detail)})


def _ask(app: FastAPI, question: str, agency: Optional[str], year: Optional[int],
         history: list[str]) -> dict[str, Any]:
    from qa import answer
    from qa.question import follow_context

    question = question.strip()
    limit = app.state.settings.max_question_chars
    if not question:
        raise HTTPException(400, "the question is empty: send a question such as 平潭综合实验区2024年行政诉讼有多少件？")
    if len(question) > limit:
        raise HTTPException(413, f"the question is {len(question)} characters long; ask in at most {limit}")
    collection = app.state.collection
    context = follow_context(history, collection.agencies()) if history else None
    return answer(question, collection, agency=agency, year=year, context=context).to_dict()


def _summary(info) -> dict[str, Any]:
    data = asdict(info)
    data["alternates"] = list(data.get("alternates") or [])
    return data


def _add_api(app: FastAPI) -> None:
    errors = {400: {"model": ErrorModel}, 413: {"model": ErrorModel}, 422: {"model": ErrorModel}}

    @app.get("/api/health", summary="Is the service up, and what does it hold?",
             responses={200: {"content": {"application/json": {"example": {"status": "ok", "reports": 47}}}}})
    def health(request: Request) -> dict[str, Any]:
        col = request.app.state.collection
        return {"status": "ok", "reports": len(col.reports()),
                "model": request.app.state.settings.model}

    @app.post("/api/ask", response_model=AnswerModel, responses=errors,
              summary="Answer a question with its figure, source, evidence and checks.")
    def ask_post(body: AskRequest, request: Request) -> dict[str, Any]:
        return _ask(request.app, body.question, body.agency, body.year, body.history)

    @app.get("/api/ask", response_model=AnswerModel, responses=errors,
             summary="Answer a question given in the query string (for links and quick lookups).")
    def ask_get(request: Request,
                q: str = Query(..., description="The question.", examples=["平潭综合实验区2024年行政复议总计多少件？"]),
                agency: Optional[str] = Query(None, description="Restrict to this agency."),
                year: Optional[int] = Query(None, ge=1990, le=2100, description="Restrict to this year.")) -> dict[str, Any]:
        return _ask(request.app, q, agency, year, [])

    @app.get("/api/reports", response_model=list[ReportSummaryModel],
             summary="The reports in the collection (filter by agency and year).")
    def list_reports(request: Request,
                     agency: Optional[str] = Query(None, description="Agency name, or part of it.", examples=["平潭"]),
                     year: Optional[int] = Query(None, description="Report year.", examples=[2024])) -> list[dict]:
        rows = request.app.state.collection.reports()
        return [_summary(r) for r in rows
                if (agency is None or agency in r.agency) and (year is None or r.year == year)]

    @app.get("/api/reports/{report_id}", responses={404: {"model": ErrorModel}},
             summary="One report: sections, tables as grids, facts and checks.")
    def get_report(report_id: str, request: Request) -> dict[str, Any]:
        try:
            report = request.app.state.collection.report(report_id)
        except KeyError:
            raise HTTPException(404, f"no report with id {report_id!r}: GET /api/reports lists the ids")
        return asdict(report)

    @app.get("/api/facts", summary="Table facts as JSON, or CSV with format=csv (for a spreadsheet).",
             responses={200: {"content": {"text/csv": {"example": "report_id,agency,year,table,row,column,key,value,unit,raw,blank\n"}}}})
    def facts(request: Request,
              agency: Optional[str] = Query(None, examples=["平潭综合实验区"]),
              year: Optional[int] = Query(None, examples=[2024]),
              key: Optional[str] = Query(None, description="Canonical key, or its prefix.",
                                         examples=["review.litigation_direct.total"]),
              q: Optional[str] = Query(None, description="Text in the row or column label.", examples=["行政复议"]),
              format: str = Query("json", pattern="^(json|csv)$")):
        col = request.app.state.collection
        found = []
        for fact in col.facts(agency=_agency_name(col, agency), year=year):
            if key and not (fact.key or "").startswith(key):
                continue
            label = " › ".join(fact.row + fact.column)
            if q and q not in label and q not in fact.table_title:
                continue
            found.append(fact)
        if format == "csv":
            return PlainTextResponse(_facts_csv(found), media_type="text/csv; charset=utf-8")
        return [asdict(f) for f in found]

    @app.post("/api/reports", response_model=UploadResult,
              responses={401: {"model": ErrorModel}, 403: {"model": ErrorModel}, 413: {"model": ErrorModel},
                         415: {"model": ErrorModel}, 422: {"model": ErrorModel}},
              summary="Upload a report file and ingest it (needs the REPORTQA_TOKEN token).")
    def upload(request: Request, file: UploadFile = File(...),
               authorization: Optional[str] = Header(None, description="Bearer TOKEN")) -> dict[str, Any]:
        _check_token(authorization)
        suffix = Path(file.filename or "").suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise HTTPException(415, f"unsupported file type {suffix or '(none)'}: send one of {', '.join(UPLOAD_SUFFIXES)}")
        data = file.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"the file is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB")
        return _ingest_upload(request.app, data, suffix, Path(file.filename or "upload").name)


def _agency_name(collection, agency: Optional[str]) -> Optional[str]:
    """The collection's spelling of ``agency`` (exact, else the one containing it), or the text itself."""
    if not agency:
        return None
    names = collection.agencies()
    if agency in names:
        return agency
    matching = [n for n in names if agency in n]
    return matching[0] if len(matching) == 1 else agency


def _facts_csv(facts) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["report_id", "agency", "year", "table", "row", "column", "key", "value", "unit", "raw", "blank"])
    for f in facts:
        writer.writerow([f.report_id, f.agency, f.year, f.table_title, " › ".join(f.row), " › ".join(f.column),
                         f.key or "", "" if f.value is None else f.value, f.unit or "", f.raw, f.blank])
    return out.getvalue()


def _check_token(authorization: Optional[str]) -> None:
    token = os.environ.get("REPORTQA_TOKEN")
    if not token:
        raise HTTPException(403, "uploads are off: start the server with REPORTQA_TOKEN set to allow them")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not given:
        raise HTTPException(401, "send the upload token as 'Authorization: Bearer TOKEN'")
    import hmac

    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(403, "wrong upload token")


def _ingest_upload(app: FastAPI, data: bytes, suffix: str, shown_name: str) -> dict[str, Any]:
    """Ingest uploaded bytes. The client's file name is only shown, never used as a path."""
    from corpus.errors import ReportQAError
    from index.collection import open_collection
    from index.ingest import ingest

    with app.state.write_lock, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            result = ingest([path], app.state.settings, progress=False,
                            embedder=getattr(app.state.collection, "passage_embedder", None))
        except ReportQAError as exc:
            raise HTTPException(422, f"{shown_name}: {exc}")
        if result.errors:
            raise HTTPException(422, f"{shown_name}: " + "; ".join(str(e) for e in result.errors))
        app.state.collection = open_collection(app.state.settings)
    added = [r for r in app.state.collection.reports() if r.id in set(result.added)]
    message = (f"{shown_name}: added {len(added)} report(s)" if added
               else f"{shown_name}: nothing new (the same report is already in the collection)")
    return {"added": [_summary(r) for r in added], "skipped": list(result.skipped), "message": message}


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Start the server with uvicorn (blocks)."""
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


def main() -> None:
    parser = argparse.ArgumentParser(description="reportqa JSON API and chat page")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    serve(args.host, args.port)


if __name__ == "__main__":
    main()
