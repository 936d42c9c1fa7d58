// The chat page of reportqa. Report text is always put on the page as text (textContent and
// DOM nodes), never as markup: reports are untrusted input. Nothing is loaded from elsewhere.
"use strict";

const I18N = {
  zh: {
    title: "政府信息公开年报问答", examples: "试试这些问题：", ask: "提问", new: "新对话",
    placeholder: "例如：平潭综合实验区2024年政府信息公开行政诉讼有多少件？", reports: "年报列表",
    filter: "按机关或年份筛选", close: "关闭", lang: "English", report: "年报", section: "章节",
    table: "表格", row: "行", column: "列", page: "页", quote: "原文", evidence: "原文佐证", checks: "校验",
    inputs: "计算所用数字", arithmetic: "计算过程", candidates: "可能的候选（点击查看）", failed: "项校验未通过",
    tables: "个表格", facts: "个数据", approx: "约", sending: "正在查找……", error: "出错了：",
    wholeTable: (n) => `显示整张表（${n}行）`, fewerRows: "只看相关行",
    noReports: "还没有年报", unreadable: "无法读取",
    status: { answered: "已回答", not_reported: "未填报", not_found: "未找到", ambiguous: "有歧义", not_understood: "没看懂" },
    understood: "理解为", corrections: "更正", carried: "沿用上文", noAgency: "未指明机关", noYear: "未指明年份",
    year: "年份", metric: "指标", agency: "机关", value: "数值", unit: "单位", source: "出处", tryAsking: "可以这样问：",
    shapes: { single: "单个数字", series: "历年序列", list: "多项数字", ranking: "排名" }, top: (n) => `前${n}`,
    permalink: "链接", cite: "复制引用", copied: "已复制", csv: "下载CSV",
    checkNames: { "parts_sum": "分项之和等于合计", "requests.identity": "新收＋上年结转＝办理结果＋结转下年",
      "requests.results_total": "各项办理结果之和等于总计", "requests.row_total": "各类申请人之和等于总计",
      "review.total": "各项结果之和等于总计", "prose_vs_table": "正文数字与表格一致" },
    example: (r) => [`${r.agency}${r.year}年政府信息公开行政复议总计多少件？`, `那${r.year - 1}年呢？`],
    example2: (r) => `${r.agency}${r.year}年本年新收政府信息公开申请数量是多少？`,
  },
  en: {
    title: "Ask the government information-disclosure reports", examples: "Try these questions:", ask: "Ask",
    new: "New chat", placeholder: "e.g. How many lawsuits did Pingtan face in 2024?", reports: "Reports",
    filter: "Filter by agency or year", close: "Close", lang: "中文", report: "Report", section: "Section",
    table: "Table", row: "Row", column: "Column", page: "Page", quote: "Quote", evidence: "Evidence",
    checks: "Checks", inputs: "Figures used", arithmetic: "Arithmetic", candidates: "Candidates (click one)",
    failed: "failed checks", tables: "tables", facts: "facts", approx: "about", sending: "Looking it up…",
    error: "Error: ", wholeTable: (n) => `Show the whole table (${n} rows)`, fewerRows: "Only the rows used",
    noReports: "No reports yet", unreadable: "unreadable",
    status: { answered: "answered", not_reported: "not reported", not_found: "not found", ambiguous: "ambiguous", not_understood: "not understood" },
    understood: "Understood as", corrections: "Corrected", carried: "Carried over", noAgency: "no agency named",
    noYear: "no year named", year: "Year", metric: "Metric", agency: "Agency", value: "Value", unit: "Unit",
    source: "Source", tryAsking: "You can ask:", shapes: { single: "one figure", series: "series", list: "list", ranking: "ranking" },
    top: (n) => `top ${n}`, permalink: "Link", cite: "Copy citation", copied: "Copied", csv: "Download CSV",
    checkNames: { "parts_sum": "the parts add up to the total", "requests.identity": "new + carried over = handled + carried forward",
      "requests.results_total": "the results add up to the total", "requests.row_total": "the applicant columns add up to the total",
      "review.total": "the outcomes add up to the total", "prose_vs_table": "the text agrees with the table" },
    example: (r) => [`How many information-disclosure reconsiderations did ${r.agency} handle in ${r.year}?`,
      `What about ${r.year - 1}?`],
    example2: (r) => `How many new information requests did ${r.agency} receive in ${r.year}?`,
  },
};
const COMPACT_ROWS = 6; // an answer's table shows only the rows it used when it has more rows than this

