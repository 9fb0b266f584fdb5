"""A real local SMTP server for the e-mail tests (aiosmtpd)."""
import socket
from collections import Counter
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """A local SMTP server keeping what it receives; it can be stopped and started again on the
    same port, and told to refuse some recipients ("550 no such mailbox")."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.envelopes = []
        self.refuse: set[str] = set()
        self._controller = None

    def start(self) -> "SmtpSink":
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mottakeren finnes ikke"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [message_from_bytes(e.original_content or e.content, policy=default_policy)
                for e in self.envelopes]

    @staticmethod
    def text(message) -> str:
        """The body as the reader sees it (line ends as sent over SMTP are CRLF)."""
        return message.get_content().replace("\r\n", "\n")

    def per_recipient(self) -> Counter:
        return Counter(rcpt for e in self.envelopes for rcpt in e.rcpt_tos)
