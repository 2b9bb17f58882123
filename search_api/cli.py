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
        description="Read .md/.txt (front matter optional), .html and .jsonl(.gz) files into the document "
                    "store, then bring the index up to date with the store (language, country, theme and date "
                    "detected). When a file and an edit made over the API disagree, the newer change wins; "
                    "the run reports each conflict. The first run builds the index; readers never see a "
                    "half-built one.",
    )
    _index_arguments(index)
    index.add_argument("--prune", action="store_true",
                       help="also delete documents whose source file is gone or no longer holds them "
                            "(documents added or edited over the API are never pruned)")
    index.set_defaults(run=_index)

    reindex = commands.add_parser(
        "reindex", help="rebuild the whole index from the document store, then switch to it atomically",
        description="Read the given files into the store (if any), build a complete new index from the whole "
                    "store beside the serving one, switch readers to it in one step, then remove the old one.",
    )
    _index_arguments(reindex, paths_required=False)
    reindex.add_argument("--full", action="store_true", required=True, help="rebuild everything (required)")
    reindex.set_defaults(run=_reindex)

    add = commands.add_parser("add", help="add or update single documents",
                              description="Add or update the documents in the given files.")
    _index_arguments(add)
    add.set_defaults(run=_index, prune=False)

    remove = commands.add_parser("delete", help="delete documents by id",
                                 description="Delete documents by their ids (kept in the store's history: "
                                             "'peacesearch restore' brings one back).")
    remove.add_argument("ids", nargs="+", metavar="ID", help="document ids")
    _store_arguments(remove)
    remove.add_argument("--report", metavar="FILE", help="also write the report as JSON to FILE")
    remove.set_defaults(run=_delete)

    export = commands.add_parser(
        "export", help="back up the document store (every document, revision and deletion)",
        description="Write the whole store to DEST: a .jsonl file, or with --format md a folder of Markdown "
                    "documents plus history.jsonl. 'peacesearch import' restores it exactly.")
    export.add_argument("dest", metavar="DEST", help="file (jsonl) or folder (md) to write")
    export.add_argument("--format", choices=("jsonl", "md"), default="jsonl", help="jsonl (default) or md")
    _store_arguments(export)
    export.set_defaults(run=_export)

    restore_backup = commands.add_parser(
        "import", help="restore a backup written by 'export' into an empty store, then build the index",
        description="Load a backup (the jsonl file, or the folder of --format md) into an empty document store "
                    "and rebuild the index from it.")
    restore_backup.add_argument("src", metavar="SRC", help="backup file or folder")
    _store_arguments(restore_backup)
    restore_backup.add_argument("--quiet", action="store_true", help="no progress bar")
    _jobs_argument(restore_backup)
    restore_backup.set_defaults(run=_import)

    history = commands.add_parser("revisions", help="list a document's revisions",
                                  description="Every change of a document, oldest first, with its origin.")
    history.add_argument("id", metavar="ID", help="document id")
    _store_arguments(history)
    history.set_defaults(run=_revisions)

    restore = commands.add_parser("restore", help="make an earlier revision of a document current again",
                                  description="Restore revision N of a document (a deleted one too) as a new "
                                              "revision, then update the index.")
    restore.add_argument("id", metavar="ID", help="document id")
    restore.add_argument("revision", type=int, metavar="N", help="revision number (see 'peacesearch revisions')")
    _store_arguments(restore)
    restore.set_defaults(run=_restore)

    serve = commands.add_parser(
        "serve", help="serve the web page and the JSON API",
        description="Serve search over HTTP with waitress: web page at /, JSON at /api/v1/search.",
    )
    _store_arguments(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    serve.add_argument("--threads", type=int, default=2, help="threads per worker process (default 2)")
    serve.add_argument("--source", action="append", default=[], metavar="PATH",
                       help="files or folders that POST /api/v1/reindex rebuilds from (repeatable)")
    serve.add_argument("--token-file", metavar="FILE",
                       help="file holding the editing token (default: $PEACESEARCH_TOKEN; none: editing off)")
    serve.add_argument("--follow", metavar="DIR",
                       help="serve as a read replica of the folder 'peacesearch publish --to DIR' fills: switch to "
                            "each newly published index, never write DIR, refuse edits (replaces --index)")
    serve.add_argument("--editor", metavar="URL", help="with --follow: the editor server that replicas name when "
                                                       "they refuse an edit")
    serve.set_defaults(run=_serve)

    publish = commands.add_parser(
        "publish", help="copy the serving index to a folder (or host:path) that read replicas follow",
        description="Copy the current index generation (its vector files included) into DEST under a temporary "
                    "name, rename it, then switch DEST's 'current' to it atomically; the copy it replaces is kept "
                    "until the next publish, older ones removed. Servers started with 'serve --follow DEST' switch "
                    "to it within a second. Unchanged files are hard-linked to the previous copy. DEST as "
                    "host:path publishes with rsync over ssh.")
    publish.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    publish.add_argument("--to", required=True, metavar="DEST", dest="dest",
                         help="a folder that only 'publish' writes, or host:path for rsync over ssh")
    publish.set_defaults(run=_publish)

    embed = commands.add_parser(
        "embed", help="compute the vectors for search by meaning (after the words; serve runs it by itself)",
        description="Embed the serving index's documents (whole texts first, then their sentences) into vector "
                    "files beside it; searches use them as they land. Vectors are cached by text, so a rebuild "
                    "embeds only what is new. 'peacesearch serve' runs this in the background.")
    embed.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    embed.add_argument("--follow", action="store_true",
                       help="keep embedding each new commit and index until stopped (what serve runs)")
    embed.add_argument("--quiet", action="store_true", help="no progress line")
    embed.add_argument("--report", metavar="FILE", help="also write the report as JSON to FILE")
    embed.set_defaults(run=_embed)

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
    search.add_argument("--match", default="graded",
                        help="graded (every word first, then most of them), all (every word) or any (long questions)")
    search.add_argument("--limit", default="10", help="results to show (1-100)")
    search.add_argument("--json", action="store_true", help="print the API's JSON")
    search.set_defaults(run=_search)
    return parser


def _index_arguments(parser: argparse.ArgumentParser, paths_required: bool = True) -> None:
    parser.add_argument("paths", nargs="+" if paths_required else "*", metavar="PATH", help="files or folders")
    _store_arguments(parser)
    parser.add_argument("--report", metavar="FILE", help="also write the full report as JSON to FILE")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    _jobs_argument(parser)


def _jobs_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                        help="worker processes for a full build (default: the cores available; 1: build in "
                             "this process). Small builds (under 2,000 documents) use one process.")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    parser.add_argument("--store", default=None, metavar="PATH|URL",
                        help="document store: an SQLite file or a postgresql:// URL (default: $PEACESEARCH_STORE, "
                             "else documents.sqlite in the index folder)")