const state = { lang: "zh", history: [], reports: [], reportCache: new Map() };
const $ = (id) => document.getElementById(id);

function t(key) { return I18N[state.lang][key]; }

// An element with attributes and children; strings become text nodes, never markup.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A number as people write it: thousands grouped, at most ``decimals`` decimals (none for an integer).
function formatValue(value, decimals = 4) {
  if (value === null || value === undefined) return "";
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: decimals });
}

// Whether a sum of money stands where its report prints 万元: a heading (本年收费金额（单位：万元）) or
// the cell itself says so. A computed figure is in 万元 when every figure it was computed from is.
function inWan(unit, source, inputs = []) {
  if (unit !== "元" || !source) return false;
  if (source.kind === "computed") return inputs.length > 0 && inputs.every((i) => inWan(i.unit, i.source));
  return [source.table, source.row, source.column, source.kind === "table" ? source.quote : ""]
    .some((text) => (text || "").includes("万元"));
}

// A figure and its unit as the report prints them, [number, unit]: 3,985,760 件; a share to two
// decimals (32.57 %); a sum of money in 万元 where the report prints 万元 (the JSON keeps 元).
function figure(value, unit, source = null, inputs = []) {
  if (value === null || value === undefined) return ["", unit || ""];
  if (inWan(unit, source, inputs)) return [formatValue(value / 1e4, 6), "万元"];
  if (unit === "%" && !Number.isInteger(value)) {
    return [value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }), "%"];
  }
  return [formatValue(value), unit || ""];
}
const figureText = (...args) => figure(...args).join(" ").trim();

// ---------------------------------------------------------------- marking a figure in text

// Text with the figure marked: the 【…】 the answering core puts around a stated figure, else the
// first printed form of ``value`` that stands alone (not inside a longer number).
function highlighted(text, value) {
  const frag = document.createDocumentFragment();
  const marked = /【([^】]*\d[^】]*)】/;
  if (marked.test(text)) {
    for (const part of text.split(/(【[^】]*\d[^】]*】)/)) {
      if (marked.test(part) && part.startsWith("【")) frag.append(el("mark", {}, part.slice(1, -1)));
      else if (part) frag.append(part);
    }
    return frag;
  }
  const forms = value === null || value === undefined ? [] : [value, value / 1e4, value / 1e8]
    .filter((v) => v > 0 || v === 0).map((v) => String(Math.round(v * 10000) / 10000));
  for (const needle of forms) {
    let from = 0;
    while (true) {
      const i = text.indexOf(needle, from);
      if (i < 0) break;
      const before = i > 0 ? text[i - 1] : "", after = text[i + needle.length] || "";
      if (!/[0-9.]/.test(before) && !/[0-9]/.test(after) && !(after === "." && /[0-9]/.test(text[i + needle.length + 1] || ""))) {
        frag.append(text.slice(0, i), el("mark", {}, needle), text.slice(i + needle.length));
        return frag;
      }
      from = i + needle.length;
    }
  }
  frag.append(text);
  return frag;
}

// ---------------------------------------------------------------- tables with merged headers

const joined = (path) => path.join(" › ");

