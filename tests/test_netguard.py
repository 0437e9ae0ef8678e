import socket

import pytest


def test_the_suite_cannot_reach_beyond_loopback():
    with pytest.raises(AssertionError, match="tried to look up"):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(AssertionError, match="tried to reach the network"), \
            socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed, never touched
