"""uvicorn settings of ``detente serve`` with several worker processes."""

from __future__ import annotations

import socket

from uvicorn import Config


class NoDelayConfig(Config):
    """uvicorn's ``Config`` with a listening socket whose connections get TCP_NODELAY.

    For several workers uvicorn binds the shared socket with protocol 0, and asyncio sets
    TCP_NODELAY only on connections whose socket says IPPROTO_TCP: every answer after the first
    on a kept-alive connection then waited for the client's delayed ACK, 40 ms (uvicorn issue
    3149). A socket object made from the descriptor reads the real protocol from the kernel.
    (A module-level class: uvicorn pickles the config for each worker process.)
    """

    def bind_socket(self) -> socket.socket:
        """The listening socket, inheritable by the workers, with its protocol read from the kernel."""
        sock = socket.socket(fileno=super().bind_socket().detach())
        sock.set_inheritable(True)
        return sock