function samePrefix(a, b, n) {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Header cells of a list of header paths, level by level: [{index, level, text, span, leaf}].
// A path's label at ``level`` spans the following paths that share it; a leaf spans the levels left.
function headerCells(paths) {
  const depth = Math.max(1, ...paths.map((p) => p.length));
  const covered = new Array(depth).fill(0);
  const cells = [];
  paths.forEach((raw, i) => {
    const path = raw.length ? raw : [""];
    for (let level = 0; level < path.length && level < depth; level++) {
      if (i < covered[level]) continue;
      const leaf = level === path.length - 1;
      let span = 1;
      if (!leaf) {
        while (i + span < paths.length && paths[i + span].length > level + 1 && samePrefix(paths[i + span], path, level + 1)) span++;
      }
      covered[level] = i + span;
      cells.push({ index: i, level, text: path[level], span, leaf });
    }
  });
  return { depth, cells };
}

// The table as an HTML grid; ``marks`` are {row, column} header paths (joined) to mark.
function tableGrid(table, marks = [], rowsShown = null) {
  const rowIdx = rowsShown || table.rows.map((_, r) => r);
  const rowPaths = rowIdx.map((r) => table.rows[r]);
  const cols = headerCells(table.columns), rows = headerCells(rowPaths);
  const isMarked = (r, c) => marks.some((m) => m.row === joined(table.rows[r]) && m.column === joined(table.columns[c]));
  const head = [];
  for (let level = 0; level < cols.depth; level++) {
    const tr = el("tr");
    if (level === 0) tr.append(el("th", { class: "corner", rowspan: cols.depth, colspan: rows.depth }));
    for (const cell of cols.cells.filter((x) => x.level === level)) {
      tr.append(el("th", { colspan: cell.span > 1 ? cell.span : null, rowspan: cell.leaf && cols.depth - level > 1 ? cols.depth - level : null }, cell.text));
    }
    head.push(tr);
  }
  const body = rowIdx.map((r, i) => {
    const marked = table.columns.map((_, c) => isMarked(r, c));
    const tr = el("tr", { class: marked.some(Boolean) ? "marked-row" : null });
    for (const cell of rows.cells.filter((x) => x.index === i)) {
      tr.append(el("th", { rowspan: cell.span > 1 ? cell.span : null, colspan: cell.leaf && rows.depth - cell.level > 1 ? rows.depth - cell.level : null }, cell.text));
    }
    table.cells[r].forEach((value, c) => {
      tr.append(el("td", { class: marked[c] ? "marked" : (value === null ? "unreadable" : null), title: value === null ? t("unreadable") : null,
        "data-cell": `${table.id}.r${r}c${c}` },
        value === null ? "?" : value));
    });
    return tr;
  });
  return el("table", { class: "grid" }, el("thead", {}, head), el("tbody", {}, body));
}

// The table of an answer, its used cells marked; a long table shows the rows used, with a switch.
function answerTable(table, marks, ref) {
  const used = table.rows.map((_, r) => r).filter((r) => marks.some((m) => m.row === joined(table.rows[r])));
  const label = ref ? `${ref.agency} · ${ref.year ?? "?"} · ${table.title}` : table.title;
  const box = el("div", { class: "table-box" }, el("div", { class: "table-title" }, label));
  if (table.rows.length <= COMPACT_ROWS || !used.length) {
    box.append(tableGrid(table, marks));
    return box;
  }
  let whole = false;
  const grid = el("div", {}, tableGrid(table, marks, used));
  const toggle = el("button", { type: "button", class: "link" }, t("wholeTable")(table.rows.length));
  toggle.addEventListener("click", () => {
    whole = !whole;
    grid.replaceChildren(tableGrid(table, marks, whole ? null : used));
    revealMarked(grid);
    toggle.textContent = whole ? t("fewerRows") : t("wholeTable")(table.rows.length);
  });
  box.append(grid, toggle);
  return box;
}

// Each grid under ``root`` that scrolls sideways (a wide table on a phone) scrolled to show its first
// marked cell. Needs the grid on the page: layout gives the positions.
function revealMarked(root) {
  for (const grid of root.querySelectorAll("table.grid")) {
    const cell = grid.querySelector("td.marked");
    if (!cell || grid.scrollWidth <= grid.clientWidth) continue;
    const box = grid.getBoundingClientRect(), at = cell.getBoundingClientRect();
    grid.scrollLeft += at.left - box.left - (box.width - at.width) / 2;
  }
}

async function fetchReport(id) {
  if (!state.reportCache.has(id)) {
    const res = await fetch(`/api/reports/${encodeURIComponent(id)}`);
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || res.statusText);
    state.reportCache.set(id, body);
  }
  return state.reportCache.get(id);
}

