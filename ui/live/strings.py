"""Strings of serving a class: a worker that is full."""

from types import MappingProxyType

STRINGS = MappingProxyType({
    "live.server_full": (
        "The class server is full right now. Try again in a minute, or run the playground on "
        "your own computer with `make run`.",
        "课堂服务器现在已满员。请过一分钟再试，或者用 `make run` 在自己的电脑上运行这个游乐场。",
    ),
})
