"""The ``peacesearch`` command: index documents, serve search, search from the terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_INDEX = os.environ.get("PEACESEARCH_INDEX", "var/index")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peacesearch",
        description="Search for a multilingual (en/ru/kk) peacebuilding archive.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    index = commands.add_parser(
        "index", help="index files or folders (incremental: unchanged documents are skipped)",
        description="Read .md/.txt (front matter optional), .html and .jsonl(.gz) files, detect language, "
                    "country, theme and date, and add new or changed documents to the index. The first "
                    "run builds the index; readers never see a half-built one.",
    )
    _index_arguments(index)
    index.add_argument("--prune", action="store_true",
                       help="also delete documents whose source file is gone or no longer holds them")
    index.set_defaults(run=_index)

    reindex = commands.add_parser(
        "reindex", help="rebuild the whole index from files, then switch to it atomically",
        description="Build a complete new index beside the serving one, switch readers to it in one step, "
                    "then remove the old one.",
    )
    _index_arguments(reindex)
    reindex.add_argument("--full", action="store_true", required=True, help="rebuild everything (required)")
    reindex.set_defaults(run=_reindex)

    add = commands.add_parser("add", help="add or update single documents",
                              description="Add or update the documents in the given files.")
    _index_arguments(add)
    add.set_defaults(run=_index, prune=False)

    remove = commands.add_parser("delete", help="delete documents by id",
                                 description="Delete documents from the index by their ids.")
    remove.add_argument("ids", nargs="+", metavar="ID", help="document ids")
    remove.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    remove.add_argument("--report", metavar="FILE", help="also write the report as JSON to FILE")
    remove.set_defaults(run=_delete)

    serve = commands.add_parser(
        "serve", help="serve the web page and the JSON API",
        description="Serve search over HTTP with gunicorn: web page at /, JSON at /api/v1/search.",
    )
    serve.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    serve.add_argument("--source", action="append", default=[], metavar="PATH",
                       help="files or folders that POST /api/v1/reindex rebuilds from (repeatable)")
    serve.add_argument("--token-file", metavar="FILE",
                       help="file holding the editing token (default: $PEACESEARCH_TOKEN; none: editing off)")
    serve.set_defaults(run=_serve)

    search = commands.add_parser(
        "search", help="search the index from the terminal",
        description="Search as the API does; prints results, or the API's JSON with --json.",
    )
    search.add_argument("query", nargs="?", default="", help="words in any of en/ru/kk (empty: browse)")
    search.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    search.add_argument("--country", action="append", default=[], help="ISO code, e.g. KZ (repeatable)")
    search.add_argument("--theme", action="append", default=[], help="theme id (repeatable)")
    search.add_argument("--lang", action="append", default=[], help="en, ru, kk or other (repeatable)")
    search.add_argument("--date-from", help="YYYY, YYYY-MM or YYYY-MM-DD")
    search.add_argument("--date-to", help="YYYY, YYYY-MM or YYYY-MM-DD")
    search.add_argument("--sort", default="relevance", help="relevance, date:desc or date:asc")
    search.add_argument("--match", default="all", help="all (every word) or any (long questions)")
    search.add_argument("--limit", default="10", help="results to show (1-100)")
    search.add_argument("--json", action="store_true", help="print the API's JSON")
    search.set_defaults(run=_search)
    return parser


def _index_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    parser.add_argument("--report", metavar="FILE", help="also write the full report as JSON to FILE")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _index(args: argparse.Namespace) -> int:
    from indexer.build import update

    return _run_writer(args, lambda: update(args.paths, args.index, progress=not args.quiet, prune=args.prune))


def _reindex(args: argparse.Namespace) -> int:
    from indexer.build import rebuild

    return _run_writer(args, lambda: rebuild(args.paths, args.index, progress=not args.quiet))


def _delete(args: argparse.Namespace) -> int:
    from indexer.build import delete

    return _run_writer(args, lambda: delete(args.ids, args.index))


def _run_writer(args: argparse.Namespace, job) -> int:
    """Runs an indexing job; prints its summary; fatal problems exit 1, a busy index 75 (try later)."""
    from indexer.build import IndexingError
    from indexer.lock import WriterBusy

    try:
        report = job()
    except IndexingError as exc:
        print(f"peacesearch {args.command}: {exc}", file=sys.stderr)
        return 1
    except WriterBusy as exc:
        print(f"peacesearch {args.command}: {exc}", file=sys.stderr)
        return 75
    print(report.summary())
    if args.report:
        Path(args.report).write_text(report.to_json(), encoding="utf-8")
        print(f"Report written to {args.report}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from search_api.config import AppConfig, load_token
    from search_api.engine import IndexHandle, IndexUnavailable
    from search_api.server import run_server

    try:
        IndexHandle(args.index).acquire()
    except IndexUnavailable as exc:
        print(f"peacesearch serve: {exc}", file=sys.stderr)
        return 1
    token = load_token(args.token_file)
    config = AppConfig(index_dir=Path(args.index).resolve(), token=token,
                       sources=tuple(str(Path(p).resolve()) for p in args.source))
    editing = "on" if token else "off (set PEACESEARCH_TOKEN)"
    print(f"Serving {args.index} on http://{args.host}:{args.port}/ (editing over HTTP {editing}; Ctrl+C stops)",
          file=sys.stderr)
    run_server(config, args.host, args.port, args.workers)
    return 0


def _search(args: argparse.Namespace) -> int:
    from search_api.engine import IndexHandle, IndexUnavailable, SearchEngine
    from search_api.request import ParamError, parse_request

    params = {"q": [args.query], "sort": [args.sort], "match": [args.match], "limit": [args.limit],
              "country": args.country, "theme": args.theme, "lang": args.lang}
    if args.date_from:
        params["date_from"] = [args.date_from]
    if args.date_to:
        params["date_to"] = [args.date_to]
    try:
        request = parse_request({k: v for k, v in params.items() if v})
        result = SearchEngine(IndexHandle(args.index)).search(request)
    except ParamError as exc:
        print(f"peacesearch search: {exc.param}: {exc.message}", file=sys.stderr)
        return 2
    except IndexUnavailable as exc:
        print(f"peacesearch search: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{result.total} results")
    for number, hit in enumerate(result.hits, start=1):
        meta = " · ".join(filter(None, [hit["date"], ",".join(hit["countries"]), hit["lang"]]))
        print(f"{number:>3}. {hit['title']}  [{hit['id']}]  {meta}")
        snippet = hit["snippet"].replace("<mark>", "\033[1m").replace("</mark>", "\033[0m")
        print(f"     {_unescape(snippet)}")
    for name, values in result.facets.items():
        shown = ", ".join(f"{v['value']} {v['count']}" for v in values[:8])
        print(f"{name}: {shown}")
    return 0


def _unescape(text: str) -> str:
    import html

    return html.unescape(" ".join(text.split()))


if __name__ == "__main__":
    sys.exit(main())