// The cells an answer rests on, grouped by the report table that holds them.
async function sourceTables(answer) {
  const sources = answer.source && answer.source.kind === "table" && answer.report
    ? [{ report: answer.report, source: answer.source }]
    : (answer.inputs || []).filter((inp) => inp.source && inp.source.kind === "table");
  if (new Set(sources.map((s) => s.report.id)).size > 2) return [];  // a ranking: the inputs list says it
  const found = [];
  for (const { report: ref, source } of sources) {
    try {
      const report = await fetchReport(ref.id);
      const table = report.tables.find((tb) => tb.title === source.table
        && tb.rows.some((r) => joined(r) === source.row) && tb.columns.some((c) => joined(c) === source.column));
      if (!table) continue;
      let entry = found.find((f) => f.table === table);
      if (!entry) found.push(entry = { table, marks: [], ref });
      entry.marks.push({ row: source.row, column: source.column });
    } catch (err) { /* the answer stands without its table */ }
  }
  return found.map((f) => answerTable(f.table, f.marks, f.ref));
}

// ---------------------------------------------------------------- the conversation

function meta(label, ...value) {
  return el("div", { class: "meta" }, el("b", {}, t(label) + (state.lang === "zh" ? "：" : ": ")), ...value);
}

function reportLink(ref, cell = null) {
  const at = cell ? `${cell.table}.r${cell.row_index}c${cell.column_index}` : null;
  return el("a", { href: cell ? cell.cell_url : "#", class: "report-link", onclick: (e) => { e.preventDefault(); openReport(ref.id, at); } },
    ref.title === "↗" ? "↗" : `${ref.title} (${ref.agency}, ${ref.year ?? "?"})`);
}

// How the question was read: agency, years, metric [key], shape or operation, corrections.
function understoodLine(u) {
  if (!u) return null;
  const shape = u.shape && u.shape !== "single" ? t("shapes")[u.shape] + (u.top_n ? ` · ${t("top")(u.top_n)}` : "") : u.operation;
  const parts = [
    (u.agencies || []).join("、") || t("noAgency"),
    (u.years || []).join("、") || t("noYear"),
    u.metric + (u.keys && u.keys.length ? ` [${u.keys.slice(0, 3).join(", ")}]` : ""),
    shape,
  ];
  const box = el("div", { class: "understood" }, el("b", {}, t("understood") + (state.lang === "zh" ? "：" : ": ")), parts.join(" · "));
  if (u.carried && u.carried.length) box.append(el("span", { class: "carried" }, ` · ${t("carried")}: ${u.carried.join(", ")}`));
  if (u.corrections && u.corrections.length) box.append(el("div", { class: "correction" }, `${t("corrections")}: ${u.corrections.join("；")}`));
  return box;
}

// A series, list or ranking as a table: label, value, unit, where each figure stands.
function pointsTable(answer) {
  const head = { series: t("year"), list: t("metric"), ranking: t("agency") }[answer.shape] || "";
  const rows = answer.points.map((p, i) => {
    const src = p.source ? [p.source.table || p.source.section, p.source.row, p.source.column].filter(Boolean).join(" › ") : "";
    const label = answer.shape === "ranking" ? `${i + 1}. ${p.label}` : p.label;
    let [value, unit] = figure(p.value, p.unit, p.source);
    if (p.value === null || p.value === undefined) value = p.status === "not_reported" ? t("status").not_reported : "—";
    return el("tr", {}, el("th", {}, label), el("td", { class: "num" }, value), el("td", {}, unit),
      el("td", { class: "src" }, p.report && answer.shape !== "series" && answer.shape !== "list" ? `${p.report.year ?? ""} · ${src}` : src));
  });
  return el("table", { class: "points" }, el("thead", {}, el("tr", {}, el("th", {}, head), el("th", {}, t("value")),
    el("th", {}, t("unit")), el("th", {}, t("source")))), el("tbody", {}, rows));
}

