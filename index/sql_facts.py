"""Reports and facts in an SQL database named by URL (SQLAlchemy Core): SQLite on one machine,
PostgreSQL for a cluster, one schema for both.

The scale-out collection (``index.milvus_store``) keeps its chunks in Milvus and everything else
here: one row per report (the summary ``reportqa reports`` lists, its alternates, the reader that
parsed it and the parsed report as JSON), the content hash of every stored file (to skip a file
already in), and the facts, prose figures and checks of every report with the columns of the
embedded store's ``facts.sqlite`` (``index.factsdb``), so that a question's look-up by agency,
year and canonical key is one indexed query whatever the collection's size.

A report is written in one transaction (``write_report``): its rows appear together or not at
all, and the ``contents`` row of its hash is what marks it written (an ingest killed before the
commit writes it again when restarted).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from corpus.errors import ReportQAError
from corpus.records import Report
from index.store import to_data

INSTALL = "install the scale-out extra: pip install 'reportqa[scale]' (pymilvus, milvus-lite, sqlalchemy, psycopg)"


def _sqlalchemy():
    try:
        import sqlalchemy
    except ImportError:
        raise ReportQAError(f"REPORTQA_FACTS_URL needs SQLAlchemy, which is not installed: {INSTALL}") from None
    return sqlalchemy


def _schema(sa) -> tuple[Any, dict[str, Any]]:
    """The tables: the columns of facts, figures and checks are those of ``index.factsdb`` (plus ``seq``)."""
    meta = sa.MetaData()
    seq = lambda: sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True)  # noqa: E731 (insertion order)
    tables = {
        "meta": sa.Table("meta", meta, sa.Column("key", sa.String(64), primary_key=True), sa.Column("value", sa.Text)),
        # A report's manifest entry (summary counts, alternates, conflicts) is kept whole as JSON; the
        # columns beside it are what look-ups filter on.
        "reports": sa.Table(
            "reports", meta, seq(), sa.Column("id", sa.String(200), nullable=False, unique=True),
            sa.Column("agency", sa.Text), sa.Column("year", sa.Integer), sa.Column("content_hash", sa.String(64)),
            sa.Column("reader", sa.String(64)), sa.Column("path", sa.Text), sa.Column("chunks", sa.Integer),
            sa.Column("entry", sa.Text), sa.Column("data", sa.Text),
            sa.Index("reports_by_agency", "agency", "year")),
        "contents": sa.Table("contents", meta, sa.Column("content_hash", sa.String(64), primary_key=True),
                             sa.Column("report_id", sa.String(200), nullable=False, index=True)),
        # The figures of each alternate copy (``index.copies.figures_of``), to compare with a later primary.
        "alternates": sa.Table("alternates", meta, sa.Column("content_hash", sa.String(64), primary_key=True),
                               sa.Column("report_id", sa.String(200), nullable=False, index=True),
                               sa.Column("figures", sa.Text)),
        "facts": sa.Table(
            "facts", meta, seq(), sa.Column("report_id", sa.String(200)), sa.Column("agency", sa.Text),
            sa.Column("year", sa.Integer), sa.Column("key", sa.String(200)), sa.Column("table_id", sa.Text),
            sa.Column("table_title", sa.Text), sa.Column("row", sa.Text), sa.Column("col", sa.Text),
            sa.Column("value", sa.Float), sa.Column("unit", sa.Text), sa.Column("raw", sa.Text),
            sa.Column("blank", sa.Integer), sa.Column("unreadable", sa.Integer), sa.Column("data", sa.Text),
            sa.Index("facts_by_key", "key", "agency", "year"), sa.Index("facts_by_agency", "agency", "year"),
            sa.Index("facts_by_report", "report_id")),
        "figures": sa.Table(
            "figures", meta, seq(), sa.Column("report_id", sa.String(200)), sa.Column("agency", sa.Text),
            sa.Column("year", sa.Integer), sa.Column("key", sa.String(200)), sa.Column("noun", sa.Text),
            sa.Column("value", sa.Float), sa.Column("unit", sa.Text), sa.Column("raw", sa.Text),
            sa.Column("data", sa.Text),
            sa.Index("figures_by_agency", "agency", "year"), sa.Index("figures_by_report", "report_id")),
        "checks": sa.Table(
            "checks", meta, seq(), sa.Column("report_id", sa.String(200)), sa.Column("name", sa.Text),
            sa.Column("ok", sa.Integer), sa.Column("detail", sa.Text), sa.Column("data", sa.Text),
            sa.Index("checks_by_report", "report_id")),
    }
    return meta, tables


class FactsDatabase:
    """The reports, content hashes, facts, figures and checks of a scale-out collection, in one SQL database.

    Safe to share between threads (SQLAlchemy's engine pools connections).
    """

    def __init__(self, url: str) -> None:
        sa = self._sa = _sqlalchemy()
        self.url = url
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url[len("sqlite:///"):]).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = sa.create_engine(url)
            self._meta, self.tables = _schema(sa)
            self._meta.create_all(self.engine)  # CREATE TABLE/INDEX IF NOT EXISTS
            with self.engine.begin() as conn:  # the version row, so that every later bump is one UPDATE
                if conn.execute(sa.select(sa.func.count()).select_from(self.tables["meta"])
                                .where(self.tables["meta"].c.key == "version")).scalar() == 0:
                    conn.execute(self.tables["meta"].insert(), [{"key": "version", "value": "0"}])
        except ImportError as exc:  # the URL's driver (psycopg for postgresql://)
            raise ReportQAError(f"the facts database {self.shown} needs a driver that is not installed ({exc}): "
                                f"{INSTALL}") from None
        except sa.exc.SQLAlchemyError as exc:
            raise ReportQAError(f"the facts database {self.shown} cannot be opened ({str(exc).splitlines()[0]}): "
                                "check REPORTQA_FACTS_URL and that the database server is running") from None

    @property
    def shown(self) -> str:
        """The URL with any password hidden, for messages."""
        return self._sa.engine.make_url(self.url).render_as_string(hide_password=True)

    # ---------------------------------------------------------------- collection metadata

    def meta(self) -> dict[str, Any]:
        """The collection's metadata (model, dimension, dictionary hash, chunking, version), JSON values decoded."""
        with self.engine.connect() as conn:
            rows = conn.execute(self._sa.select(self.tables["meta"])).all()
        return {key: json.loads(value) for key, value in rows}

    def set_meta(self, values: dict[str, Any], conn=None) -> None:
        """Store ``values`` (JSON-ready) in the metadata, replacing keys already there."""
        table = self.tables["meta"]
        with self._begin(conn) as c:
            c.execute(table.delete().where(table.c.key.in_(list(values))))
            c.execute(table.insert(), [{"key": k, "value": json.dumps(v, ensure_ascii=False)}
                                       for k, v in values.items()])

    def version(self) -> int:
        """How many writes the collection has had (changes whenever another process adds reports)."""
        table = self.tables["meta"]
        with self.engine.connect() as conn:
            value = conn.execute(self._sa.select(table.c.value).where(table.c.key == "version")).scalar()
        return int(json.loads(value)) if value is not None else 0

    # ---------------------------------------------------------------- reports

    def entries(self, agency: Optional[str] = None, year: Optional[int] = None, report_id: Optional[str] = None,
                agencies: Optional[Iterable[str]] = None, years: Optional[Iterable[int]] = None) -> list[dict]:
        """Report entries (as a generation's manifest has them) matching the filters (``agencies`` and
        ``years``: any of them; None or empty: no filter), in insertion order."""
        table = self.tables["reports"]
        query = self._sa.select(table.c.entry).order_by(table.c.seq)
        for column, value in (("agency", agency), ("year", year), ("id", report_id)):
            if value is not None:
                query = query.where(table.c[column] == value)
        for column, values in (("agency", agencies), ("year", years)):
            if values:
                query = query.where(table.c[column].in_(list(values)))
        with self.engine.connect() as conn:
            return [json.loads(entry) for entry in conn.execute(query).scalars()]

    def report_data(self, report_id: str) -> dict:
        """The parsed report as stored (``to_data`` JSON), its alternates as they stand. Raises KeyError."""
        table = self.tables["reports"]
        with self.engine.connect() as conn:
            row = conn.execute(self._sa.select(table.c.data, table.c.entry).where(table.c.id == report_id)).first()
        if row is None:
            raise KeyError(report_id)
        data = json.loads(row.data)
        data["alternates"] = [a["path"] for a in json.loads(row.entry).get("alternates", ())]
        return data

    def order(self, report_ids: Iterable[str]) -> dict[str, int]:
        """Each stored report's place in the collection (insertion order), for ``report_ids``."""
        table = self.tables["reports"]
        with self.engine.connect() as conn:
            rows = conn.execute(self._sa.select(table.c.id, table.c.seq).where(table.c.id.in_(list(set(report_ids)))))
            return {report_id: seq for report_id, seq in rows}

    def agencies(self) -> list[str]:
        """The agencies the collection holds reports of, sorted (by Python, not the database's collation)."""
        table = self.tables["reports"]
        with self.engine.connect() as conn:
            names = conn.execute(self._sa.select(table.c.agency).distinct()).scalars().all()
        return sorted(name for name in names if name)

    def agency_years(self) -> dict[str, list[int]]:
        """Each agency the collection holds reports of -> the years it holds, sorted."""
        table = self.tables["reports"]
        held: dict[str, set[int]] = {}
        with self.engine.connect() as conn:
            for agency, year in conn.execute(self._sa.select(table.c.agency, table.c.year).distinct()):
                if agency:
                    held.setdefault(agency, set()).update([year] if year else [])
        return {a: sorted(ys) for a, ys in sorted(held.items())}

    def holder(self, content_hash: str) -> Optional[dict]:
        """The entry of the report holding this file (as itself or as an alternate copy), or None."""
        contents = self.tables["contents"]
        with self.engine.connect() as conn:
            report_id = conn.execute(self._sa.select(contents.c.report_id)
                                     .where(contents.c.content_hash == content_hash)).scalar()
        found = self.entries(report_id=report_id) if report_id is not None else []
        return found[0] if found else None

    def counts(self) -> tuple[int, int]:
        """(reports, chunks) the collection holds."""
        sa, table = self._sa, self.tables["reports"]
        with self.engine.connect() as conn:
            reports, chunks = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(table.c.chunks), 0))
                                           .select_from(table)).one()
        return int(reports), int(chunks)

    def known(self, content_hashes: Iterable[str], reader: Optional[str] = None) -> set[str]:
        """Which of ``content_hashes`` are stored (as a report or an alternate copy); with ``reader``,
        only those of reports that this reader version parsed."""
        hashes = list(dict.fromkeys(content_hashes))
        contents, reports = self.tables["contents"], self.tables["reports"]
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(hashes), 500):  # bounded IN lists
                query = self._sa.select(contents.c.content_hash).where(
                    contents.c.content_hash.in_(hashes[start:start + 500]))
                if reader is not None:
                    query = query.join(reports, reports.c.id == contents.c.report_id).where(reports.c.reader == reader)
                found.update(conn.execute(query).scalars())
        return found

    def count_stale(self, reader: str) -> tuple[int, int, list[str]]:
        """(reports another reader version parsed, all reports, up to three of their paths)."""
        table = self.tables["reports"]
        sa = self._sa
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            stale = conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.reader != reader)).scalar()
            paths = conn.execute(sa.select(table.c.path).where(table.c.reader != reader).limit(3)).scalars().all()
        return int(stale), int(total), list(paths)

    def write_report(self, entry: dict, report: Report, chunks: int, removed: Sequence[str] = (),
                     alternate_figures: Optional[dict[str, dict]] = None) -> None:
        """In one transaction: remove the reports ``removed`` (and any earlier copy of this report id),
        then store ``entry`` (its alternates as dicts), the parsed report, its content hashes, every
        fact, figure and check of it, and ``alternate_figures`` (content hash -> figures of an alternate)."""
        t = self.tables
        dumps = lambda obj: json.dumps(to_data(obj), ensure_ascii=False)  # noqa: E731
        with self.engine.begin() as conn:
            self._delete(conn, [*removed, report.id])
            conn.execute(t["reports"].insert(), [{
                "id": report.id, "agency": report.agency, "year": report.year, "content_hash": report.content_hash,
                "reader": entry.get("reader"), "path": report.path, "chunks": chunks,
                "entry": json.dumps(entry, ensure_ascii=False), "data": dumps(report)}])
            self._add_contents(conn, report.id,
                               [report.content_hash, *(a["content_hash"] for a in entry.get("alternates", ()))])
            self._add_alternate_figures(conn, report.id, alternate_figures or {})
            if report.facts:
                conn.execute(t["facts"].insert(), [dict(
                    report_id=f.report_id, agency=f.agency, year=f.year, key=f.key, table_id=f.table,
                    table_title=f.table_title, row=" › ".join(f.row), col=" › ".join(f.column), value=f.value,
                    unit=f.unit, raw=f.raw, blank=int(f.blank), unreadable=int(f.unreadable), data=dumps(f))
                    for f in report.facts])
            if report.figures:
                conn.execute(t["figures"].insert(), [dict(
                    report_id=g.report_id, agency=g.agency, year=g.year, key=g.key, noun=g.noun, value=g.value,
                    unit=g.unit, raw=g.raw, data=dumps(g)) for g in report.figures])
            if report.checks:
                conn.execute(t["checks"].insert(), [dict(
                    report_id=report.id, name=c.name, ok=int(c.ok), detail=c.detail, data=dumps(c))
                    for c in report.checks])
            self._bump(conn)

    def update_entry(self, entry: dict, alternate_figures: Optional[dict[str, dict]] = None) -> None:
        """Replace a stored report's entry (new alternates or conflicts); record its alternates' hashes and figures."""
        table = self.tables["reports"]
        with self.engine.begin() as conn:
            conn.execute(table.update().where(table.c.id == entry["id"])
                         .values(entry=json.dumps(entry, ensure_ascii=False)))
            self._add_contents(conn, entry["id"], [a["content_hash"] for a in entry.get("alternates", ())])
            self._add_alternate_figures(conn, entry["id"], alternate_figures or {})
            self._bump(conn)

    def alternate_figures(self, content_hash: str) -> Optional[dict]:
        """The figures of a stored alternate copy, or None."""
        table = self.tables["alternates"]
        with self.engine.connect() as conn:
            value = conn.execute(self._sa.select(table.c.figures).where(table.c.content_hash == content_hash)).scalar()
        return json.loads(value) if value is not None else None

    def remove_reports(self, report_ids: Sequence[str]) -> None:
        """Delete these reports and every row of theirs."""
        with self.engine.begin() as conn:
            self._delete(conn, report_ids)
            self._bump(conn)

    def clear(self) -> None:
        """Delete every table and create them empty (``reportqa ingest --rebuild``)."""
        self._meta.drop_all(self.engine)
        self._meta.create_all(self.engine)

    # ---------------------------------------------------------------- facts

    def rows(self, table: str, filters: dict[str, Any]) -> list[str]:
        """The ``data`` JSON of ``table`` (facts, figures, checks) rows matching every filter given, in report order."""
        t = self.tables[table]
        query = self._sa.select(t.c.data).order_by(t.c.seq)
        for column, value in filters.items():
            if value is not None:
                query = query.where(t.c[column] == value)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    # ---------------------------------------------------------------- internals

    def _delete(self, conn, report_ids: Sequence[str]) -> None:
        ids = list(dict.fromkeys(report_ids))
        for name in ("facts", "figures", "checks", "contents", "alternates"):
            conn.execute(self.tables[name].delete().where(self.tables[name].c.report_id.in_(ids)))
        conn.execute(self.tables["reports"].delete().where(self.tables["reports"].c.id.in_(ids)))

    def _add_contents(self, conn, report_id: str, hashes: Sequence[str]) -> None:
        contents = self.tables["contents"]
        hashes = list(dict.fromkeys(h for h in hashes if h))
        conn.execute(contents.delete().where(contents.c.content_hash.in_(hashes)))
        conn.execute(contents.insert(), [{"content_hash": h, "report_id": report_id} for h in hashes])

    def _add_alternate_figures(self, conn, report_id: str, figures: dict[str, dict]) -> None:
        table = self.tables["alternates"]
        if figures:
            conn.execute(table.delete().where(table.c.content_hash.in_(list(figures))))
            conn.execute(table.insert(), [{"content_hash": h, "report_id": report_id,
                                           "figures": json.dumps(f, ensure_ascii=False)} for h, f in figures.items()])

    def _bump(self, conn) -> None:
        """Add one to the version in place (one UPDATE: concurrent writers do not lose a count)."""
        sa, table = self._sa, self.tables["meta"]
        done = conn.execute(table.update().where(table.c.key == "version")
                            .values(value=sa.cast(sa.cast(table.c.value, sa.Integer) + 1, sa.Text)))
        if done.rowcount == 0:
            conn.execute(table.insert(), [{"key": "version", "value": "1"}])

    def _begin(self, conn):
        from contextlib import nullcontext

        return nullcontext(conn) if conn is not None else self.engine.begin()
