"""Strings of the "Backprop step by step" page (keys: backprop.*)."""

from types import MappingProxyType

STRINGS = MappingProxyType({
    "backprop.title": ("Backpropagation, step by step", "反向传播：逐步演示"),
    "backprop.intro": (
        "One training step of a real network with real numbers, in textbook order: forward "
        "propagation, the loss, backpropagation by the chain rule, and the gradient-descent "
        "update. Every number below was computed by the app's own NumPy engine.",
        "用真实的网络和真实的数字走完一步训练，按教科书的顺序：前向传播、损失、用链式法则反向"
        "传播，以及梯度下降更新。下面每个数字都由本应用自己的 NumPy 引擎计算。",
    ),
    "backprop.source": ("Network", "网络"),
    "backprop.source.tutorial": ("Tutorial: XOR, 3-4-1 sigmoid", "教程：XOR，3-4-1 sigmoid"),
    "backprop.source.playground": ("The playground's network", "游乐场中的网络"),
    "backprop.seed": ("Weight seed", "权重随机种子"),
    "backprop.seed.help": (
        "The tutorial's starting weights are drawn uniformly from [0, 1) with this seed.",
        "教程的初始权重以该种子从 [0, 1) 均匀抽取。",
    ),
    "backprop.batch": ("Mini-batch (first k training points)", "小批量（前 k 个训练点）"),
    "backprop.batch.help": (
        "How many training points this step uses. Few points keep the matrices readable.",
        "这一步使用多少个训练点。点少时矩阵更易读。",
    ),
    "backprop.no_playground": (
        "The playground has not run in this session yet, so this is a network with the "
        "playground's current settings.",
        "本次会话中游乐场尚未运行，因此这里使用按游乐场当前设置新建的网络。",
    ),
    "backprop.copy_note": (
        "A copy of the playground's network on its first {k} training points (learning rate "
        "{lr}). Steps taken here do not change the playground. Reset takes its current weights.",
        "游乐场网络的副本，使用其前 {k} 个训练点（学习率 {lr}）。在这里训练不会改变游乐场。"
        "“重置”会取其当前权重。",
    ),
    "backprop.tutorial_note": (
        "The classic tutorial's setup: 4 XOR points with a constant third input, which acts as "
        "the hidden layer's bias; 3-4-1 sigmoid network with no other biases (the output layer "
        "has none), weights uniform in [0, 1), loss L = Σ(y − ŷ)², learning rate 1.",
        "经典教程的设置：4 个 XOR 点外加恒为 1 的第三个输入，它充当隐藏层的偏置；3-4-1 sigmoid "
        "网络，没有其他偏置（输出层没有偏置），权重在 [0, 1) 均匀分布，损失 L = Σ(y − ŷ)²，"
        "学习率 1。",
    ),
    "backprop.stage": ("Stage", "阶段"),
    "backprop.diverged": (
        "Those {steps} steps made the numbers blow up (inf or NaN), so the weights were put back. "
        "Try a smaller learning rate in the playground.",
        "这 {steps} 步让数值发散（inf 或 NaN），因此已恢复原来的权重。请在游乐场中调小学习率。",
    ),
    "backprop.btn.prev": ("◀ Previous stage", "◀ 上一阶段"),
    "backprop.btn.next": ("Next stage ▶", "下一阶段 ▶"),
    "backprop.btn.apply": ("Apply update", "执行更新"),
    "backprop.btn.apply.help": (
        "Take this gradient-descent step for real, then start again at stage 1 with the new "
        "weights.",
        "真正执行这一步梯度下降，然后用新的权重回到第 1 阶段。",
    ),
    "backprop.btn.run": ("Run {steps} steps", "运行 {steps} 步"),
    "backprop.btn.run.help": (
        "Repeat the whole step {steps} times, like the tutorial's training loop.",
        "把整个步骤重复 {steps} 次，就像教程中的训练循环。",
    ),
    "backprop.btn.reset": ("Reset weights", "重置权重"),
    "backprop.btn.reset.help": ("Back to the starting weights.", "回到初始权重。"),
    "backprop.status": ("Updates so far: {steps} · loss now: {loss}",
                        "已更新次数：{steps} · 当前损失：{loss}"),
    "backprop.stage.forward": ("Forward propagation, layer {layer}", "前向传播，第 {layer} 层"),
    "backprop.stage.loss": ("Loss", "损失"),
    "backprop.stage.output_delta": ("Output delta (layer {layer})",
                                    "输出层误差项（第 {layer} 层）"),
    "backprop.stage.gradient": ("Weight gradient, layer {layer}", "权重梯度，第 {layer} 层"),
    "backprop.stage.hidden_delta": ("Hidden delta by the chain rule, layer {layer}",
                                    "链式法则求隐藏层误差项，第 {layer} 层"),
    "backprop.stage.update": ("Gradient-descent update", "梯度下降更新"),
    "backprop.short.forward": ("forward {layer}", "前向 {layer}"),
    "backprop.short.loss": ("loss", "损失"),
    "backprop.short.output_delta": ("δ{layer}", "δ{layer}"),
    "backprop.short.gradient": ("∂L/∂W{layer}", "∂L/∂W{layer}"),
    "backprop.short.hidden_delta": ("δ{layer}", "δ{layer}"),
    "backprop.short.update": ("update", "更新"),
    "backprop.explain.forward": (
        "Each row is one training point. The layer multiplies its inputs by its weights (rows: "
        "inputs, columns: neurons) and passes the sum z through the activation.",
        "每一行是一个训练点。该层把输入乘以权重（行：输入，列：神经元）并求和，得到加权和 z，"
        "再把 z 送入激活函数。",
    ),
    "backprop.explain.loss": (
        "The loss measures how far the outputs ŷ are from the targets y.",
        "损失衡量输出 ŷ 与目标 y 相差多远。",
    ),
    "backprop.explain.output_delta": (
        "The chain rule starts at the output: δ = ∂L/∂z, how much the loss changes when the "
        "output neuron's sum z changes.",
        "链式法则从输出开始：δ = ∂L/∂z，即输出神经元的加权和 z 变化时损失变化多少。",
    ),
    "backprop.explain.gradient": (
        "A weight's gradient is its input times the delta of the neuron it feeds, summed over "
        "the points: one matrix product.",
        "一个权重的梯度等于它的输入乘以它所连接神经元的 δ，再对所有点求和：一次矩阵乘法。",
    ),
    "backprop.explain.hidden_delta": (
        "The delta flows backwards through the same weights (transposed) and is multiplied by "
        "the slope of the activation at z.",
        "δ 通过同样的权重（转置）向后传播，再乘以激活函数在 z 处的斜率。",
    ),
    "backprop.explain.update": (
        "Every weight moves a small step against its gradient. W′ is what the next step starts "
        "from.",
        "每个权重沿梯度的反方向移动一小步。W′ 是下一步的起点。",
    ),
    "backprop.whole_network": (
        "The whole network in one formula (each row of X is one point):",
        "整个网络写成一个公式（X 的每一行是一个点）：",
    ),
    "backprop.tutorial_random": ("The tutorial's random numbers", "教程的随机数"),
    "backprop.tutorial_random.help": (
        "Draw the starting weights as the tutorial's code does: np.random.seed(seed), then "
        "np.random.rand(3, 4) for W1 and np.random.rand(4, 1) for W2. A student who runs the "
        "tutorial's script with the same seed gets the same numbers as this page. Off: the "
        "app's own random generator, also uniform in [0, 1).",
        "按教程代码的方式抽取初始权重：先 np.random.seed(种子)，再用 np.random.rand(3, 4) 得到 "
        "W1、np.random.rand(4, 1) 得到 W2。学生用同一个种子运行教程的脚本，会得到和本页相同的"
        "数字。关闭时使用本应用自己的随机数生成器，同样在 [0, 1) 均匀分布。",
    ),
    "backprop.tutorial_code": ("In the tutorial's code:", "在教程的代码中："),
    "backprop.code_note.forward": (
        "The constant third input 1 acts as the hidden layer's bias: the row of W1 for the "
        "input “1” is that bias. The output layer has no bias.",
        "恒为 1 的第三个输入充当隐藏层的偏置：W1 中对应输入“1”的那一行就是这个偏置。输出层"
        "没有偏置。",
    ),
    "backprop.code_note.loss": (
        "The tutorial's code never computes L itself; it starts from its derivative. A note on "
        "its wording: it calls this loss the average of the squared differences and says it "
        "measures the absolute value of the error. It is a sum, not an average (divided by the "
        "number of points it would be the mean squared error), and a square is not an absolute "
        "value: neither is ever negative, but the square weighs large errors more and is "
        "smooth at 0, which gradient descent needs.",
        "教程的代码并不计算 L 本身，而是直接从它的导数开始。关于教程的措辞：它把这个损失称为"
        "差的平方的“平均值”，并说它衡量的是误差的“绝对值”。其实它是求和而不是平均（再除以点数"
        "才是均方误差）；平方也不是绝对值：两者都不会是负数，但平方对大误差的惩罚更重，而且在 "
        "0 处光滑，这正是梯度下降所需要的。",
    ),
    "backprop.code_note.output_delta": (
        "The tutorial's code writes 2(y − ŷ), the opposite sign of ∂L/∂ŷ = 2(ŷ − y), so its "
        "product is −δ2, and every product built from it is minus ours. Because it then adds "
        "d_weights to the weights where we subtract ∂L/∂W, both take the same step. Its "
        "sigmoid_derivative takes the activation ŷ = σ(z), not z: σ′(z) = ŷ(1 − ŷ).",
        "教程的代码写的是 2(y − ŷ)，与 ∂L/∂ŷ = 2(ŷ − y) 符号相反，所以它的乘积是 −δ2，由它得出"
        "的每个乘积也都是我们的相反数。由于它随后把 d_weights 加到权重上，而我们减去 ∂L/∂W，"
        "两者走的是同一步。它的 sigmoid_derivative 接收的是激活值 ŷ = σ(z)，而不是 z："
        "σ′(z) = ŷ(1 − ŷ)。",
    ),
    "backprop.code_note.update": (
        "The tutorial has no learning rate (α = 1) and adds d_weights = −∂L/∂W: the same step "
        "as W − α·∂L/∂W.",
        "教程没有学习率（α = 1），并把 d_weights = −∂L/∂W 加到权重上：与 W − α·∂L/∂W 是同一步。",
    ),
    "backprop.sgd_note": (
        "This page always takes plain gradient-descent steps, whatever optimizer the playground "
        "uses.",
        "无论游乐场使用哪种优化器，本页始终执行普通梯度下降。",
    ),
    "backprop.rounded": (
        "Numbers are rounded to 3 decimals; the exact values are in the box below.",
        "数字保留 3 位小数；精确值见下方折叠框。",
    ),
    "backprop.exact": ("Exact values of this stage", "本阶段的精确数值"),
    "backprop.predictions": ("Predictions now vs targets", "当前预测与目标"),
    "backprop.predictions.caption": ("After {steps} updates.", "已更新 {steps} 次。"),
    "backprop.predictions.caption_tutorial": (
        "After {steps} updates. The tutorial ends near 0.02 / 0.97 / 0.96 / 0.04 after 1000.",
        "已更新 {steps} 次。教程在 1000 次后约为 0.02 / 0.97 / 0.96 / 0.04。",
    ),
    "backprop.nonlinear.title": ("Why a non-linear activation?", "为什么需要非线性激活函数？"),
    "backprop.nonlinear.text": (
        "Three networks trained on XOR for {steps} steps by the same engine. With a linear "
        "hidden layer the whole network is one sigmoid of a linear function of the inputs, "
        "exactly like having no hidden layer, and no straight line separates XOR: the outputs "
        "stay near 0.5. The sigmoid hidden layer bends the boundary and fits it.",
        "用同一引擎在 XOR 上训练 {steps} 步的三个网络。隐藏层为线性时，整个网络只是输入的线性"
        "函数再套一个 sigmoid，和没有隐藏层完全一样，而任何直线都分不开 XOR：输出停在 0.5 附近。"
        "sigmoid 隐藏层能弯曲边界，从而拟合 XOR。",
    ),
    "backprop.nonlinear.target": ("target y", "目标 y"),
    "backprop.nonlinear.sigmoid": ("sigmoid hidden layer", "sigmoid 隐藏层"),
    "backprop.nonlinear.linear": ("linear hidden layer", "线性隐藏层"),
    "backprop.nonlinear.none": ("no hidden layer", "无隐藏层"),
})
