"""A real SMTP server (aiosmtpd) on this machine that keeps what it receives, for the email tests and the benchmark.

It can refuse the next messages (a server saying "try again later"), hold a message without answering (to stop a
sender in the middle of a batch) and slow down, the way a busy server does.
"""

import asyncio
import email
import socket
import threading
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SinkHandler:
    def __init__(self):
        self.received: list[bytes] = []
        self.refuse_next = 0
        self.refusal = "451 4.3.0 Try again later"
        self.hold_after: int | None = None  # hold (never answer) every message after this many were received
        self.holding = threading.Event()
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return self.refusal
            hold = self.hold_after is not None and len(self.received) >= self.hold_after
        if hold:
            self.holding.set()
            await asyncio.Event().wait()  # until the sender goes away: the handler is then cancelled, nothing kept
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.received.append(envelope.content)
        return "250 2.0.0 OK"


class SmtpSink:
    def __init__(self):
        self.handler = SinkHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def count(self) -> int:
        with self.handler.lock:
            return len(self.handler.received)

    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            received = list(self.handler.received)
        return [email.message_from_bytes(raw, policy=policy.default) for raw in received]

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.received.clear()
