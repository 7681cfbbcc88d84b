"""Chart labels for the figure builders in ui/figures (keys: fig.<chart>.<label>)."""

from types import MappingProxyType

STRINGS = MappingProxyType({
    "fig.boundary.title": ("Decision boundary", "决策边界"),
    "fig.boundary.x": ("x1", "x1"),
    "fig.boundary.y": ("x2", "x2"),
    "fig.boundary.train": ("train", "训练"),
    "fig.boundary.test": ("test", "测试"),
    "fig.boundary.class": ("class {c}", "类别 {c}"),
    "fig.boundary.output": ("output", "输出"),
    "fig.boundary.target": ("target", "目标"),
    "fig.loss.title": ("Loss", "损失"),
    "fig.loss.x": ("epoch", "轮次"),
    "fig.loss.y": ("loss", "损失"),
    "fig.loss.y2": ("accuracy", "准确率"),
    "fig.loss.train_loss": ("train loss", "训练损失"),
    "fig.loss.test_loss": ("test loss", "测试损失"),
    "fig.loss.train_acc": ("train accuracy", "训练准确率"),
    "fig.loss.test_acc": ("test accuracy", "测试准确率"),
    "fig.network.title": ("Network", "网络结构"),
    "fig.network.input": ("input", "输入"),
    "fig.network.hidden": ("hidden {l}", "隐藏层 {l}"),
    "fig.network.output": ("output", "输出"),
    "fig.network.more": ("+{n} more", "另有 {n} 个"),
    "fig.network.bias": ("bias", "偏置"),
    "fig.weights.title": ("Weights", "权重"),
    "fig.weights.layer": ("layer {l}", "第 {l} 层"),
    "fig.weights.bias": ("bias", "偏置"),
    "fig.weights.colorbar": ("weight", "权重"),
})