def _open_store(args: argparse.Namespace, migrate: bool = True):
    """The document store of the command (migrated from an index built before the store existed)."""
    from docstore import open_store
    from docstore.migrate import migrate_index

    store = open_store(args.index, args.store)
    if migrate:
        migrate_index(store, args.index)
    return store


def _index(args: argparse.Namespace) -> int:
    from indexer.build import update

    return _run_writer(args, lambda store: update(args.paths, args.index, progress=not args.quiet,
                                                  prune=args.prune, store=store, jobs=args.jobs))


def _reindex(args: argparse.Namespace) -> int:
    from indexer.build import rebuild

    return _run_writer(args, lambda store: rebuild(args.paths, args.index, progress=not args.quiet, store=store,
                                                   jobs=args.jobs))


def _delete(args: argparse.Namespace) -> int:
    from indexer.build import delete

    return _run_writer(args, lambda store: delete(args.ids, args.index, store=store))


def _restore(args: argparse.Namespace) -> int:
    from indexer.build import sync
    from indexer.report import Report

    def work(store) -> Report:
        try:
            change = store.restore(args.id, args.revision, "cli:command line")
        except (KeyError, ValueError) as exc:
            raise _CommandError(exc.args[0]) from None
        print(f"Restored revision {args.revision} of {args.id} as revision {change.stored.revision}")
        return sync(args.index, store, Report(mode="restore"))

    return _run_writer(args, work)