// A series drawn by the page itself on a canvas (no library, no network): a line over the years,
// each point marked, the lowest and highest value on the axis. The table below gives the figures.
function seriesChart(points) {
  const shown = points.filter((p) => p.value !== null && p.value !== undefined);
  if (shown.length < 2) return null;
  const W = 480, H = 180, L = 56, R = 14, T = 14, B = 28, ratio = window.devicePixelRatio || 1;
  const canvas = el("canvas", { class: "chart", width: W * ratio, height: H * ratio, role: "img",
    "aria-label": shown.map((p) => `${p.year ?? p.label}: ${figure(p.value, p.unit, p.source).join("")}`).join("; ") });
  canvas.style.width = `${W}px`;
  const ctx = canvas.getContext && canvas.getContext("2d");
  if (!ctx) return canvas;
  ctx.scale(ratio, ratio);
  const years = shown.map((p) => Number(p.year ?? p.label));
  const values = shown.map((p) => p.value);
  const x0 = Math.min(...years), x1 = Math.max(...years);
  const y1 = Math.max(...values, 0), y0 = Math.min(...values, 0);
  const sx = (x) => L + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y) => T + (y1 === y0 ? 0.5 : 1 - (y - y0) / (y1 - y0)) * (H - T - B);
  ctx.strokeStyle = "#99a"; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, sy(y0)); ctx.lineTo(W - R, sy(y0)); ctx.stroke();
  ctx.fillStyle = "#555"; ctx.font = "11px sans-serif"; ctx.textAlign = "right";
  const wan = shown.every((p) => inWan(p.unit, p.source));  // the axis in the table's unit
  for (const v of [y0, y1]) ctx.fillText(formatValue(wan ? v / 1e4 : v, wan ? 6 : 4), L - 6, sy(v) + 4);
  ctx.strokeStyle = "#a61b1b"; ctx.lineWidth = 2; ctx.beginPath();
  years.forEach((x, i) => (i ? ctx.lineTo(sx(x), sy(values[i])) : ctx.moveTo(sx(x), sy(values[i]))));
  ctx.stroke();
  ctx.textAlign = "center";
  years.forEach((x, i) => {
    ctx.fillStyle = "#a61b1b"; ctx.beginPath(); ctx.arc(sx(x), sy(values[i]), 3.5, 0, 2 * Math.PI); ctx.fill();
    ctx.fillStyle = "#555"; ctx.fillText(String(x), sx(x), H - B + 16);
  });
  return canvas;
}

