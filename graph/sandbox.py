"""Take away a process's right to open network sockets: the second wall behind graph/sparql_guard.py.

Oxigraph cannot be told not to federate, so a SERVICE pattern that slipped past the parse check would
make it connect wherever the query says. The endpoint's query workers need no network at all (they
read the store from disk and talk to the server over an inherited pipe), so each one installs a
seccomp filter before it reads its first request: creating an IPv4 or IPv6 socket then fails with
EACCES, as does io_uring (whose socket operations do not pass through the socket system call).
Unix sockets and everything else stay allowed. A filter cannot be removed once loaded, which is the
point; it is applied only in processes started for the purpose, never in the user's own.
"""

from __future__ import annotations

import errno
import socket

__all__ = ["deny_network"]


def deny_network() -> str | None:
    """Install the filter in this process. None when it holds; otherwise why it could not be installed."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as exc:  # not Linux, or no libseccomp on the machine
        return f"network isolation of query workers is unavailable ({exc})"
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        refuse = seccomp.ERRNO(errno.EACCES)
        for family in (socket.AF_INET, socket.AF_INET6):
            rules.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.add_rule(refuse, "io_uring_setup")
        rules.load()
    except OSError as exc:
        return f"network isolation of query workers could not be installed ({exc})"
    return None
