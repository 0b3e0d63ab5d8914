"""Bilingual wording of the calculator: steps, errors and caveats, in one place.

Each message is a pair of templates; `say` fills both and returns a Text, so the engine stays
language-neutral and the caller picks the language at the edge.
"""

from __future__ import annotations

from .text import Text

_MESSAGES: dict[str, tuple[str, str]] = {
    # steps
    "threshold_met": (
        "{label} {value} {op} {limit}（{phrase}），符合条件。",
        "{label} {value} {op} {limit}: the threshold is met.",
    ),
    "threshold_not_met": (
        "{label} {value} 不满足 {op} {limit}（{phrase}），不符合条件，本项奖励为0。",
        "{label} {value} is not {op} {limit}: not eligible, so this award is 0.",
    ),
    "rate_times_base": (
        "{base_label} {base}元 × {rate}（{rate_phrase}）= {product}元",
        "{rate} × {base_label} {base} = {product} yuan",
    ),
    "rate_maximum": (
        "文中比例为最高比例，实际比例可能更低。",
        "The text gives this rate as a maximum; the rate granted may be lower.",
    ),
    "above_cap": (
        "{product}元 超过上限 {cap}元（{cap_phrase}）→ {cap}元",
        "{product} is above the cap of {cap} → {cap}",
    ),
    "within_cap": (
        "{product}元 未超过上限 {cap}元（{cap_phrase}）→ {product}元",
        "{product} is within the cap of {cap} → {product}",
    ),
    "cap_reached_at": (
        "基数达到 {base}元 时即达到上限。",
        "The cap is reached at a base of {base} yuan.",
    ),
    "no_cap": (
        "文中未公布{what}的资助上限（{rate_phrase}）。",
        "The text publishes no cap for {what}.",
    ),
    "fixed": (
        "{choice}按文中定额：{amount}元（{phrase}）。",
        "{choice}A fixed sum: {amount} yuan.",
    ),
    "cap_only": (
        "{choice}最高 {cap}元（{phrase}）。文中未给出比例或计算方法，估算取上限。",
        "{choice}Up to {cap} yuan. The text gives no rate or method, so the estimate is the cap.",
    ),
    "tiered": (
        "文中规定{by}分档{funded}（{tiers_phrase}），但未公布各档标准，估算取上限 {cap}元（{cap_phrase}）。",
        "The text says the award is tiered{by}{funded}, but publishes no tiers, so the estimate is the cap of {cap} yuan.",
    ),
    "per_unit": (
        "{count} × 每个最高 {cap}元（{unit_phrase}，{cap_phrase}）= {total}元",
        "{count} × up to {cap} yuan each = {total} yuan",
    ),
    "per_unit_none": ("数量为0，本项奖励为0。", "The count is 0, so this award is 0."),
    "year": ("第{n}年：{step}", "Year {n}: {step}"),
    "years_dropped": (
        "第{first}年起不计（{phrase}）。",
        "Year {first} onwards is not counted: the text grants it for {years} years at most.",
    ),
    "years_total": ("{n}年合计：{total}元", "Total for {n} years: {total} yuan"),
    "case_by_case": (
        "{phrase}：逐案研究确定，无法给出金额。",
        "Decided case by case; no figure can be given.",
    ),
    "rounded": ("四舍五入到分：{amount}元", "Rounded half-up to the fen: {amount} yuan"),
    # the one-line answer
    "headline_exact": ("可获 {amount}元{sized}", "Exactly {amount} yuan{sized}"),
    "headline_upper": ("最高可获 {amount}元{sized}", "Up to {amount} yuan{sized}"),
    "headline_rate": (
        "按文中比例计：{amount}元{sized}，文中未写明上限",
        "At the text's rate: {amount} yuan{sized}; the text names no cap",
    ),
    "headline_none": ("一事一议：无法给出金额", "Case by case: no figure can be given"),
    # an award whose figure a later version is known to drop: its standing leads
    "standing_removed": ("{label}已删去本项奖励。", "Removed in the {label}."),
    "standing_no_figure": (
        "{label}未给出本项的金额。",
        "The {label} gives no figure for this award.",
    ),
    "standing_draft_figure": ("{label}中：{headline}", "In the {label}: {headline}"),
    # the same, in the tables that list awards
    "in_version": ("{label}：{text}", "In the {label}: {text}"),
    "most_removed": (
        "{label}已删去（{draft}：{most}）",
        "Removed in the {label} (in the {draft}: {most})",
    ),
    "most_no_figure": (
        "{label}未给出金额（{draft}：{most}）",
        "No figure in the {label} (in the {draft}: {most})",
    ),
    "headline_not_eligible": ("不符合条件：0元", "Not eligible: 0 yuan"),
    "headline_check": (
        "按所填数字为 0元：请先核对所填数字",
        "0 yuan as the figures stand: check them first",
    ),
    # how figures may be written, said under every field of the type (page, `list`)
    "hint_money": (
        "可写 5000万、5千万、0.5亿、伍仟万元整 或 50,000,000；不写单位即按元计。",
        "Type 50,000,000 or 50 million, or 5000万 (× 10,000 yuan) or 0.5亿 (× 100,000,000 "
        "yuan); with no unit, yuan.",
    ),
    "hint_money_list": (
        "每年一个金额，每行一个（可直接粘贴 Excel 的一行或一列），或用分号、顿号分隔，例如：1000万；1200万；1500万。",
        "One amount a year: one a line (a row or a column pasted from Excel works as it is), or "
        "separated by semicolons, such as 10,000,000; 12,000,000; 15,000,000.",
    ),
    # input errors: shown next to the field, or after the input's name on the command line
    "missing": ("请填写此项。", "This input is required."),
    "unknown_input": (
        "本项奖励没有此输入项；可用的输入项：{names}。",
        "award {award} has no such input; it takes: {names}.",
    ),
    "no_inputs": ("本项奖励没有输入项。", "award {award} takes no inputs."),
    "not_number": ("应为数字，例如 {example}。", "must be a number, such as {example}."),
    "negative": ("不能为负数。", "cannot be negative."),
    "too_long": ("太长了（最多 {limit} 个字符）。", "is too long (at most {limit} characters)."),
    "scientific": (
        "“{text}”是科学记数法：请直接写出金额，例如 50,000,000 或 5000万。",
        "“{text}” is scientific notation: write the amount out, such as 50,000,000 or 5000万.",
    ),
    "bad_unit": (
        "“{text}”的单位无法识别：金额可以不写单位（按元计），或写 元、万（w）、千万、亿、人民币。",
        "the unit of “{text}” is not understood: write an amount in yuan with no unit, or with "
        "million, billion, k, 万 (× 10,000), 亿 (× 100,000,000), yuan or RMB.",
    ),
    "several_amounts": (
        "“{text}”像是几个金额（{pieces}）；此项只填一个金额。",
        "“{text}” looks like several amounts ({pieces}); this input takes one amount.",
    ),
    "bad_grouping": (
        "“{text}”无法读作一个金额：千位分隔符（逗号或空格）后应正好是三位数字，例如 50,000,000；"
        "按万分节的写法（如 5000,0000）请写成 5000万。",
        "“{text}” cannot be read as one amount: a thousands separator (a comma or a space) must "
        "be followed by exactly three digits, as in 50,000,000.",
    ),
    "too_many_decimals_read": (
        "“{text}”读作 {value}元；金额最多到分（两位小数）。",
        "“{text}” reads as {value} yuan; amounts go to the fen at most (two decimal places).",
    ),
    "ambiguous_comma": (
        "第{n}项“{text}”无法确定：逗号后正好是三位数字时读作千位分隔符，其余的逗号可能是在分隔不同年份。"
        "若是几年的金额（{pieces}），请每年一行，或用分号、顿号分隔。",
        "item {n}, “{text}”, is ambiguous: a comma followed by exactly three digits is a "
        "thousands separator, and the other commas may separate years. If these are several "
        "years' amounts ({pieces}), put each on its own line or separate them with semicolons.",
    ),
    "small_amount": (
        "您填写的是 {value}元，而条文中与之对应的金额以万元计（“{phrase}”）。是否指 {meant_wan}"
        "（{meant}元）？如是，请填写“{typed}万”。",
        "You entered {value} yuan, while the clause's figure it is measured against is "
        "{figure} yuan. Did you mean {meant} yuan ({typed} × 10,000)? If so, type {meant} or "
        "{typed}万.",
    ),
    "percent_fraction": (
        "您填写的是 {value}%。电子表格把 {meant}% 存作 {value}：是否指 {meant}%？如是，请填写“{meant}%”。",
        "You entered {value}%. A spreadsheet stores {meant}% as {value}: did you mean {meant}%? "
        "If so, type {meant}%.",
    ),
    "zero_input": (
        "您填写的是 0：按 0 计算，本项估算为 0元。若数字尚未确定，请填写实际数字后再看结果。",
        "You entered 0: with 0, this estimate is 0 yuan. If the figure is not known yet, enter "
        "it once it is.",
    ),
    "list_split": (
        "“{text}”读作一年 {value}元；若是{n}年（{pieces}），请每年一行，或用分号分隔。",
        "“{text}” is read as one year of {value} yuan; if it is {n} years ({pieces}), put each "
        "year on its own line or separate them with semicolons.",
    ),
    "repeated_input": (
        "重复填写了此项（{values}）；每项只填一次。",
        "is given more than once ({values}); give each input once.",
    ),
    "too_large": ("不能超过 {limit}。", "cannot be more than {limit}."),
    "not_whole": ("应为整数，例如 {example}。", "must be a whole number, such as {example}."),
    "bad_choice": ("应为以下之一：{choices}。", "must be one of: {choices}."),
    "empty_list": (
        "请至少填写一个金额；各年金额每年一行，或用分号、顿号分隔。",
        "enter at least one amount; put each year's amount on its own line, or separate them "
        "with semicolons.",
    ),
    "list_too_long": ("最多填写 {limit} 项。", "takes at most {limit} amounts."),
    "list_item": ("第{n}项{problem}", "item {n} {problem}"),
    "unknown_question": (
        "没有这个问题；可回答的问题：{names}。",
        "is not a question; the questions are: {names}.",
    ),
    "typed": ("“{text}”{problem}", "“{text}” {problem}"),
    "not_amount": (
        "应为金额，例如 5000万、0.5亿、伍仟万元 或 50,000,000。",
        "must be an amount, such as 50,000,000, 50 million, 5000万 or 0.5亿.",
    ),
    "dots": (
        "“{text}”中有几个点：点只作小数点；千位分隔请用逗号，例如 1,234,567。",
        "“{text}” has more than one point: a point is only ever the decimal point; separate "
        "thousands with commas, as in 1,234,567.",
    ),
    "two_readings": (
        "“{text}”可以读作 {first}，也可以读作 {second}：请写成不会读错的形式，例如 {hint}。",
        "“{text}” could be read as {first} or as {second}: write it so that it reads one way, "
        "such as {hint}.",
    ),
    "numeral": (
        "“{text}”中的中文数字无法读出：{why}",
        "the Chinese numerals of “{text}” cannot be read: {why}",
    ),
    "numeral_two_numbers": (
        "两个数字连在一起，中间缺少数位（十、百、千、万、亿）。",
        "two digits stand together with no place (十, 百, 千, 万, 亿) between them.",
    ),
    "numeral_zero": (
        "零只用在数位之后、跳过的数位处，例如 一千零五。",
        "零 stands only after a place, where a place is skipped, as in 一千零五 (1,005).",
    ),
    "numeral_no_digit": ("数位前缺少数字，例如 五千 中的 五。", "a place has no digit before it."),
    "numeral_place_after_number": (
        "十、百、千前只能是一位数字，例如 1千2百万。",
        "only one digit may stand before 十, 百 or 千, as in 1千2百万.",
    ),
    "numeral_order": (
        "数位应从大到小，例如 五千五百。",
        "the places must go from the largest down, as in 五千五百.",
    ),
    "numeral_section_too_large": (
        "亿或万后面的部分应小于一个亿或万，例如 1亿2000万。",
        "what follows 亿 or 万 must be less than one 亿 or 万, as in 1亿2000万.",
    ),
    "numeral_point": (
        "点（小数点）的写法应为 一点五亿 这样。",
        "write the point as in 一点五亿 (1.5亿).",
    ),
    "numeral_space": (
        "空格只能在数字和单位之间。",
        "a space may stand only between a number and its unit.",
    ),
    "numeral_shortened": (
        "有数字紧跟在千、百、万或亿之后，可有几种读法（一千五 可读作 一千五百 或 一千零五）：请写全。",
        "a digit straight after 千, 百, 万 or 亿 can be read several ways (一千五: 1,500 or "
        "1,005): write it out in full.",
    ),
    # why the finder left an award out
    "finder_not_legal_person": (
        "第一章规定本措施适用于“{phrase}”的机构；您的回答是“否”。",
        "Chapter 1 applies these measures to organisations that are registered and have "
        "independent legal-person status; you answered no to: {question}",
    ),
    "finder_kind": (
        "条文写明了申请对象（“{phrase}”）：仅限{kinds}；您的机构是{kind}。",
        "The clause names who may apply: {kinds} only; your organisation is: {kind}.",
    ),
    "finder_domain": (
        "第{measure}条属于{domains}；您选择的是{chosen}。",
        "Measure {measure} belongs to: {domains}; you chose: {chosen}.",
    ),
    "finder_role": (
        "本项奖励支持的是：{activities}；与您所说的机构业务（{roles}）通常所做的事不对应。",
        "This award funds: {activities}; that is not among what organisations like yours "
        "({roles}) usually do.",
    ),
    "finder_fits_legal": (
        "第一章规定本措施适用于“{phrase}”的机构，您的回答是“是”。",
        "Chapter 1 applies these measures to registered organisations with independent "
        "legal-person status, and you answered yes.",
    ),
    "finder_fits_any_kind": (
        "条文没有限定申请机构的类型。",
        "The clause does not limit which kinds of organisation may apply.",
    ),
    "finder_fits_kind": (
        "条文写明了申请对象（“{phrase}”），包括{kind}。",
        "The clause names who may apply, and that includes: {kind}.",
    ),
    "finder_fits_domain": (
        "第{measure}条属于您选择的{domains}。",
        "Measure {measure} belongs to the field you chose: {domains}.",
    ),
    "finder_fits_activity": (
        "本项奖励支持{activities}，与您的回答相符。",
        "This award funds {activities}, which matches your answers.",
    ),
    "finder_fits_all": (
        "尚未回答任何问题：列出全部奖励。",
        "No question answered yet: every award is listed.",
    ),
    "finder_activity": (
        "本项奖励支持的是：{activities}；您没有选择这些活动。",
        "This award funds: {activities}; you chose none of these.",
    ),
    "finder_fits_if": (
        "若您正在做或打算做{activities}，则可能适用：这是{roles}的机构通常做的事，而您还没有回答“正在做或打算做的事”。",
        "May fit if you are doing or planning {activities}, as organisations like yours ({roles}) "
        "usually do; you have not said what you are doing or planning.",
    ),
    "finder_fits_any_activity": (
        "本措施不限于某一类业务。",
        "This measure is not limited to one kind of business.",
    ),
    # the status of the text, said on every page, in the sheet and its downloads
    "status_followed": (
        "本站的条文和数字依据{label}（{issuer}，{date}）。",
        "The clauses and figures on this site are those of the {label} ({issuer}, {date}).",
    ),
    "status_later": (
        "{label}已于{date}印发，本站尚未收录其文本：已知的不同之处已在有关措施和奖励中标出，其余是否改变尚不清楚。",
        "The {label} was put out on {date}; this site does not hold its text yet: known "
        "differences are marked where they apply, and whether the rest changed is not yet known.",
    ),
    # which version an estimate follows, and how the award stands in later ones
    "version_followed": (
        "本估算依据{label}（{issuer}，{date}）。",
        "This estimate follows the {label} ({issuer}, {date}).",
    ),
    "version_later": (
        "{label}（{date}）中本项{status}：{note}",
        "In the {label} ({date}) this award is {status}: {note}",
    ),
    "version_later_unknown": (
        "{label}（{date}）中本项是否改变，尚不清楚。",
        "Whether this award changed in the {label} ({date}) is not yet known.",
    ),
    "version_later_plain": (
        "{label}（{date}）中本项{status}。",
        "In the {label} ({date}) this award is {status}.",
    ),
    # the data an estimate was made from (calculator/data/revision.json)
    "revision": ("{commit}（{date}）", "{commit} ({date})"),
    "revision_modified": (
        "{said}，另有尚未提交的修改",
        "{said}, with edits not yet committed",
    ),
    "revision_unknown": (
        "未知（这份副本的构建没有记录数据版本）",
        "not known (this copy was built without a record of its data revision)",
    ),
    # what changed in the data (build.py diff, the changes page, the sheet: calculator/memo.py)
    "change_figure": (
        "{where}：{name} {was} → {now}（“{phrase}”）。",
        "{where}: {name} {was} → {now} (“{phrase}”).",
    ),
    "change_figure_removed": (
        "{where}：{name} {was} 已删去（原为“{phrase}”）。",
        "{where}: {name} {was} removed (it was “{phrase}”).",
    ),
    "change_figure_added": (
        "{where}：新增{name} {now}（“{phrase}”）。",
        "{where}: {name} {now} added (“{phrase}”).",
    ),
    "change_kind": (
        "{where}：计算方式由“{was}”改为“{now}”。",
        "{where}: now {now} (it was {was}).",
    ),
    "change_standing": (
        "{where}在{label}中：{was} → {now}{tail}",
        "{where} in the {label_mid}: {was} → {now}{tail}",
    ),
    # a sheet entry whose data changed since it was kept (calculator/memo.py)
    "changed_no_figure": ("无金额", "no figure"),
    "changed_was_now": (
        "数据更新后，原为{was}，现为{now}。",
        "Since the data was updated: was {was}, now {now}.",
    ),
    "changed_same_amount": (
        "数据更新后本项奖励有变化，金额仍为{now}。",
        "The award changed when the data was updated; the amount is still {now}.",
    ),
    "changed_made_with": ("加入时的数据版本：{revision}", "Data revision when added: {revision}"),
    "sheet_total_changed": (
        "；{n}项因数据更新而变化（第{entries}项）",
        "; {n} changed since the data was updated (entry {entries})",
    ),
    "sheet_total_changed_cell": (
        "{n}项因数据更新而变化，请核对",
        "Changed since the data was updated: {n}; check them",
    ),
    # the combined sheet
    "sheet_total": (
        "各项上限之和：{amount}元{sized}",
        "Sum of the upper bounds: {amount} yuan{sized}",
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
        "The supplementary provisions say: “{rule}” Before applying, check "
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
    "sheet_total_questioned": (
        "；{n}项数字待核对（第{entries}项）",
        "; {n} with figures to check (entry {entries})",
    ),
    "sheet_total_questioned_cell": (
        "{n}项数字待核对，合计在核对前不可靠",
        "{n} entries have figures to check: the total is not reliable until they are checked",
    ),
    "sheet_total_left_out": (
        "；另有{n}项未计入，原因见下",
        "; {n} more not counted: see below why",
    ),
    "sheet_left_out": (
        "未计入合计——{entries}。征求意见稿中的金额只是征求意见稿的，不能认为仍然适用。",
        "Not counted in the total: {entries}. The draft's figures for these are the draft's only "
        "and cannot be taken to still apply.",
    ),
    "sheet_no_figure": (
        "{awards}无法给出金额（一事一议），未计入合计。",
        "{awards}: no figure can be given (case by case), so not in the total.",
    ),
    "sheet_incomplete": (
        "第{entries}项的输入有误或未填写完整，未计入合计。",
        "Not in the total, because figures are missing or wrong: entry {entries}.",
    ),
    "sheet_caution_row": ("请注意", "Please note"),
    "sheet_entry_left_out": (
        "未计入合计：{problems}",
        "Not in the total: {problems}",
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
    "sheet_awaiting": (
        "第{entries}项尚待填写数字，填写后计入合计。",
        "Entry {entries} awaits its figures; it is added once they are entered.",
    ),
    "sheet_total_awaiting": (
        "尚无可相加的估算：各项的数字尚待填写",
        "Nothing to add up yet: the entries' figures are still to be entered",
    ),
    # how to apply (calculator/application.py)
    "apply_heading": ("如何申请", "How to apply"),
    "apply_under": (
        "按{label}（{date}）申请。本站已知的，附有来源；其余尚不清楚。",
        "Applications are made under the {label} ({date}). What this site knows is given with "
        "its source; the rest is not yet known.",
    ),
    "apply_responsible": ("责任单位", "Responsible units (责任单位)"),
    "apply_where": ("申请地点", "Where to apply"),
    "apply_window": ("申请时间", "Application window"),
    "apply_status": ("申请状态", "Status of applications"),
    "apply_without": ("免申即享", "Granted without application (免申即享)"),
    "apply_not_known": ("尚不清楚", "not yet known"),
    "apply_window_said": ("{opens}至{closes}", "{opens} to {closes}"),
    "apply_not_yet_open": ("尚未开始受理", "not yet open"),
    "apply_open": ("正在受理", "open"),
    "apply_closed": ("已截止", "closed"),
    "apply_without_yes": ("是，无需申请", "yes (no application is needed)"),
    "apply_without_no": ("否，需要申请", "no (an application is needed)"),
    "apply_line": ("{label}：{value}", "{label}: {value}"),
    "apply_line_sourced": (
        "{label}：{value}（来源：{source}）",
        "{label}: {value} (source: {source})",
    ),
    "apply_removed": (
        "{label}已删去本项奖励，没有可申请的内容。",
        "The {label} removed this award: there is nothing to apply for.",
    ),
    "apply_no_version": (
        "本站尚未收录比{label}更新的版本，申请信息尚不清楚。",
        "This site records no version later than the {label}; how to apply is not yet known.",
    ),
    "apply_no_notice": (
        "本站尚未收录这一项的申报指南（申请通知）；申请前请以责任单位或主管部门发布的通知为准。",
        "This site holds no application notice (申报指南) for this yet; before applying, rely on "
        "the notices published by the responsible units or the competent authority.",
    ),
    # the calendar file (.ics) of the sheet
    "ics_summary": ("申请时间：{award} {name}", "Application window: {award} {name}"),
    "ics_projects": ("本表中的项目：{projects}", "Projects on this sheet: {projects}"),
    "ics_calendar": ("申请时间（{title}）", "Application windows ({title})"),
}


def say(key: str, **values: object) -> Text:
    """Fill both templates; a Text value gives each language its own words."""
    zh, en = _MESSAGES[key]

    def pick(lang: str) -> dict[str, object]:
        return {k: v(lang) if isinstance(v, Text) else v for k, v in values.items()}

    return Text(zh=zh.format(**pick("zh")), en=en.format(**pick("en")))