async function renderAnswer(answer) {
  const card = el("div", { class: "msg-a" });
  card.append(el("span", { class: `status ${answer.status}` }, t("status")[answer.status] || answer.status));
  if (answer.value !== null && answer.value !== undefined) {
    const [value, unit] = figure(answer.value, answer.unit, answer.source, answer.inputs || []);
    card.append(el("div", { class: "figure" }, answer.approximate ? el("span", { class: "approx" }, t("approx")) : null,
      el("span", { class: "value" }, value), el("span", { class: "unit" }, unit)));
  }
  card.append(el("div", { class: "sentence" }, answer.answer));
  const understood = understoodLine(answer.understood);
  if (understood) card.append(understood);
  if (answer.points && answer.points.length) {
    const chart = answer.shape === "series" ? seriesChart(answer.points) : null;
    if (chart) card.append(chart);
    card.append(pointsTable(answer));
  }
  if (answer.examples && answer.examples.length) {
    card.append(el("div", { class: "meta" }, t("tryAsking")), el("div", { class: "examples-inline" }, answer.examples.map((q) =>
      el("button", { type: "button", class: "example", onclick: () => ask(q) }, q))));
  }
  if (answer.report) card.append(meta("report", reportLink(answer.report, answer.source && answer.source.cell)));
  const src = answer.source;
  const grids = await sourceTables(answer);
  if (src) {
    if (src.section && src.section !== src.table) card.append(meta("section", src.section));
    if (src.table && !grids.length) card.append(meta("table", [src.table, src.row, src.column].filter(Boolean).join(" · ")));
    if (src.page) card.append(meta("page", String(src.page)));
    if (src.kind === "computed" && src.quote) card.append(el("h4", {}, t("arithmetic")), el("div", { class: "arith" }, src.quote));
    if (src.kind === "text" && src.quote) card.append(meta("quote"), el("blockquote", { class: "quote" }, highlighted(src.quote, answer.value)));
  }
  card.append(...grids);
  if (answer.inputs && answer.inputs.length && !(answer.points && answer.points.length)) {  // points: in the table
    card.append(el("h4", {}, t("inputs")), el("ul", { class: "inputs" }, answer.inputs.map((inp) =>
      el("li", {}, el("b", {}, figureText(inp.value, inp.unit, inp.source)),
        ` — ${inp.report.agency} ${inp.report.year ?? ""} · ${inp.source.table || inp.source.section} · `,
        [inp.source.row, inp.source.column].filter(Boolean).join(" / "),
        inp.source.cell ? [" ", reportLink({ ...inp.report, title: "↗" }, inp.source.cell)] : null))));
  }
  if (answer.evidence && answer.evidence.length) {
    card.append(el("h4", {}, t("evidence")), ...answer.evidence.map((ev) =>
      el("div", { class: "evidence" }, ev.section ? el("div", { class: "meta" }, ev.section) : null, highlighted(ev.text, answer.value))));
  }
  if (answer.checks && answer.checks.length) {
    card.append(el("h4", {}, t("checks")), el("ul", { class: "checks" }, answer.checks.map(checkItem)));
  }
  if (answer.candidates && answer.candidates.length && !(answer.points && answer.points.length)) {
    card.append(el("h4", {}, t("candidates")), el("ul", { class: "candidates" }, answer.candidates.map((c) => candidateItem(answer, c))));
  }
  card.append(answerTools(answer));
  return card;
}

// A check in plain language ("the parts add up to the total: 行政复议"), its internal name on hover.
function checkItem(c) {
  const m = /^([a-z_.]+)\[(.*)\]$/.exec(c.name);
  const plain = m && t("checkNames")[m[1]] ? `${t("checkNames")[m[1]]}（${m[2]}）` : c.name;
  return el("li", { class: `check ${c.ok ? "ok" : "fail"}`, title: c.name }, `${plain}: ${c.detail}`);
}

// The permalink, citation and CSV links of an answer.
function answerTools(answer) {
  const link = `${location.origin}/#q=${encodeURIComponent(answer.question)}`;
  const tools = el("div", { class: "tools" }, el("a", { href: link, class: "permalink" }, t("permalink")));
  const cite = el("button", { type: "button", class: "link cite" }, t("cite"));
  cite.addEventListener("click", () => copyText(citation(answer, link)).then(() => { cite.textContent = t("copied"); }));
  tools.append(" · ", cite);
  if (answer.points && answer.points.length || answer.inputs && answer.inputs.length) {
    tools.append(" · ", el("a", { href: `/api/ask?q=${encodeURIComponent(answer.question)}&format=csv`, class: "csv", download: "" }, t("csv")));
  }
  return tools;
}

