"""Bilingual wording of the calculator: steps, errors and caveats, in one place.

Each message is a pair of templates; `say` fills both and returns a Text, so the engine stays
language-neutral and the caller picks the language at the edge.
"""

from __future__ import annotations

from .policy import Text

_MESSAGES: dict[str, tuple[str, str]] = {
    # steps
    "threshold_met": (
        "{label} {value} {op} {limit}（{phrase}），符合条件。",
        "{label} {value} {op} {limit} ({phrase}): the threshold is met.",
    ),
    "threshold_not_met": (
        "{label} {value} 不满足 {op} {limit}（{phrase}），不符合条件，本项奖励为0。",
        "{label} {value} is not {op} {limit} ({phrase}): not eligible, so this award is 0.",
    ),
    "rate_times_base": (
        "{base_label} {base}元 × {rate}（{rate_phrase}）= {product}元",
        "{rate} ({rate_phrase}) × {base_label} {base} = {product} yuan",
    ),
    "rate_maximum": (
        "文中比例为最高比例，实际比例可能更低。",
        "The text gives this rate as a maximum; the rate granted may be lower.",
    ),
    "above_cap": (
        "{product}元 超过上限 {cap}元（{cap_phrase}）→ {cap}元",
        "{product} is above the cap of {cap} ({cap_phrase}) → {cap}",
    ),
    "within_cap": (
        "{product}元 未超过上限 {cap}元（{cap_phrase}）→ {product}元",
        "{product} is within the cap of {cap} ({cap_phrase}) → {product}",
    ),
    "cap_reached_at": (
        "基数达到 {base}元 时即达到上限。",
        "The cap is reached at a base of {base} yuan.",
    ),
    "no_cap": (
        "文中未公布{what}的资助上限（{rate_phrase}）。",
        "The text publishes no cap for {what} ({rate_phrase}).",
    ),
    "fixed": (
        "{choice}按文中定额：{amount}元（{phrase}）。",
        "{choice}A fixed sum: {amount} yuan ({phrase}).",
    ),
    "cap_only": (
        "{choice}最高 {cap}元（{phrase}）。文中未给出比例或计算方法，估算取上限。",
        "{choice}Up to {cap} yuan ({phrase}). The text gives no rate or method, so the estimate is the cap.",
    ),
    "tiered": (
        "文中规定{basis}分档给予（{tiers_phrase}），但未公布各档标准，估算取上限 {cap}元（{cap_phrase}）。",
        "The text says the award is tiered{basis} ({tiers_phrase}) but publishes no tiers, so the estimate is the cap of {cap} yuan ({cap_phrase}).",
    ),
    "per_unit": (
        "{count} × 每个最高 {cap}元（{unit_phrase}，{cap_phrase}）= {total}元",
        "{count} × up to {cap} yuan each ({unit_phrase}, {cap_phrase}) = {total} yuan",
    ),
    "per_unit_none": ("数量为0，本项奖励为0。", "The count is 0, so this award is 0."),
    "year": ("第{n}年：{step}", "Year {n}: {step}"),
    "years_dropped": (
        "第{first}年起不计（{phrase}）。",
        "Year {first} onwards is not counted ({phrase}).",
    ),
    "years_total": ("{n}年合计：{total}元", "Total for {n} years: {total} yuan"),
    "case_by_case": (
        "{phrase}：逐案研究确定，无法给出金额。",
        "{phrase}: decided case by case; no figure can be given.",
    ),
    "rounded": ("四舍五入到分：{amount}元", "Rounded half-up to the fen: {amount} yuan"),
    # the one-line answer
    "headline_exact": ("可获 {amount}元（{wan}）", "Exactly {amount} yuan ({wan})"),
    "headline_upper": ("最高可获 {amount}元（{wan}）", "Up to {amount} yuan ({wan})"),
    "headline_none": ("一事一议：无法给出金额", "Case by case: no figure can be given"),
    "headline_not_eligible": ("不符合条件：0元", "Not eligible: 0 yuan"),
    # input errors: shown next to the field, or after the input's name on the command line
    "missing": ("请填写此项。", "This input is required."),
    "unknown_input": (
        "本项奖励没有此输入项；可用的输入项：{names}。",
        "award {award} has no such input; it takes: {names}.",
    ),
    "no_inputs": ("本项奖励没有输入项。", "award {award} takes no inputs."),
    "not_number": ("应为数字，例如 {example}。", "must be a number, such as {example}."),
    "negative": ("不能为负数。", "cannot be negative."),
    "too_many_decimals": ("最多保留两位小数（到分）。", "takes at most two decimal places (fen)."),
    "too_large": ("不能超过 {limit}。", "cannot be more than {limit}."),
    "not_whole": ("应为整数，例如 {example}。", "must be a whole number, such as {example}."),
    "bad_choice": ("应为以下之一：{choices}。", "must be one of: {choices}."),
    "empty_list": (
        "请至少填写一个金额，多个金额用逗号分隔。",
        "enter at least one amount; separate several with commas.",
    ),
    "list_too_long": ("最多填写 {limit} 项。", "takes at most {limit} amounts."),
    "list_item": ("第{n}项{problem}", "item {n} {problem}"),
    "unknown_question": (
        "没有这个问题；可回答的问题：{names}。",
        "is not a question; the questions are: {names}.",
    ),
    # why the finder left an award out
    "finder_not_legal_person": (
        "第一章规定本措施适用于“{phrase}”的机构；您的回答是“否”。",
        "Chapter 1 applies these measures to organisations that are “{phrase}”. {question} "
        "You answered no.",
    ),
    "finder_kind": (
        "条文写明了申请对象（“{phrase}”）：仅限{kinds}；您的机构是{kind}。",
        "The clause names who may apply (“{phrase}”): {kinds} only; your organisation is: {kind}.",
    ),
    "finder_domain": (
        "第{measure}条属于{domains}；您选择的是{chosen}。",
        "Measure {measure} belongs to: {domains}; you chose: {chosen}.",
    ),
    "finder_activity": (
        "本项奖励支持的是：{activities}；您没有选择这些活动。",
        "This award funds: {activities}; you chose none of these.",
    ),
    # the combined sheet
    "sheet_total": (
        "各项上限之和：{amount}元（{wan}）",
        "Sum of the upper bounds: {amount} yuan ({wan})",
    ),
    "sheet_total_label": ("各项上限之和（不构成承诺）", "Sum of the upper bounds (not a promise)"),
    "sheet_not_promise": (
        "合计只是各项估算上限的简单相加，不构成承诺：每项奖励由主管部门分别审核、核定，实际金额可能更低或为零。",
        "The total only adds up the upper bounds of the estimates; it is not a promise. Each award "
        "is assessed and decided separately by the competent authority, and the amount granted "
        "may be lower, or nothing.",
    ),
    "sheet_no_double_benefit": (
        "附则规定：“{rule}”申请前请确认这些奖励与您已享受的其他市级优惠措施不属于同类。",
        "The supplementary provisions say: “{rule}” (原文：“{rule_zh}”) Before applying, check "
        "that none of these awards is of the same kind as another municipal benefit you already "
        "receive.",
    ),
    "sheet_same_project": (
        "{entries}是同一项目“{project}”。原文没有说明同一项目能否同时按本措施的不同条款获得资助，请向主管部门确认后再把它们一起计算。",
        "Entries {entries} are the same project, “{project}”. The text does not say whether one "
        "project can be funded under more than one of these measures; ask the competent "
        "authority before counting them together.",
    ),
    "sheet_projects_unknown": (
        "如果其中几项是同一项目，请注意：原文没有说明同一项目能否同时按本措施的不同条款获得资助。为每项填写项目名称，测算表会标出同一项目。",
        "If some of these entries are the same project, note that the text does not say whether "
        "one project can be funded under more than one of these measures. Name each entry’s "
        "project and the sheet will point out entries for the same one.",
    ),
    "sheet_no_figure": (
        "{awards}无法给出金额（一事一议），未计入合计。",
        "{awards}: no figure can be given (case by case), so not in the total.",
    ),
    "sheet_incomplete": (
        "第{entries}项的输入有误或未填写完整，未计入合计。",
        "Not in the total, because figures are missing or wrong: entry {entries}.",
    ),
    "sheet_not_list": (
        "应为一组条目，每项含 award、inputs，可选 project。",
        "must be a list of entries, each with award, inputs and optionally project.",
    ),
    "sheet_too_long": ("最多 {limit} 项。", "takes at most {limit} entries."),
    "unknown_award": (
        "没有编号为“{award}”的奖励；可用编号：{ids}。",
        "there is no award '{award}'; award ids are: {ids}.",
    ),
}


def say(key: str, **values: object) -> Text:
    """Fill both templates; a Text value gives each language its own words."""
    zh, en = _MESSAGES[key]

    def pick(lang: str) -> dict[str, object]:
        return {k: v(lang) if isinstance(v, Text) else v for k, v in values.items()}

    return Text(zh=zh.format(**pick("zh")), en=en.format(**pick("en")))
