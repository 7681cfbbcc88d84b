"""Strings of the "Compare runs" page (keys: compare.*)."""

from types import MappingProxyType

STRINGS = MappingProxyType({
    "compare.title": ("Compare runs side by side", "并排对比训练"),
    "compare.intro": (
        "Two to four networks learn the same data from the same starting weights and differ in "
        "one setting only. They train in lockstep, epoch by epoch, so any difference you see "
        "comes from that one setting. The other settings are the playground's.",
        "两到四个网络从相同的初始权重出发学习同一份数据，只有一个设置不同。它们逐轮同步训练，"
        "所以看到的任何差别都来自这一个设置。其余设置取自游乐场。",
    ),
    "compare.variable": ("Setting to vary", "要改变的设置"),
    "compare.variable.help": (
        "The one setting in which the runs differ. Everything else comes from the playground.",
        "各次训练之间唯一不同的设置。其他设置都取自游乐场。",
    ),
    "compare.var.learning_rate": ("Learning rate", "学习率"),
    "compare.var.activation": ("Hidden activation", "隐藏层激活函数"),
    "compare.var.neurons": ("Neurons per hidden layer", "每个隐藏层的神经元数"),
    "compare.var.batch_size": ("Batch size", "批大小"),
    "compare.var.optimizer": ("Optimizer", "优化器"),
    "compare.var.reg_rate": ("Regularization rate", "正则化率"),
    "compare.short.learning_rate": ("η = {value}", "η = {value}"),
    "compare.short.activation": ("{value}", "{value}"),
    "compare.short.neurons": ("{value} neurons", "{value} 个神经元"),
    "compare.short.batch_size": ("batch {value}", "批大小 {value}"),
    "compare.short.optimizer": ("{value}", "{value}"),
    "compare.short.reg_rate": ("λ = {value}", "λ = {value}"),
    "compare.values": ("Values to compare (2 to 4)", "要对比的取值（2 到 4 个）"),
    "compare.values.help": (
        "Each value gets its own run, chart and row in the table.",
        "每个取值对应一次训练、一张图和表格中的一行。",
    ),
    "compare.pick_values": (
        "Pick 2 to 4 different values to compare.", "请选择 2 到 4 个不同的取值进行对比。"
    ),
    "compare.target": ("Target loss", "目标损失"),
    "compare.target.help": (
        "The table reports when each run's training loss first fell to this value.",
        "表格会给出每次训练的训练损失第一次降到该值的时刻。",
    ),
    "compare.epochs_per_frame": ("Epochs per frame", "每帧训练轮数"),
    "compare.epochs_per_frame.help": (
        "How many epochs every run trains between two pictures while playing; Step trains this "
        "many once.",
        "播放时，两帧之间每个网络都训练所选的轮数；“单步”也训练这么多轮。",
    ),
    "compare.log_loss": ("Log scale", "对数坐标"),
    "compare.play.help": (
        "Train all runs together (space).", "所有网络一起训练（空格键）。"
    ),
    "compare.step.help": (
        "Train every run by the chosen number of epochs (→).", "每个网络都训练所选的轮数（→ 键）。"
    ),
    "compare.reset.help": (
        "Start all runs again from the same initial weights.", "所有训练从相同的初始权重重新开始。"
    ),
    "compare.counter.epoch": ("Epoch", "轮次"),
    "compare.counter.live": ("Runs training", "正在训练"),
    "compare.counter.of": ("{live} of {total}", "{live} / {total}"),
    "compare.same_start": (
        "Same data, same weight seed {seed}: the runs start from identical weights.",
        "相同的数据、相同的权重种子 {seed}：各次训练从完全相同的权重开始。",
    ),
    "compare.same_seed": (
        "Same data, same weight seed {seed}; the architectures differ, so the weights do too.",
        "相同的数据、相同的权重种子 {seed}；网络结构不同，所以初始权重也不同。",
    ),
    "compare.no_hidden": (
        "The playground's network has no hidden layer, so the hidden activation changes nothing.",
        "游乐场的网络没有隐藏层，因此隐藏层激活函数不会产生任何影响。",
    ),
    "compare.reg_note": (
        "Regularization kind for all runs: {kind}.", "所有训练使用的正则化类型：{kind}。"
    ),
    "compare.batch_note": (
        "Batch sizes above the {n} training points mean full-batch training.",
        "大于 {n} 个训练点的批大小即为全批量训练。",
    ),
    "compare.loss_title": ("Training loss", "训练损失"),
    "compare.boundaries": ("Decision boundaries", "决策边界"),
    "compare.summary": ("Summary", "汇总"),
    "compare.all_diverged": (
        "Every run has diverged. Press Reset to start again.",
        "所有训练都已发散。按“重置”重新开始。",
    ),
    "compare.diverged_mark": ("{label} (diverged)", "{label}（已发散）"),
    "compare.col.run": ("Run", "运行"),
    "compare.col.train_loss": ("Train loss", "训练损失"),
    "compare.col.test_loss": ("Test loss", "测试损失"),
    "compare.col.train_acc": ("Train accuracy", "训练准确率"),
    "compare.col.test_acc": ("Test accuracy", "测试准确率"),
    "compare.col.epoch": ("Epochs", "轮次"),
    "compare.col.steps": ("Steps", "步数"),
    "compare.col.reached": ("Reached target at", "达到目标于"),
    "compare.col.status": ("Status", "状态"),
    "compare.reached": ("epoch {epoch:g} (step {steps})", "第 {epoch:g} 轮（第 {steps} 步）"),
    "compare.not_reached": ("not reached", "未达到"),
    "compare.status.training": ("training", "训练中"),
    "compare.status.diverged": ("diverged at step {step}: {what} (learning rate {lr})",
                                "第 {step} 步发散：{what}（学习率 {lr}）"),
    "compare.fig.epoch": ("epoch", "轮次"),
    "compare.fig.loss": ("loss", "损失"),
})