// "figure — report (agency, year), table, row, column, page; link": what a reader needs to find it again.
function citation(answer, link) {
  const where = (ref, src) => [ref ? `${ref.title}（${ref.agency}，${ref.year ?? "?"}）` : "",
    src ? src.table || src.section : "", src ? src.row : "", src ? src.column : "",
    src && src.page ? `${t("page")} ${src.page}` : ""].filter(Boolean).join("，");
  const head = answer.value !== null && answer.value !== undefined
    ? figure(answer.value, answer.unit, answer.source, answer.inputs || []).join("") : answer.answer;
  const sources = answer.source && answer.source.kind !== "computed" ? [where(answer.report, answer.source)]
    : (answer.inputs || []).map((i) => `${figure(i.value, i.unit, i.source).join("")}：${where(i.report, i.source)}`);
  return [`${answer.question} → ${head}`, ...sources, link].join("\n");
}

async function copyText(text) {
  try { await navigator.clipboard.writeText(text); return; } catch (err) { /* not a secure context: the old way */ }
  const box = el("textarea", {}, text);
  document.body.append(box); box.select(); document.execCommand("copy"); box.remove();
}

// One candidate of an ambiguous (or ranked) answer; clicking it asks again, restricted to it.
function candidateItem(answer, c) {
  const agency = c.report ? c.report.agency : c.agency;
  const year = c.report ? c.report.year : null;
  const text = [agency, year ?? (c.years || []).join("/"), c.label, c.value !== undefined && c.value !== null ? figureText(c.value, c.unit, c.source) : null]
    .filter((x) => x !== null && x !== undefined && x !== "").join(" · ");
  if (!agency) return el("li", {}, text);
  return el("li", {}, el("button", { type: "button", class: "link", onclick: () => ask(answer.question, { agency, year }) }, text));
}

async function ask(question, restrict = {}) {
  question = (question || "").trim();
  if (!question) return;
  const conversation = $("conversation");
  conversation.append(el("div", { class: "msg-q" }, question, restrict.agency ? el("span", { class: "restrict" }, ` (${restrict.agency} ${restrict.year ?? ""})`) : null));
  const pending = el("div", { class: "msg-a pending" }, t("sending"));
  conversation.append(pending);
  $("question").value = "";
  try {
    const res = await fetch("/api/ask", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, history: state.history.slice(-10), agency: restrict.agency || null, year: restrict.year || null }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || res.statusText);
    if (!restrict.agency) state.history.push(question);
    const card = await renderAnswer(body);
    pending.replaceWith(card);
    revealMarked(card);
  } catch (err) {
    pending.classList.remove("pending");
    pending.replaceChildren(el("span", { class: "error" }, t("error") + err.message));
  }
  window.scrollTo(0, document.body.scrollHeight);
}

// ---------------------------------------------------------------- examples, the report list, a report

function renderExamples() {
  const newest = [...state.reports].filter((r) => r.year && r.tables > 0).sort((a, b) => b.year - a.year || a.agency.length - b.agency.length);
  const questions = [];
  if (newest.length) {
    const first = newest[0];
    const [q1, q2] = t("example")(first);
    questions.push(q1);
    if (state.reports.some((r) => r.agency === first.agency && r.year === first.year - 1)) questions.push(q2);
    const other = newest.find((r) => r.agency !== first.agency);
    if (other) questions.push(t("example2")(other));
  }
  $("example-list").replaceChildren(...questions.map((q) =>
    el("button", { type: "button", class: "example", onclick: () => ask(q) }, q)));
}

function renderReportList() {
  const filter = ($("report-filter").value || "").trim();
  const items = state.reports.filter((r) => !filter || r.agency.includes(filter) || String(r.year) === filter || r.title.includes(filter))
    .sort((a, b) => a.agency.localeCompare(b.agency, "zh") || (b.year || 0) - (a.year || 0));
  if (!items.length) { $("report-list").replaceChildren(el("li", { class: "meta" }, t("noReports"))); return; }
  $("report-list").replaceChildren(...items.map((r) => el("li", { class: "report-item", "data-id": r.id, tabindex: "0",
    onclick: () => openReport(r.id), onkeydown: (e) => { if (e.key === "Enter") openReport(r.id); } },
    el("div", {}, `${r.agency || "?"} · ${r.year ?? "?"}`),
    el("div", { class: "meta" }, `${r.tables} ${t("tables")} · ${r.facts} ${t("facts")} · ${r.format}`),
    r.failed_checks ? el("div", { class: "warn" }, `${r.failed_checks} ${t("failed")}`) : null)));
}

