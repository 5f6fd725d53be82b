"""The `readout` command line: run, demo, status, check, analyse, eval.

Owns argument parsing, logging setup and exit codes. A bad config prints one line and exits 2;
no command prints a traceback for a mistake the user can fix. Logs are text, or JSON lines with
`--log-format json`; every secret the config names is redacted from logs, errors and the
`status` output (bot.logs).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path
from typing import IO, Any, cast

from bot import logs
from bot.config import Config, load_config
from bot.errors import ConfigError

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="readout",
        description="Alerts on official Indo-Pacific defence and foreign-policy statements.",
    )
    p.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    p.add_argument(
        "--log-format",
        default="text",
        choices=["text", "json"],
        help="text (readable, the default) or json (one object per line, for log collectors)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="poll the sources and deliver alerts until stopped")
    run.add_argument("--config", type=Path, default=Path("config.yaml"))
    sub.add_parser("demo", help="run the pipeline offline on bundled real statements")
    status = sub.add_parser("status", help="sources' health and the delivery queue")
    status.add_argument("--config", type=Path, default=Path("config.yaml"))
    check = sub.add_parser("check", help="validate the config and exit")
    check.add_argument("--config", type=Path, default=Path("config.yaml"))
    health = sub.add_parser("health", help="exit 0 when the store answers (for HEALTHCHECK)")
    health.add_argument("--config", type=Path, default=Path("config.yaml"))

    analyse = sub.add_parser("analyse", help="print the analysis of each JSONL row")
    analyse.add_argument("--jsonl", type=Path, required=True, metavar="IN.jsonl")
    ev = sub.add_parser("eval", help="score the extractor on a labelled JSONL file")
    ev.add_argument("path", type=Path, metavar="IN.jsonl")
    ev.add_argument("--errors", action="store_true", help="list each miss and false hit")
    ev.add_argument("--baseline", action="store_true", help="score the naive baseline instead")
    return p


class _RedactingStream:
    """stdout for `readout status`, with every secret redacted from what is written."""

    def __init__(self, stream: Any, redactor: logs.Redactor) -> None:
        self._stream = stream
        self._redactor = redactor

    def write(self, text: str) -> int:
        return int(self._stream.write(self._redactor.redact(text)))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(self._stream.isatty())


async def _run(config: Config) -> int:
    from bot.app import serve

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(config, stop)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    redactor = logs.Redactor()
    try:
        if args.command == "demo":
            logs.setup("WARNING", args.log_format)
            from bot.demo import main as demo_main

            return demo_main()
        if args.command == "analyse":
            from bot.analysis.evaluate import run_analyse

            return run_analyse(args.jsonl, sys.stdout)
        if args.command == "eval":
            from bot.analysis.evaluate import run_eval

            return run_eval(args.path, sys.stdout, errors=args.errors, baseline=args.baseline)
        redactor = logs.setup(args.log_level, args.log_format)
        config = load_config(args.config)
        redactor.add(logs.secret_values(config))
        if args.command in ("run", "check"):
            logs.warn_if_exposed(args.config)
        if args.command == "check":
            print(f"{args.config}: OK ({len(config.sources)} sources)")
            return 0
        if args.command == "health":
            from bot.status import check_health

            return asyncio.run(check_health(config))
        if args.command == "status":
            from rich.console import Console

            from bot.status import print_status

            # Wide, so that no table cell wraps a secret across lines before it is redacted.
            out = Console(file=cast(IO[str], _RedactingStream(sys.stdout, redactor)), width=400)
            return asyncio.run(print_status(config, out))
        return asyncio.run(_run(config))
    except ConfigError as e:
        print(redactor.redact(f"readout: config error: {e}"), file=sys.stderr)
        return EXIT_CONFIG
    except FileNotFoundError as e:
        print(f"readout: {e.filename}: no such file", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
