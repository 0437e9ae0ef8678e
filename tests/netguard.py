"""Refuse any connection or name lookup beyond loopback: no test ever reaches the internet.

Used by tests/conftest.py for every test (autouse). Loopback stays open for the fake
rate server and LibreOffice's own local pipes.
"""

from __future__ import annotations

import socket

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def forbid_network(monkeypatch) -> None:
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in LOOPBACK and not host.startswith("/"):
            raise AssertionError(f"a test tried to reach the network: {address!r}")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in LOOPBACK:
            raise AssertionError(f"a test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    # requests would send even loopback requests through a proxy named in the environment.
    for variable in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(variable, "127.0.0.1,localhost,::1")