async function loadReports() {
  try {
    const res = await fetch("/api/reports?_shape=array");
    state.reports = res.ok ? await res.json() : [];
  } catch (err) { state.reports = []; }
  renderReportList();
  renderExamples();
}

async function openReport(id, cell = null, tableId = null) {
  const body = $("report-body");
  body.replaceChildren(t("sending"));
  $("report-view").hidden = false;
  try {
    const report = await fetchReport(id);
    const parts = [el("h2", { id: "report-title" }, report.title),
      el("div", { class: "meta" }, `${report.agency} · ${report.year ?? "?"} · ${report.path}`)];
    const placed = new Set();
    for (const section of report.sections) {
      const path = joined(section.path);
      if (path) parts.push(el("h3", {}, path));
      for (const passage of section.passages) parts.push(el("p", {}, passage.text));
      for (const table of report.tables.filter((tb) => joined(tb.section) === path)) {
        placed.add(table.id);
        parts.push(el("h4", { id: `table-${table.id}` }, table.title), tableGrid(table));
      }
    }
    for (const table of report.tables.filter((tb) => !placed.has(tb.id))) parts.push(el("h4", { id: `table-${table.id}` }, table.title), tableGrid(table));
    if (report.checks.length) {
      parts.push(el("h3", {}, t("checks")), el("ul", { class: "checks" }, report.checks.map(checkItem)));
    }
    body.replaceChildren(...parts);
    history.replaceState(null, "", `#report=${encodeURIComponent(id)}${cell ? `&cell=${encodeURIComponent(cell)}` : ""}${!cell && tableId ? `&table=${encodeURIComponent(tableId)}` : ""}`);
    const target = cell && body.querySelector(`td[data-cell="${CSS.escape(cell)}"]`);
    if (target) {
      target.id = `cell-${cell}`;
      target.classList.add("marked", "cited");
      target.scrollIntoView({ block: "center", inline: "center" });
    } else if (tableId) {  // a table's view_url (#report=…&table=t3) opens at its heading
      const heading = body.querySelector(`#table-${CSS.escape(tableId)}`);
      if (heading) { heading.classList.add("marked"); heading.scrollIntoView({ block: "start" }); }
    }
  } catch (err) {
    body.replaceChildren(el("span", { class: "error" }, t("error") + err.message));
  }
}

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((n) => { n.placeholder = t(n.dataset.i18nPlaceholder); });
  document.title = `reportqa · ${t("title")}`;
  $("lang").textContent = t("lang");
  renderExamples();
  renderReportList();
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (e) => { e.preventDefault(); ask($("question").value); });
  $("new-chat").addEventListener("click", () => { state.history = []; $("conversation").replaceChildren(); });
  $("lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applyLanguage(); });
  $("close-report").addEventListener("click", () => { $("report-view").hidden = true; });
  $("report-view").addEventListener("click", (e) => { if (e.target === $("report-view")) $("report-view").hidden = true; });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("report-view").hidden = true; });
  $("report-filter").addEventListener("input", renderReportList);
  applyLanguage();
  loadReports();
  openFromHash();
  window.addEventListener("hashchange", openFromHash);  // a permalink followed from this page
});

// A link to the page may name a question (#q=…), a report and a cell (#report=…&cell=t3.r2c0) or a table (&table=t3).
function openFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("report")) openReport(params.get("report"), params.get("cell"), params.get("table"));
  else if (params.get("q")) ask(params.get("q"));
}
