"""Strings every page shares: navigation, the settings controls and their options, messages,
the chart labels of the figure builders (keys fig.<chart>.<label>), and why a setting or a
dataset was refused (keys setting.<code>, dataset.<code>: nn_core's and the settings' coded
problems, worded by `ui.common.i18n.problem_text`)."""

from collections.abc import Mapping
from types import MappingProxyType

from nn_core.datasets import DATASET_PROBLEMS
from ui.common.settings import SETTING_PROBLEMS


def problem_strings(family: str, english: Mapping[str, str], chinese: Mapping[str, str]
                    ) -> dict[str, tuple[str, str]]:
    """Entries `<family>.<code>` for a table of coded problems: the table's English and the
    Chinese for each code (both must have the same codes)."""
    if set(english) != set(chinese):
        raise KeyError(f"{family} problems without both languages: "
                       f"{sorted(set(english) ^ set(chinese))}")
    return {f"{family}.{code}": (text, chinese[code]) for code, text in english.items()}


_SETTING_CHINESE = {
    "not_a_choice": "应为以下之一：{choices}",
    "whole_number_range": "应为 {low} 到 {high} 之间的整数",
    "number_range": "应为 {low:g} 到 {high:g} 之间的数",
    "not_whole_number": "{text} 不是整数",
    "not_number": "{text!r} 不是数字",
    "not_a_flag": "应为 1 或 0",
    "too_many_layers": "隐藏层最多 {limit} 层",
    "layer_width": "每层需要 1 到 {limit} 个神经元",
    "features": "输入特征必须是用逗号分隔的列表，可选：{names}",
    "preset_name": "不是有效的教学场景名称",
    "too_long": "值太长",
}
_DATASET_CHINESE = {
    "unknown_kind": "未知的数据类型 {kind!r}；可选：{choices}",
    "x_shape": "X 的形状必须是 (n, 2) 且 n >= 1，实际为 {shape}",
    "x_not_finite": "X 中含有 NaN 或无穷大",
    "class_labels": "多分类的 y 必须是形状为 ({n},) 的整数，实际形状为 {shape}",
    "class_range": "多分类的标签必须在 0..{last} 之间",
    "y_shape": "{kind}数据的 y 的形状必须是 ({n}, 1)，实际为 {shape}",
    "y_not_finite": "y 中含有 NaN 或无穷大",
    "kind_classes": "{kind}数据的 n_classes 必须是 {expected}",
    "binary_labels": "二分类的标签必须是 0 或 1",
    "domain_order": "坐标范围必须满足 xmin < xmax 且 ymin < ymax，实际为 {domain}",
}
_PROBLEM_STRINGS = {
    "problem.list_separator": (", ", "、"),
    "problem.english_only": ("details in English only", "详细原因仅有英文说明"),
    **problem_strings("setting", SETTING_PROBLEMS, _SETTING_CHINESE),
    **problem_strings("dataset", DATASET_PROBLEMS, _DATASET_CHINESE),
    "dataset.kind.binary": ("binary", "二分类"),
    "dataset.kind.multiclass": ("multiclass", "多分类"),
    "dataset.kind.regression": ("regression", "回归"),
}

