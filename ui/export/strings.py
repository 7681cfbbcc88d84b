"""Strings of the exported files (keys: export.*), e.g. the standalone training animation, and
the problems an imported model file can have (keys model.<code>: the English text is the
problem's own message, nn_core.serialize.MODEL_PROBLEMS and MODEL_FILE_PROBLEMS; words among
the values under model.<value name>.<value>; `ui.common.i18n.problem_text` fills them in)."""

from types import MappingProxyType

from nn_core.serialize import MODEL_PROBLEMS
from ui.common.strings import problem_strings
from ui.export.model_problems import MODEL_FILE_PROBLEMS

_PARAMS_MISMATCH = "参数与网络不符："
_NOT_JSON = "模型文件不是有效的 JSON"
_CHINESE = {
    # nn_core: the network's description
    "unknown_name": "未知的{what} {value!r}；可选：{choices}",
    "softmax_hidden": "'softmax' 只能用作输出层的激活函数；隐藏层可选：{choices}",
    "loss_output": "损失函数 {loss!r} 需要输出层激活函数 {needed!r}，而不是 {found!r}",
    "softmax_loss": "输出层激活函数 'softmax' 只能与损失函数 'ce' 一起使用",
    "hidden_count": "hidden_activations 需要 {needed} 个名称（每个隐藏层一个），实际有 {found} 个",
    "reg_rate_type": "正则化率必须是数字，而不是 {value!r}",
    "reg_rate_range": "正则化率必须是有限的数且 >= 0，实际为 {value}",
    "sizes_not_list": "sizes 必须是各层宽度的列表，例如 [2, 4, 1]",
    "sizes_short": "sizes 至少需要输入层和输出层的宽度，例如 [2, 1]",
    "too_many_hidden": "最多支持 {limit} 个隐藏层，实际有 {found} 个",
    "size_not_int": "sizes[{index}] 必须是整数，而不是 {value!r}",
    "size_range": "sizes[{index}] 必须在 1 到 {limit} 之间，实际为 {value}",
    "not_a_dict": "网络数据必须是字典，而不是{type}",
    "data_missing": "网络数据缺少键：{keys}",
    "net_format": "未知的格式 {found!r}；应为 {expected!r}",
    "net_version": "不支持的版本 {found!r}；应为 {expected}",
    "config_not_dict": "'config' 必须是字典",
    "params_not_dict": "'params' 必须是字典",
    "config_missing": "config 缺少键：{keys}",
    "config_unknown": "config 含有未知的键：{keys}",
    "config_sizes": "config 中的 'sizes' 必须是整数列表",
    "config_bias": "config 中的 'bias' 必须是 true 或 false",
    "too_many_params": "网络有 {count} 个参数；最多允许 {limit} 个",
    "config_text": "config 中的 {name!r} 必须是字符串",
    "config_hidden": "config 中的 'hidden_activations' 必须是 null 或名称列表",
    "config_seed": "config 中的 'seed' 必须是非负整数或 null",
    "config_invalid": "配置无效（{reason}）",
    "params_missing": _PARAMS_MISMATCH + "缺少 {missing}",
    "params_unexpected": _PARAMS_MISMATCH + "多出 {unexpected}",
    "params_missing_unexpected": _PARAMS_MISMATCH + "缺少 {missing}；多出 {unexpected}",
    "param_not_list": "参数 {name!r} 必须是由数字组成的（嵌套）列表",
    "param_ragged": "参数 {name!r} 的各行长短不一或格式有误（{reason}）",
    "param_not_numbers": "参数 {name!r} 只能包含数字",
    "param_shape": "参数 {name!r} 的形状为 {found}，应为 {expected}",
    "param_not_finite": "参数 {name!r} 中含有 NaN 或无穷大",
    # the model file
    "file_not_unicode": "模型文件中含有无效的 Unicode 字符",
    "file_too_big": "模型文件大小为 {size:,} 字节；上限是 {limit:,} 字节",
    "file_not_utf8": "模型文件不是 UTF-8 文本",
    "json_syntax": _NOT_JSON + "（{syntax}：第 {line} 行第 {column} 列，字符位置 {char}）",
    "json_constant": _NOT_JSON + "（{constant} 不是数字）",
    "json_not_read": _NOT_JSON + "（{reason}）",
    "file_not_object": "模型文件必须是一个 JSON 对象",
    "file_format": "这不是游乐场的模型文件（format 必须是 {expected!r}）",
    "file_version": "不支持的模型文件版本 {found!r}；应为 {expected}",
    "part_not_object": "{part}必须是 JSON 对象",
    "part_missing": "{part}缺少 {keys}",
    "part_unknown": "{part}含有未知的条目：{keys}",
    "settings_not_object": "'settings' 必须是 JSON 对象（设置名 -> 文本）",
    "unknown_setting": "未知的设置 {name!r}",
    "setting_not_text": "设置 {name!r} 必须是文本，而不是{type}",
    "settings_missing": "设置中缺少 {names}",
    "setting_invalid": "设置 {name!r} 无效：{reason}",
    "numbers_list": "{field} 必须是最多 {limit:,} 个数字的列表",
    "numbers_only": "{field} 只能包含数字，但其中有 {value}",
    "numbers_range": "{field} 中有超出范围的值（|值| <= {limit:g}）",
    "dataset_kind": "数据集的 kind 必须是以下之一：{kinds}",
    "dataset_classes": "数据集的 n_classes 必须是 1 到 {limit} 之间的整数",
    "dataset_name": "数据集的 name 必须是简短的文本",
    "dataset_points": "数据集的 X 必须是包含 1 到 {limit:,} 个点 [x1, x2] 的列表",
    "dataset_point": "数据集 X 中的每个点都必须是列表 [x1, x2]",
    "dataset_lengths": "数据集的 y 必须每个点一个标签，domain 必须是 4 个数",
    "multiclass_whole": "多分类的标签必须是整数",
    "dataset_invalid": "数据集无效：{reason}",
    "network_invalid": "网络无效：{reason}",
    "counter_range": "run 中的 {name} 必须是 0 到 {limit:g} 之间的整数",
    "settings_misfit": "设置与数据不匹配：{reason}",
    "network_mismatch": "网络的{aspect}（{found}）与设置不符（根据输入特征、隐藏层和输出应为 "
                        "{wanted}）",
}

