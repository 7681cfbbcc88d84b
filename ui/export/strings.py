"""Strings of the exported files (keys: export.*), e.g. the standalone training animation."""

from types import MappingProxyType

STRINGS = MappingProxyType({
    "export.animation.title": (
        "Decision boundary while training: {dataset}",
        "训练过程中的决策边界：{dataset}",
    ),
    "export.animation.play": ("▶ Play", "▶ 播放"),
    "export.animation.pause": ("❚❚ Pause", "❚❚ 暂停"),
    "export.animation.epoch": ("epoch ", "轮次 "),
})
