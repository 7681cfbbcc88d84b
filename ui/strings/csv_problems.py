"""Problems with an uploaded CSV file (keys: csv.*). The English text is nn_core's own message
(nn_core.csv_data.CSV_PROBLEMS); the page shows it in its language via `ui.i18n.csv_problem_text`.
"""

from types import MappingProxyType

from nn_core.csv_data import CSV_PROBLEMS

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

STRINGS = MappingProxyType({
    **{f"csv.{code}": (english, _CHINESE[code]) for code, english in CSV_PROBLEMS.items()},
    "csv.delimiter.commas": ("commas", "逗号"),
    "csv.delimiter.semicolons": ("semicolons", "分号"),
    "csv.delimiter.tabs": ("tabs", "制表符"),
    "csv.column.x1": ("x1", "x1"),
    "csv.column.x2": ("x2", "x2"),
    "csv.column.label": ("label", "标签"),
})