# Values that are words: value name -> {English value: Chinese}. Names of code (keys, settings,
# activations) are shown as they are.
_WORDS = {
    "what": {"activation": "激活函数", "loss": "损失函数", "init": "权重初始化方式",
             "regularization": "正则化方式", "dtype": "数值类型"},
    "type": {"str": "文本", "int": "整数", "float": "小数", "bool": "布尔值", "list": "列表",
             "dict": "字典", "NoneType": "空值 null"},
    "part": {"the model file": "模型文件", "'dataset'": "“dataset”部分", "'run'": "“run”部分"},
    "field": {"dataset X": "数据集的 X", "dataset y": "数据集的 y",
              "dataset domain": "数据集的 domain"},
    "aspect": {"layer sizes": "各层大小", "activations": "激活函数", "loss functions": "损失函数",
               "biases": "偏置", "number type": "数值类型"},
    # the JSON reader's words (json.JSONDecodeError.msg)
    "syntax": {
        "Expecting value": "此处缺少值",
        "Expecting ',' delimiter": "此处缺少逗号 ','",
        "Expecting ':' delimiter": "此处缺少冒号 ':'",
        "Expecting property name enclosed in double quotes": "此处应为用双引号括起来的键名",
        "Unterminated string starting at": "字符串没有结束，它从这里开始",
        "Invalid control character at": "含有无效的控制字符，如未转义的制表符或换行",
        "Invalid \\escape": "无效的反斜杠转义",
        "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
        "Extra data": "JSON 结束后还有多余的内容",
        "Unexpected UTF-8 BOM (decode using utf-8-sig)":
            "文件开头有 UTF-8 BOM 标记，请另存为不带 BOM 的 UTF-8",
        "Illegal trailing comma before end of object": "对象结尾前有多余的逗号",
        "Illegal trailing comma before end of array": "数组结尾前有多余的逗号",
    },
}

STRINGS = MappingProxyType({
    "export.animation.title": (
        "Decision boundary while training: {dataset}",
        "训练过程中的决策边界：{dataset}",
    ),
    "export.animation.play": ("▶ Play", "▶ 播放"),
    "export.animation.pause": ("❚❚ Pause", "❚❚ 暂停"),
    "export.animation.epoch": ("epoch ", "轮次 "),
    **problem_strings("model", {**MODEL_PROBLEMS, **MODEL_FILE_PROBLEMS}, _CHINESE),
    **{f"model.{name}.{english}": (english, chinese)
       for name, words in _WORDS.items() for english, chinese in words.items()},
})
