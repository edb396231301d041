"""The ``parley`` command. Each subcommand lives in its own module under graph/commands/
with ``add_arguments(parser)`` and ``run(args) -> int``; this file only dispatches."""

from __future__ import annotations

import argparse
import difflib
import importlib
import signal
import sys

from graph import __version__
from graph.errors import ParleyError

# name -> (module, one-line help). Add a command by adding a module and a line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("graph.commands.build", "build the graph of articles (default: the bundled sample corpus)"),
    "viz": ("graph.commands.viz", "write the interactive HTML graph (offline; filters by document, actor, date, kind)"),
    "stats": ("graph.commands.stats", "print the graph's analytics: centrality, mediators, corroboration, communities"),
    "validate": ("graph.commands.validate", "check a graph against the core profile's SHACL shapes"),
    "report": ("graph.commands.report", "list the claims: who asserts each, through whom, and where outlets disagree"),
    "query": ("graph.commands.query", "run a SPARQL query (text, file or ready query) over a graph or a store"),
    "serve": ("graph.commands.serve", "serve a store as a read-only SPARQL endpoint"),
    "merge": ("graph.commands.merge", "merge stores built elsewhere into one, resolving all their documents together"),
    "correct": ("graph.commands.correct", "add an analyst's correction (same actor, an event's mediator, a claim's "
                                          "source …) to a corrections file that every build applies"),
}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parley", description="News articles about negotiations → a knowledge graph.")
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=(module.__doc__ or help_text).strip())
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    code = _main(argv)
    if argv is None:
        # Run as a program: the work is done and reported. A Ctrl-C while the interpreter tears down the
        # model (half a second) must not turn a finished build into a death by signal.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code


def _main(argv: list[str] | None) -> int:
    try:  # Ctrl-C while the commands' modules load (seconds on a busy machine) is an interrupt too
        words = sys.argv[1:] if argv is None else argv
        if words and not words[0].startswith("-") and words[0] not in COMMANDS:
            near = difflib.get_close_matches(words[0], COMMANDS, n=1, cutoff=0.5)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise ParleyError(f"no command {words[0]!r}: {hint}(commands: {', '.join(COMMANDS)}; see parley --help)")
        parser = make_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "_run", None):
            parser.print_help()
            return 2
        return int(args._run(args) or 0)
    except ParleyError as exc:
        print(f"parley: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("parley: interrupted; earlier outputs are left as they were", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
