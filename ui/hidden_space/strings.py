"""Strings of the "Inside the hidden layer" page (keys: hidden_space.*)."""

from types import MappingProxyType

STRINGS = MappingProxyType({
    "hidden_space.title": ("Inside the hidden layer", "隐藏层内部"),
    "hidden_space.intro": (
        "A hidden layer moves every point of the input plane to a new place. Left: the input "
        "plane with a lattice of grid lines and the data. Right: the same lines and points as "
        "two hidden neurons see them (x = one neuron's activation, y = another's). Press Play "
        "and watch training bend and stretch the plane to pull the classes apart. Two neurons "
        "are too few for the circle or XOR: some points always stay on the wrong side of the "
        "output's straight line. With 'Circle · 6 → 2' the first layer untangles the circle, "
        "and in the last plane a straight line separates the classes.",
        "隐藏层把输入平面上的每个点移到新的位置。左图：输入平面、网格线和数据。右图：两个隐藏"
        "神经元看到的同样的线和点（x 为一个神经元的激活值，y 为另一个的）。按“播放”，观察训练"
        "如何弯曲、拉伸这个平面，把各类拉开。对圆形和异或来说，两个神经元太少：总有一些点留在"
        "输出层那条直线的错误一侧。选“圆形 · 6 → 2”，第一层先把圆形解开，在最后这个平面上，"
        "一条直线就能把各类分开。",
    ),
    "hidden_space.source": ("Network", "网络"),
    "hidden_space.source.help": (
        "A small demo network, or a copy of the playground's network with its current weights "
        "(training here does not change the playground).",
        "一个小型演示网络，或游乐场网络（含当前权重）的副本（在这里训练不会改变游乐场）。",
    ),
    "hidden_space.demo.circle_2": ("Circle · 2 neurons", "圆形 · 2 个神经元"),
    "hidden_space.demo.xor_2": ("XOR · 2 neurons", "异或 XOR · 2 个神经元"),
    "hidden_space.demo.circle_6_2": ("Circle · 6 → 2 neurons", "圆形 · 6 → 2 个神经元"),
    "hidden_space.demo.playground": ("The playground's network", "游乐场中的网络"),
    "hidden_space.activation": ("Activation", "激活函数"),
    "hidden_space.activation.help": (
        "Hidden activation of the demo network (changing it starts a new network).",
        "演示网络的隐藏层激活函数（更改后会重新开始一个新网络）。",
    ),
    "hidden_space.layer": ("Hidden layer", "隐藏层"),
    "hidden_space.layer_option": (
        "layer {layer} ({width} neurons)", "第 {layer} 层（{width} 个神经元）"
    ),
    "hidden_space.neuron_x": ("Neuron on x", "x 轴神经元"),
    "hidden_space.neuron_y": ("Neuron on y", "y 轴神经元"),
    "hidden_space.neuron_option": ("neuron {index}", "神经元 {index}"),
    "hidden_space.speed": ("Batches / frame", "每帧批数"),
    "hidden_space.speed.help": (
        "Mini-batches trained between two pictures while playing; Step trains this many once.",
        "播放时两帧之间训练的小批量数；单步也训练这么多。",
    ),
    "hidden_space.play.help": ("Train continuously (space).", "连续训练（空格键）。"),
    "hidden_space.step.help": (
        "Train the chosen number of mini-batches (→).", "训练所选数量的小批量（→ 键）。"
    ),
    "hidden_space.reset.help": (
        "Start again from the initial weights (for the playground's network: a fresh copy of "
        "it).",
        "从初始权重重新开始（对于游乐场网络：重新复制一份）。",
    ),
    "hidden_space.counters": (
        "Epoch **{epoch}** · steps **{steps}** · train loss **{loss}** · train accuracy "
        "**{acc}**",
        "轮次 **{epoch}** · 步数 **{steps}** · 训练损失 **{loss}** · 训练准确率 **{acc}**",
    ),
    "hidden_space.no_hidden": (
        "This network has no hidden layer, so there is nothing to look inside. Add a hidden "
        "layer in the playground or choose a demo network.",
        "该网络没有隐藏层，因此没有可查看的内部。请在游乐场中添加隐藏层，或选择一个演示网络。",
    ),
    "hidden_space.no_playground": (
        "The playground has not run in this session yet, so this is a new network with the "
        "playground's current settings.",
        "本次会话中游乐场尚未运行，因此这里使用按游乐场当前设置新建的网络。",
    ),
    "hidden_space.input_title": ("Input space", "输入空间"),
    "hidden_space.hidden_title": ("Hidden space", "隐藏层空间"),
    "hidden_space.axis": ("layer {layer}, neuron {index}", "第 {layer} 层，神经元 {index}"),
    "hidden_space.separable.binary": (
        "These two neurons are the whole last hidden layer, so the output layer sees only this "
        "plane. The shading shows the output layer's decision; its boundary here is a straight "
        "line.",
        "这两个神经元就是整个最后一个隐藏层，输出层只看到这个平面。底色表示输出层的决策；"
        "它的边界在这里是一条直线。",
    ),
    "hidden_space.separable.multiclass": (
        "These two neurons are the whole last hidden layer, so the output layer sees only this "
        "plane. The shading shows the output layer's decision; here straight lines divide the "
        "plane between the classes.",
        "这两个神经元就是整个最后一个隐藏层，输出层只看到这个平面。底色表示输出层的决策；"
        "在这里，几条直线把平面分给各个类别。",
    ),
    "hidden_space.projection": (
        "This plane shows 2 of the layer's {width} neurons (a projection), so no single "
        "straight boundary is drawn here.",
        "这个平面只显示了该层 {width} 个神经元中的 2 个（一个投影），因此这里不画直线边界。",
    ),
    "hidden_space.fixed_axes": (
        "Axes fixed to the range of {activation}.", "坐标轴固定为 {activation} 的取值范围。"
    ),
    "hidden_space.adaptive_axes": (
        "{activation} is unbounded (its values can grow without limit), so the axes follow "
        "the data slowly.",
        "{activation} 的取值无界（可以无限增大），因此坐标轴会缓慢地跟随数据变化。",
    ),
    "hidden_space.histograms": ("Activations and gradients per layer", "每层的激活值与梯度"),
    "hidden_space.histograms.caption": (
        "Histograms over all training points and all neurons of each hidden layer. Top: the "
        "activations a. Bottom: the backward-pass deltas dL/dz (the gradient of the training "
        "loss, a mean over the points or, for the sum of squared errors, a sum, with respect "
        "to each neuron's input z, per training point).",
        "对每个隐藏层的所有训练点和所有神经元统计的直方图。上：激活值 a。下：反向传播的 "
        "dL/dz（训练损失对每个神经元输入 z 的梯度，按训练点计；损失是各点的平均值，误差平方和"
        "则是总和）。",
    ),
    "hidden_space.hist.activations": (
        "layer {layer} ({activation}): activations a", "第 {layer} 层（{activation}）：激活值 a"
    ),
    "hidden_space.hist.deltas": ("layer {layer}: deltas dL/dz", "第 {layer} 层：dL/dz"),
    "hidden_space.hist.count": ("count", "计数"),
    "hidden_space.dead": ("Dead ReLU units", "死亡 ReLU 单元"),
    "hidden_space.dead.help": (
        "A ReLU unit is dead when its activation is 0 for every training point: its input z "
        "is never positive, so its gradient is 0 and it stops learning.",
        "若一个 ReLU 单元对所有训练点的激活值都为 0，它就“死亡”了：它的输入 z 从不为正，"
        "因此梯度为 0，它不再学习。",
    ),
    "hidden_space.dead.count": ("{dead} of {width}", "{width} 个中 {dead} 个"),
    "hidden_space.dead.layer": ("Layer {layer}", "第 {layer} 层"),
    "hidden_space.dead.not_relu": ("not ReLU ({activation})", "非 ReLU（{activation}）"),
})
