"""Strings of the playground's panels (scenes, replay, your data, view, export) and of the
problems an uploaded CSV file can have (keys csv.*: the English text is nn_core's own message,
nn_core.csv_data.CSV_PROBLEMS; `ui.common.i18n.csv_problem_text` fills it in the page's language).
"""

from types import MappingProxyType

from nn_core.csv_data import CSV_PROBLEMS
from ui.common.strings import problem_strings

_CELL = "第 {row} 行第 {column} 列（{name}）"
_CHINESE = {
    "not_unicode": "文本中含有无效的 Unicode 字符",
    "too_big": "文件大小为 {size:,} 字节；上限是 {limit:,} 字节",
    "not_utf8": "文件不是 UTF-8 文本（是不是电子表格或其他二进制文件？请另存为 CSV）",
    "binary": "文件含有二进制内容（NUL 字节）；请另存为 CSV 文本",
    "empty": "文件是空的",
    "cell_empty": _CELL + "是空的",
    "cell_not_finite": _CELL + "：{cell} 不是有限的数",
    "cell_not_number": _CELL + "：{cell} 不是数字",
    "cell_decimal_comma": _CELL + "：{cell} 不是数字（请用“.”作小数点）",
    "cell_too_large": _CELL + "：{cell} 太大；数值必须在 ±1e6 以内",
    "columns": "第 {row} 行：应有 3 列（x1、x2、标签），用{delimiter}分隔，实际有 {found} 列",
    "too_many_rows": "第 {row} 行：行数太多；最多 {limit:,} 行数据",
    "too_few_rows": "文件只有 {rows} 行数据；至少需要 {needed} 行",
    "one_label": "所有行的标签都相同（{label:g}）；至少需要两种不同的标签",
}

_CSV_STRINGS = {
    **problem_strings("csv", CSV_PROBLEMS, _CHINESE),
    "csv.delimiter.commas": ("commas", "逗号"),
    "csv.delimiter.semicolons": ("semicolons", "分号"),
    "csv.delimiter.tabs": ("tabs", "制表符"),
    "csv.name.x1": ("x1", "x1"),
    "csv.name.x2": ("x2", "x2"),
    "csv.name.label": ("label", "标签"),
}

STRINGS = MappingProxyType({
    **_CSV_STRINGS,
    "section.scene": ("Scenes", "场景"),
    "section.replay": ("Replay", "回放"),
    "section.your_data": ("Your data", "你的数据"),
    "section.export": ("Share and export", "分享与导出"),
    "scene.choose": ("Teaching scene", "教学场景"),
    "scene.choose.help": (
        "Ready-made settings with a short explanation, in lecture order.",
        "按讲课顺序排列的预设，并附有简短说明。",
    ),
    "scene.none": ("— your own settings —", "— 自定义设置 —"),
    "scene.next": ("Next scene", "下一个场景"),
    "scene.next.help": ("Go to the next scene (n).", "进入下一个场景（n 键）。"),
    "replay.empty": ("Train a little to build a timeline.", "先训练一会儿，才会有时间轴。"),
    "replay.timeline": ("Timeline", "时间轴"),
    "replay.timeline.help": (
        "Scrub back through training. Play continues from the present.",
        "拖动查看训练过程中的早期状态。按“播放”会从当前继续训练。",
    ),
    "replay.label": ("epoch {epoch} · step {step}", "第 {epoch} 轮 · 第 {step} 步"),
    "replay.play": ("Replay", "回放"),
    "replay.now": ("Back to now", "回到现在"),
    "replay.banner": (
        "Replaying epoch {epoch} (step {step}). Press Play or 'Back to now' to return.",
        "正在回放第 {epoch} 轮（第 {step} 步）。按“播放”或“回到现在”返回。",
    ),
    "data.click_mode": ("Clicking the boundary chart", "点击决策边界图时"),
    "data.click_mode.help": (
        "Add points of a class where you click, or remove the nearest point. The network "
        "keeps training on the edited data.",
        "在点击处添加某一类的点，或删除最近的点。网络会继续在编辑后的数据上训练。",
    ),
    "data.click_off": ("does nothing", "无操作"),
    "data.click_add": ("adds a class {c} point", "添加类别 {c} 的点"),
    "data.click_remove": ("removes the nearest point", "删除最近的点"),
    "data.upload": ("Upload a CSV (x1, x2, label)", "上传 CSV（x1, x2, 标签）"),
    "data.upload.help": (
        "Comma-separated columns x1, x2, label; header optional; at most 10,000 rows and 1 MB. "
        "Two label values make two classes, 3-10 whole numbers several classes, anything else "
        "regression.",
        "逗号分隔的三列 x1, x2, 标签；表头可有可无；最多 10,000 行、1 MB。标签有两种取值为二分类，"
        "3–10 个整数为多分类，其余为回归。",
    ),
    "data.upload_failed": (
        "That file was not loaded, and your data is unchanged: {reason}",
        "文件未载入，当前数据保持不变：{reason}",
    ),
    "data.upload_done.binary": (
        "Loaded {rows} points (two classes); a new network trains on them.",
        "已载入 {rows} 个点（二分类）；新网络将在这些数据上训练。",
    ),
    "data.upload_done.multiclass": (
        "Loaded {rows} points (several classes); a new network trains on them.",
        "已载入 {rows} 个点（多分类）；新网络将在这些数据上训练。",
    ),
    "data.upload_done.regression": (
        "Loaded {rows} points (regression); a new network trains on them.",
        "已载入 {rows} 个点（回归）；新网络将在这些数据上训练。",
    ),
    "data.use_generated": ("Use generated data again", "改回生成的数据"),
    "data.download": ("Download data (CSV)", "下载数据（CSV）"),
    "export.link": (
        "The address bar always holds every setting: copy it to share this exact run. "
        "The part after the page address:",
        "地址栏始终包含全部设置：复制它即可分享完全相同的训练。页面地址后面的部分：",
    ),
    "export.model": ("Trained network (JSON)", "训练好的网络（JSON）"),
    "export.history": ("Loss history (CSV)", "损失记录（CSV）"),
    "export.predict": ("predict.py (NumPy only)", "predict.py（仅需 NumPy）"),
    "export.animation": ("Animation of the run (HTML)", "训练动画（HTML）"),
    "export.import": ("Continue a saved network (JSON)", "继续训练已保存的网络（JSON）"),
    "export.import.help": (
        "A file saved with 'Trained network (JSON)', at most 1 MB: settings, data and weights "
        "are restored and training continues where it stopped.",
        "用“训练好的网络（JSON）”保存的文件，最大 1 MB：恢复设置、数据和权重，从停下的地方继续"
        "训练。",
    ),
    "export.import_failed": (
        "That file was not loaded, and your run is unchanged: {reason}",
        "文件未载入，当前训练保持不变：{reason}",
    ),
    "export.model_loaded": (
        "Loaded the saved network at epoch {epoch}; press Play to continue.",
        "已载入第 {epoch} 轮保存的网络；按“播放”继续训练。",
    ),
    "view.hide_controls.help": (
        "Hide the sidebar for a simplified view; the link remembers it.",
        "隐藏侧边栏以简化界面；链接会记住这一设置。",
    ),
    "view.show_controls": ("Show controls", "显示控件"),
    "view.leave_presenter": ("Leave presenter mode", "退出演示模式"),
})
