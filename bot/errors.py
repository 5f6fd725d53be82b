"""Readout's exceptions, as a tree. Owns no behaviour; every layer raises from here.

ReadoutError
├── ConfigError            the config file or environment is wrong (one line, exit 2)
├── FetchError             a source or page could not be fetched or read
│   ├── FetchTimeout
│   ├── FetchHTTPError     the server answered with an error status (.status)
│   ├── BodyTooLarge       the body passed http.max_bytes while streaming
│   ├── TooManyRedirects
│   ├── AddressRefused     the URL or the address it resolves to is not allowed
│   └── FeedParseError     the body is not a feed / list page we can read
└── DeliveryError          a platform refused or failed to take a message
    ├── RateLimited        wait .retry_after seconds; costs no attempt (.scope chat|token)
    ├── Retryable          timeout, 5xx, network: back off and try again
    ├── ChatMigrated       the chat has a new id (.new_address): move it and retry
    ├── ChatGone           blocked, kicked, channel gone: deactivate the chat
    └── Rejected           this message can never be sent as it is: give up on it
"""

from __future__ import annotations


class ReadoutError(Exception):
    """Base of every error Readout raises on purpose."""


class ConfigError(ReadoutError):
    """The configuration is invalid. `str(err)` is one line naming the key and the problem."""


class FetchError(ReadoutError):
    """A fetch failed. `str(err)` is the reason stored as the source's last error."""


class FetchTimeout(FetchError):
    pass


class FetchHTTPError(FetchError):
    def __init__(self, status: int, url: str) -> None:
        super().__init__(f"HTTP {status} from {url}")
        self.status = status


class BodyTooLarge(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class AddressRefused(FetchError):
    pass


class FeedParseError(FetchError):
    pass


class DeliveryError(ReadoutError):
    """A platform did not take a message. Subclasses say what the dispatcher should do."""


class RateLimited(DeliveryError):
    def __init__(self, retry_after: float, scope: str = "chat", detail: str = "") -> None:
        super().__init__(detail or f"rate limited for {retry_after:g}s ({scope})")
        self.retry_after = retry_after
        self.scope = scope


class Retryable(DeliveryError):
    pass


class ChatMigrated(DeliveryError):
    def __init__(self, new_address: str) -> None:
        super().__init__(f"chat migrated to {new_address}")
        self.new_address = new_address


class ChatGone(DeliveryError):
    pass


class Rejected(DeliveryError):
    pass
