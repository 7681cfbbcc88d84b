"""Strings of the "Gradient check" page (keys: gradcheck.*)."""

from types import MappingProxyType

STRINGS = MappingProxyType({
    "gradcheck.title": ("Gradient check", "梯度检验"),
    "gradcheck.intro": (
        "Is backpropagation right? Nudge every weight a tiny step h up and down, measure how "
        "the loss changes, and compare that slope with the gradient backpropagation computed.",
        "反向传播算对了吗？把每个权重上下微调一小步 h，测量损失的变化，再把这个斜率与反向传播"
        "算出的梯度进行比较。",
    ),
    "gradcheck.source": ("Network", "网络"),
    "gradcheck.source.playground": ("The playground's network", "游乐场中的网络"),
    "gradcheck.source.tutorial": ("Tutorial: XOR, 3-4-1 sigmoid", "教程：XOR，3-4-1 sigmoid"),
    "gradcheck.samples": ("Training points used", "使用的训练点数"),
    "gradcheck.samples.help": (
        "The check uses the loss on the first k training points.",
        "检验使用前 k 个训练点上的损失。",
    ),
    "gradcheck.no_playground": (
        "The playground has not run in this session yet, so this is a network with the "
        "playground's current settings.",
        "本次会话中游乐场尚未运行，因此这里使用按游乐场当前设置新建的网络。",
    ),
    "gradcheck.network": ("Network: {sizes}, activations {acts}, loss {loss}, {n} parameters.",
                          "网络：{sizes}，激活函数 {acts}，损失 {loss}，共 {n} 个参数。"),
    "gradcheck.broken": ("Use a wrong activation derivative (demo bug)",
                         "使用错误的激活函数导数（演示错误）"),
    "gradcheck.broken.help": (
        "Backpropagation with g′(z) computed as g(z), e.g. σ(z) instead of σ(z)(1 − σ(z)). "
        "The engine itself is not changed: this page runs its own deliberately wrong backprop.",
        "反向传播时把 g′(z) 算成 g(z)，例如用 σ(z) 代替 σ(z)(1 − σ(z))。引擎本身不变："
        "本页运行一个故意写错的反向传播。",
    ),
    "gradcheck.broken.on": (
        "Demo bug is on: the analytic gradients come from a backprop that uses g(z) where "
        "g′(z) belongs.",
        "演示错误已开启：解析梯度来自一个在该用 g′(z) 的地方用了 g(z) 的反向传播。",
    ),
    "gradcheck.broken.no_effect": (
        "This network has no layer where the demo bug changes anything (no hidden layer and a "
        "softmax output). Add a hidden layer in the playground or use the tutorial network.",
        "这个网络中没有演示错误能影响的层（没有隐藏层且输出为 softmax）。请在游乐场中添加隐藏层，"
        "或使用教程网络。",
    ),
    "gradcheck.verdict.pass": (
        "Pass: every gradient agrees with finite differences (largest relative error {max} < "
        "{threshold}).",
        "通过：所有梯度都与有限差分一致（最大相对误差 {max} < {threshold}）。",
    ),
    "gradcheck.verdict.pass_resolution": (
        "Pass: every gradient agrees with finite differences. The largest relative error, {max}, "
        "is only where both gradients are so small that they differ by less than {resolution}, "
        "below what finite differences can resolve.",
        "通过：所有梯度都与有限差分一致。最大相对误差 {max} 只出现在两个梯度都极小、差值小于 "
        "{resolution} 的地方，低于有限差分的分辨能力。",
    ),
    "gradcheck.verdict.fail": (
        "Fail: {failing} of {total} gradient entries disagree with finite differences (largest "
        "relative error {max} ≥ {threshold}). Backpropagation has a bug.",
        "未通过：{total} 个梯度分量中有 {failing} 个与有限差分不一致（最大相对误差 {max} ≥ "
        "{threshold}）。反向传播有错误。",
    ),
    "gradcheck.verdict.kink": (
        "Pass with isolated exceptions: {failing} of {total} entries disagree (largest {max}), "
        "and for some points a ReLU unit's z is at or right next to its kink z = 0, where the "
        "slope jumps: nudging a weight moves z across the kink, so the finite difference mixes "
        "both slopes. That is not a bug.",
        "基本通过，仅有个别例外：{total} 个分量中有 {failing} 个不一致（最大 {max}），而对某些点，"
        "有 ReLU 单元的 z 正好落在折点 z = 0 上或紧挨着它。斜率在折点处突变：微调权重会让 z 越过"
        "折点，有限差分因此混合了两侧的斜率。这不是错误。",
    ),
    "gradcheck.table": ("Relative error per parameter array", "各参数数组的相对误差"),
    "gradcheck.col.parameter": ("parameter", "参数"),
    "gradcheck.col.shape": ("shape", "形状"),
    "gradcheck.col.max_error": ("max relative error", "最大相对误差"),
    "gradcheck.col.failing": ("failing", "不一致数"),
    "gradcheck.col.ok": ("ok", "通过"),
    "gradcheck.heatmap": ("Where the disagreement sits", "不一致出现在哪里"),
    "gradcheck.heatmap.caption": (
        "Each cell is one weight or bias; the number is log10 of its relative error. Blue: "
        "below the threshold 10^{exp}; orange to red: above it. Hover for the two gradients.",
        "每个格子是一个权重或偏置；数字是其相对误差的 log10。蓝色：低于阈值 10^{exp}；橙到红："
        "高于阈值。悬停可查看两个梯度值。",
    ),
    "gradcheck.worst": (
        "Worst entry: {name}{index}: backprop {analytic}, finite differences {numeric}.",
        "最差分量：{name}{index}：反向传播 {analytic}，有限差分 {numeric}。",
    ),
    "gradcheck.largest": (
        "Largest relative error at {name}{index}: backprop {analytic}, finite differences "
        "{numeric}.",
        "相对误差最大处 {name}{index}：反向传播 {analytic}，有限差分 {numeric}。",
    ),
    "gradcheck.about": ("How to read it", "如何解读"),
    "gradcheck.about.text": (
        "In float64 with h = 1e-5 the centred difference is accurate to about 1e-10, so correct "
        "gradients give relative errors near 1e-8 or smaller; a bug gives errors near 1. The "
        "threshold here is {threshold}. Very small gradients (deep networks) can show a large "
        "relative error from rounding alone, so an entry only fails when the two values also "
        "differ by at least {resolution} (≈ in the map). ReLU and leaky ReLU have a kink at "
        "z = 0, where they have no derivative: when a unit's z is exactly 0 or very close to it "
        "for some point (for example a point at the origin with zero biases), a few entries may "
        "show large errors although the code is right. Dead units are not the cause: their z "
        "is below 0 for every point, not at the kink.",
        "在 float64 下取 h = 1e-5，中心差分的精度约为 1e-10，所以正确的梯度相对误差约为 1e-8 "
        "或更小；有错误时误差接近 1。这里的阈值是 {threshold}。很小的梯度（深层网络）仅因舍入就可能"
        "有较大的相对误差，因此只有当两个值之差也至少为 {resolution} 时才算不一致（图中标为 ≈）。"
        "ReLU 和 leaky ReLU 在 z = 0 处有一个折点，在该点不可导：当某个单元对某个点的 z 恰好为 0 "
        "或非常接近 0 时（例如偏置为零时位于原点的点），即使代码正确，也可能有少数分量误差较大。"
        "死亡单元不是原因：它们对每个点的 z 都小于 0，并不在折点上。",
    ),
})