STRINGS = MappingProxyType({
    **_PROBLEM_STRINGS,
    # app and navigation
    "app.title": ("Neural-network playground", "神经网络游乐场"),
    "nav.playground": ("Playground", "游乐场"),
    "nav.backprop": ("Backprop step by step", "反向传播逐步演示"),
    "nav.gradcheck": ("Gradient check", "梯度检验"),
    "nav.compare": ("Compare runs", "对比训练"),
    "nav.hidden": ("Inside the hidden layer", "隐藏层内部"),
    "lang.label": ("Language", "语言"),
    # control sections
    "section.data": ("Data", "数据"),
    "section.network": ("Network", "网络"),
    "section.training": ("Training", "训练"),
    "section.view": ("View", "显示"),
    # data controls
    "data.dataset": ("Dataset", "数据集"),
    "data.dataset.help": (
        "Which 2-D problem the network learns. Changing it starts a new network.",
        "网络要学习的二维问题。更改后会重新开始一个新网络。",
    ),
    "data.n_points": ("Number of points", "数据点数量"),
    "data.n_points.help": ("How many points to generate.", "生成多少个数据点。"),
    "data.n_points.fixed": (
        "This dataset always has its 4 points: the number of points does not apply.",
        "这个数据集固定为 4 个点：数据点数量不适用。",
    ),
    "data.noise": ("Noise", "噪声"),
    "data.noise.help": (
        "How much the points are scattered around the clean pattern.",
        "数据点偏离理想图案的程度。",
    ),
    "data.train_ratio": ("Training share", "训练集比例"),
    "data.train_ratio.help": (
        "Share of the points used for training; the rest tests the network.",
        "用于训练的数据比例；其余数据用来测试网络。",
    ),
    "data.seed": ("Data seed", "数据随机种子"),
    "data.seed.help": (
        "The same seed always gives the same points.", "相同的种子总是生成相同的数据点。"
    ),
    "data.regenerate": ("New data", "重新生成数据"),
    "data.regenerate.help": (
        "Draw a new random dataset (next data seed).", "生成一组新的随机数据（下一个种子）。"
    ),
    "data.features": ("Input features", "输入特征"),
    "data.features.help": (
        "What the network sees of each point. Extra features like x1² can make a problem easy "
        "even without hidden layers.",
        "网络看到的每个点的特征。添加 x1² 等特征，即使没有隐藏层也能让问题变简单。",
    ),
    # network controls
    "net.hidden": ("Hidden layers (neurons per layer)", "隐藏层（每层神经元数）"),
    "net.hidden.help": (
        "Neurons in each hidden layer, joined by dashes: 4-2 is two layers of 4 and 2 neurons; "
        "0 means no hidden layer, and then (with the raw inputs x1, x2) the network can only "
        "draw a straight boundary. Up to {layers} layers of 1 to {neurons} neurons. Or use + "
        "and − on the network diagram.",
        "每个隐藏层的神经元数，用短横线连接：4-2 表示两层，分别有 4 个和 2 个神经元；0 表示没有"
        "隐藏层，这时（只用原始输入 x1、x2）网络只能画出直线边界。最多 {layers} 层，每层 1 到 "
        "{neurons} 个神经元。也可以用网络图上的 + 和 −。",
    ),
    "net.hidden.invalid": (
        "Not a network shape: write the neurons per layer like 4-2 (0 for none). Still "
        "showing {shown}.",
        "不是有效的网络结构：请按 4-2 的格式填写每层神经元数（0 表示没有隐藏层）。仍显示 "
        "{shown}。",
    ),
    "net.edit.layers": ("{n} hidden layers", "{n} 个隐藏层"),
    "net.edit.one_layer": ("{n} hidden layer", "{n} 个隐藏层"),
    "net.edit.add_layer": ("Add a hidden layer", "添加一个隐藏层"),
    "net.edit.remove_layer": ("Remove the last hidden layer", "删除最后一个隐藏层"),
    "net.edit.add_neuron": ("Add a neuron to this layer", "给这一层添加一个神经元"),
    "net.edit.remove_neuron": ("Remove a neuron from this layer", "从这一层删除一个神经元"),
    "net.activation": ("Hidden activation", "隐藏层激活函数"),
    "net.activation.help": (
        "The non-linearity applied after each hidden layer.", "每个隐藏层之后使用的非线性函数。"
    ),
    "net.output": ("Output activation", "输出激活函数"),
    "net.output.help": (
        "'auto' picks sigmoid for two classes, softmax for several, linear for regression.",
        "“自动”：二分类用 sigmoid，多分类用 softmax，回归用线性。",
    ),
    "net.loss": ("Loss", "损失函数"),
    "net.loss.help": (
        "'auto' picks cross-entropy for classes and mean squared error for regression.",
        "“自动”：分类用交叉熵，回归用均方误差。",
    ),
    "net.head_adjusted": (
        "That output/loss pair does not fit this problem; using {output} + {loss}.",
        "该输出/损失组合不适合此问题；改用 {output} + {loss}。",
    ),
    "net.regularization": ("Regularization", "正则化"),
    "net.regularization.help": (
        "Penalise large weights: L1 pushes weights to zero, L2 keeps them small.",
        "惩罚较大的权重：L1 把权重压向 0，L2 让权重保持较小。",
    ),
    "net.reg_rate": ("Regularization rate", "正则化率"),
    "net.reg_rate.help": (
        "λ, how much the weight penalty counts: the loss becomes L + λ/2·Σw² (L2) or "
        "L + λ·Σ|w| (L1), summed over all weights, not the biases. Applies live.",
        "λ，权重惩罚项所占的分量：损失变为 L + λ/2·Σw²（L2）或 L + λ·Σ|w|（L1），对所有权重"
        "求和，不含偏置。立即生效。",
    ),
    "net.init": ("Weight initialisation", "权重初始化"),
    "net.init.help": (
        "How the first weights are drawn. Xavier/Glorot (the default) and He scale them to the "
        "layer's width. 'normal, σ = 0.1' is the textbooks' \"small random numbers\": small "
        "enough that tanh and sigmoid start on their steep middle part, and random, so the "
        "neurons of a layer do not all learn the same thing. 'uniform [0,1)' is the classic "
        "tutorial's.",
        "初始权重的生成方式。Xavier/Glorot（默认）和 He 按该层的宽度缩放权重。“正态分布，"
        "σ = 0.1”就是教科书常说的“较小的随机数”：足够小，tanh 和 sigmoid 从曲线最陡的中段开始；"
        "又是随机的，同一层的神经元不会学成一样。“均匀 [0,1)”是经典教程的做法。",
    ),
    "net.seed": ("Weight seed", "权重随机种子"),
    "net.seed.help": (
        "The same seed gives the same starting weights.", "相同的种子给出相同的初始权重。"
    ),
    # training controls
    "train.lr": ("Learning rate", "学习率"),
    "train.lr.help": (
        "Step size of gradient descent: w ← w − α·∂L/∂w. Applies live.",
        "梯度下降的步长：w ← w − α·∂L/∂w。立即生效。",
    ),
    "train.batch": ("Batch size", "批大小"),
    "train.batch.help": (
        "Points per weight update. Applies live; larger than the data means full batch.",
        "每次更新权重使用的点数。立即生效；大于数据量即为全批量。",
    ),
    "train.optimizer": ("Optimizer", "优化器"),
    "train.optimizer.help": (
        "Plain gradient descent, with momentum, or Adam.", "普通梯度下降、动量法或 Adam。"
    ),
    "train.speed": ("Speed (steps per frame)", "速度（每帧步数）"),
    "train.speed.help": (
        "Weight updates between two pictures. Applies live.",
        "两帧画面之间的权重更新次数。立即生效。",
    ),
    "train.step_unit": ("Step size of the Step button", "“单步”按钮的步长"),
    "train.step_unit.help": (
        "One Step trains on one sample, one mini-batch, or the rest of the epoch.",
        "每按一次“单步”，训练一个样本、一个小批量，或本轮剩余部分。",
    ),
    "unit.sample": ("one sample", "一个样本"),
    "unit.batch": ("one mini-batch", "一个小批量"),
    "unit.epoch": ("one epoch", "一轮"),
    # buttons
    "btn.play": ("Play", "播放"),
    "btn.pause": ("Pause", "暂停"),
    "btn.step": ("Step", "单步"),
    "btn.reset": ("Reset", "重置"),
    "btn.play.help": ("Train continuously (space).", "连续训练（空格键）。"),
    "btn.step.help": ("Train one step (→).", "训练一步（→ 键）。"),
    "btn.reset.help": ("New network with fresh weights (r).", "用新的初始权重重新开始（r 键）。"),
    # view controls
    "view.show_test": ("Show test data", "显示测试数据"),
    "view.show_test.help": (
        "Also draw the held-out test points (diamonds) on the boundary chart.",
        "在决策边界图上同时画出测试点（菱形）。",
    ),
    "view.discretize": ("Discretize output", "离散化输出"),
    "view.discretize.help": (
        "Show hard class regions instead of the network's confidence.",
        "显示明确的类别区域，而不是网络的置信度。",
    ),
    "view.log_loss": ("Log-scale loss", "对数坐标损失"),
    "view.log_loss.help": (
        "A logarithmic loss axis shows progress once the loss is small.",
        "对数坐标能在损失很小时仍看清进展。",
    ),
    "view.palette": ("Colours", "配色"),
    "view.palette.help": (
        "Orange/blue like TensorFlow Playground, or a palette safe for colour-blind viewers.",
        "与 TensorFlow Playground 相同的橙/蓝配色，或色盲友好配色。",
    ),
    "palette.default": ("Orange / blue", "橙 / 蓝"),
    "palette.colorblind": ("Colour-blind safe", "色盲友好"),
    "view.presenter": ("Presenter mode", "演示模式"),
    "view.presenter.help": (
        "Bigger fonts and charts for a projector.", "为投影仪放大字体和图表。"
    ),
    "view.hide_controls": ("Hide controls", "隐藏控件"),
    # counters
    # live view
    "live.png": ("PNG", "PNG"),
    "live.png.help": ("Download this chart as a PNG image", "将此图表下载为 PNG 图片"),
    "live.reconnecting": (
        "Connection to the server lost: reconnecting…", "与服务器的连接已断开：正在重新连接…"
    ),
    "live.key_space": ("Space", "空格"),
    "live.overflow": ("overflow", "溢出"),
    "live.predictions": ("Predictions:", "预测值："),
    "live.target": ("target", "目标"),
    "live.loading_controls": ("Loading the controls…", "正在加载控件…"),
    "stat.epoch": ("Epoch", "轮次"),
    "stat.steps": ("Steps", "步数"),
    "stat.samples": ("Samples seen", "已训练样本数"),
    "stat.train_loss": ("Train loss", "训练损失"),
    "stat.test_loss": ("Test loss", "测试损失"),
    "stat.train_acc": ("Train accuracy", "训练准确率"),
    "stat.test_acc": ("Test accuracy", "测试准确率"),
    "stat.speed": ("Steps / s", "步 / 秒"),
    # chart titles and labels
    "chart.loss": ("Loss", "损失"),
    "chart.accuracy": ("Accuracy", "准确率"),
    "chart.epoch": ("Epoch", "轮次"),
    "chart.train": ("train", "训练"),
    "chart.test": ("test", "测试"),
    "chart.boundary": ("Decision boundary", "决策边界"),
    "chart.output": ("Network output", "网络输出"),
    "chart.weights": ("Weights", "权重"),
    "chart.network": ("Network", "网络结构"),
    "chart.bias": ("bias", "偏置"),
    # option names shown in menus
    "opt.xor": ("XOR (4 quadrants)", "异或 XOR（四象限）"),
    "opt.xor4": ("XOR, the tutorial's 4 points", "异或 XOR，教程中的 4 个点"),
    "opt.circle": ("Circle", "圆形"),
    "opt.gaussians": ("Two gaussian blobs", "两团高斯分布"),
    "opt.spiral": ("Two spirals", "双螺旋"),
    "opt.moons": ("Two moons", "双月牙"),
    "opt.checkerboard": ("Checkerboard", "棋盘格"),
    "opt.spiral3": ("Three-class spiral", "三类螺旋"),
    "opt.plane": ("Regression: plane", "回归：平面"),
    "opt.gauss_sum": ("Regression: sum of gaussians", "回归：高斯之和"),
    "opt.csv": ("Your data (CSV)", "你的数据（CSV）"),
    "opt.auto": ("auto", "自动"),
    "opt.none": ("none", "无"),
    "opt.l1": ("L1", "L1"),
    "opt.l2": ("L2", "L2"),
    "opt.xavier": ("Xavier / Glorot", "Xavier / Glorot"),
    "opt.he": ("He", "He"),
    "opt.uniform01": ("uniform [0,1) (tutorial)", "均匀 [0,1)（教程）"),
    "opt.normal": ("normal, σ = 0.1", "正态分布，σ = 0.1"),
    "opt.sgd": ("gradient descent", "梯度下降"),
    "opt.momentum": ("momentum", "动量法"),
    "opt.adam": ("Adam", "Adam"),
    "opt.tanh": ("tanh", "tanh"),
    "opt.relu": ("ReLU", "ReLU"),
    "opt.leaky_relu": ("leaky ReLU", "leaky ReLU"),
    "opt.sigmoid": ("sigmoid", "sigmoid"),
    "opt.linear": ("linear (none)", "线性（无）"),
    "opt.softplus": ("softplus", "softplus"),
    "opt.sin": ("sine", "正弦"),
    "opt.softmax": ("softmax", "softmax"),
    "opt.bce": ("binary cross-entropy", "二元交叉熵"),
    "opt.ce": ("cross-entropy (softmax)", "交叉熵（softmax）"),
    "opt.mse": ("mean squared error", "均方误差"),
    "opt.sse": ("sum of squared errors (tutorial)", "误差平方和（教程）"),
    # messages
    "msg.reset_by_change": (
        "Data or network shape changed, so training starts again with a new network.",
        "数据或网络结构已改变，因此用新网络重新开始训练。",
    ),
    "msg.diverged": (
        "Training stopped at step {step}: {what}. Learning rate {lr} is too high for this "
        "network. The last good weights are kept: lower the learning rate, then press Play, or "
        "press Reset.",
        "训练在第 {step} 步停止：{what}。学习率 {lr} 对这个网络来说太高了。已保留最后一组正常"
        "的权重：请降低学习率后按“播放”，或按“重置”。",
    ),
    "diverge.loss_inf": ("the loss became infinite", "损失变成了无穷大"),
    "diverge.loss_nan": ("the loss became NaN (not a number)", "损失变成了 NaN（非数值）"),
    "diverge.weights": ("the weights became NaN or infinite", "权重变成了 NaN 或无穷大"),
    "msg.bad_link": (
        "Some settings in the link were not understood and were left at their defaults: {names}.",
        "链接中的部分设置无法识别，已使用默认值：{names}。",
    ),
    "msg.shortcuts": (
        "Keys: space = play/pause, → = step, r = reset",
        "快捷键：空格 = 播放/暂停，→ = 单步，r = 重置",
    ),
    # chart labels for the figure builders in ui/common/figures
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
    "fig.network.out": ("out", "输出"),
    "fig.network.input_short": ("in", "入"),
    "fig.network.output_short": ("out", "出"),
    "fig.network.hidden_short": ("h{l}", "隐{l}"),
    "fig.network.bias": ("bias", "偏置"),
    "fig.weights.title": ("Weights", "权重"),
    "fig.weights.layer": ("layer {l}", "第 {l} 层"),
    "fig.weights.bias": ("bias", "偏置"),
    "fig.weights.colorbar": ("weight", "权重"),
})