def _revisions(args: argparse.Namespace) -> int:
    def work(store) -> None:
        revisions = store.revisions(args.id)
        if not revisions:
            raise _CommandError(f"no document with id {args.id!r} in the store")
        for item in revisions:
            print(f"{item['revision']:>4}  {item['time']}  {item['action']:<8} {item['origin']}  {item['title'] or ''}")

    return _run_writer(args, work)


def _export(args: argparse.Namespace) -> int:
    from docstore.backup import export_store

    def work(store) -> None:
        count = export_store(store, args.dest, args.format)
        print(f"Exported {count} documents with their revisions and deletions to {args.dest}")

    return _run_writer(args, work)


def _import(args: argparse.Namespace) -> int:
    from docstore.backup import BackupError, import_store
    from indexer.build import rebuild_from_store

    def work(store):
        try:
            count = import_store(store, args.src)
        except BackupError as exc:
            raise _CommandError(str(exc)) from None
        print(f"Imported {count} documents with their revisions and deletions from {args.src}")
        return rebuild_from_store(args.index, store, progress=not args.quiet, jobs=args.jobs)

    return _run_writer(args, work, migrate=False)


class _CommandError(Exception):
    """A problem with what the command was asked to do (exit 1 with the message)."""


def _run_writer(args: argparse.Namespace, job, migrate: bool = True) -> int:
    """Runs a job on the document store; prints its summary; fatal problems (an unwritable store or
    index, a full disk) exit 1 with one line naming what failed, a busy index 75 (try later)."""
    from docstore import StoreError
    from indexer.build import IndexingError
    from indexer.lock import WriterBusy

    try:
        store = _open_store(args, migrate)
        try:
            report = job(store)
        finally:
            store.close()
    except (IndexingError, StoreError, _CommandError) as exc:
        print(f"peacesearch {args.command}: {exc}", file=sys.stderr)
        return 1
    except WriterBusy as exc:
        print(f"peacesearch {args.command}: {exc}", file=sys.stderr)
        return 75
    if report is None:
        return 0
    print(report.summary())
    if getattr(args, "report", None):
        Path(args.report).write_text(report.to_json(), encoding="utf-8")
        print(f"Report written to {args.report}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from docstore import StoreError
    from search_api.config import AppConfig, load_token
    from search_api.engine import IndexHandle, IndexUnavailable
    from search_api.server import run_server

    follow = args.follow is not None
    if follow:  # a read replica: the published folder is its index, and it never writes there
        args.index = args.follow
    try:
        IndexHandle(args.index).acquire()
        if not follow or args.store or os.environ.get("PEACESEARCH_STORE"):
            _open_store(args, migrate=not follow).close()  # a store that cannot be opened stops here
    except (IndexUnavailable, StoreError) as exc:
        if follow and isinstance(exc, IndexUnavailable):
            exc = f"nothing published to {args.follow} yet: run 'peacesearch publish --to {args.follow}' first"
        print(f"peacesearch serve: {exc}", file=sys.stderr)
        return 1
    token = None if follow else load_token(args.token_file)
    config = AppConfig(index_dir=Path(args.index).resolve(), token=token, store=args.store,
                       sources=tuple(str(Path(p).resolve()) for p in args.source), follow=follow,
                       editor_url=args.editor)
    editing = "on" if token else "off (set PEACESEARCH_TOKEN)"
    if follow:
        editing = "refused: a read replica following the published folder"
    print(f"Serving {args.index} on http://{args.host}:{args.port}/ (editing over HTTP {editing}; Ctrl+C stops)",
          file=sys.stderr)
    from search_api import embedding_job

    job = None if follow else embedding_job.start(config.index_dir)  # vectors after the words (README: Meaning)
    try:
        run_server(config, args.host, args.port, args.workers, args.threads)
    finally:
        embedding_job.stop(job)
    return 0


def _publish(args: argparse.Namespace) -> int:
    from indexer.lock import WriterBusy
    from indexer.publish import PublishError, publish

    try:
        result = publish(args.index, args.dest)
    except (PublishError, OSError) as exc:
        print(f"peacesearch publish: {exc}", file=sys.stderr)
        return 1
    except WriterBusy as exc:
        print(f"peacesearch publish: {exc}", file=sys.stderr)
        return 75
    print(result.summary())
    return 0


def _embed(args: argparse.Namespace) -> int:
    from search_api.embedding_job import run

    return run(args)


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
