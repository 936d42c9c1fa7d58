// The chat page of reportqa. Report text is always put on the page as text (textContent and
// DOM nodes), never as markup: reports are untrusted input.
"use strict";

const I18N = {
  zh: {
    title: "政府信息公开年报问答", examples: "试试这些问题：", ask: "提问", new: "新对话",
    placeholder: "例如：平潭综合实验区2024年政府信息公开行政诉讼有多少件？", reports: "年报列表",
    filter: "按机关或年份筛选", close: "关闭", lang: "English", source: "出处", report: "年报",
    section: "章节", table: "表格", row: "行", column: "列", page: "页", evidence: "原文佐证",
    checks: "校验", inputs: "计算所用数字", arithmetic: "计算过程", candidates: "可能的候选",
    failed: "项校验未通过", tables: "个表格", facts: "个数据", approx: "约", sending: "正在查找……",
    error: "出错了：", sections: "正文", confidence: "置信度",
    status: { answered: "已回答", not_reported: "未填报", not_found: "未找到", ambiguous: "有歧义" },
  },
  en: {
    title: "Ask the government disclosure reports", examples: "Try these questions:", ask: "Ask", new: "New chat",
    placeholder: "e.g. How many lawsuits did Pingtan face in 2024?", reports: "Reports",
    filter: "Filter by agency or year", close: "Close", lang: "中文", source: "Source", report: "Report",
    section: "Section", table: "Table", row: "Row", column: "Column", page: "Page", evidence: "Evidence",
    checks: "Checks", inputs: "Figures used", arithmetic: "Arithmetic", candidates: "Candidates",
    failed: "failed checks", tables: "tables", facts: "facts", approx: "about", sending: "Looking it up…",
    error: "Error: ", sections: "Text", confidence: "confidence",
    status: { answered: "answered", not_reported: "not reported", not_found: "not found", ambiguous: "ambiguous" },
  },
};

const EXAMPLES = {
  zh: ["平潭综合实验区2024年政府信息公开行政诉讼有多少件？", "那2023年呢？",
       "上海市人社局2011年电子邮件申请数是多少？", "淮安市洪泽区2023年行政复议总计多少件？",
       "上海市人社局2011年同意公开的申请占答复总数的比例是多少？"],
  en: ["How many lawsuits over information disclosure did Pingtan face in 2024?", "What about 2023?",
       "How many requests did the Shanghai human resources bureau receive by fax in 2011?"],
};

const state = { lang: "zh", history: [], reports: [], reportCache: new Map() };
const $ = (id) => document.getElementById(id);

function t(key) { return I18N[state.lang][key]; }

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((n) => { n.placeholder = t(n.dataset.i18nPlaceholder); });
  $("lang").textContent = t("lang");
  const list = $("example-list");
  list.replaceChildren(...EXAMPLES[state.lang].map((q) =>
    el("button", { type: "button", class: "example", onclick: () => ask(q) }, q)));
  renderReportList();
}

function formatValue(value) {
  if (value === null || value === undefined) return "";
  return Number.isInteger(value) ? value.toLocaleString("en-US") : String(Math.round(value * 10000) / 10000);
}

// Text with the figure marked: 【…】 markers from the answering core, else occurrences of the number.
function highlighted(text, value) {
  const frag = document.createDocumentFragment();
  if (/【[^】]*】/.test(text)) {
    for (const part of text.split(/(【[^】]*】)/)) {
      if (part.startsWith("【") && part.endsWith("】")) frag.append(el("mark", {}, part.slice(1, -1)));
      else if (part) frag.append(part);
    }
    return frag;
  }
  const needle = value === null || value === undefined ? "" : String(value);
  if (!needle) { frag.append(text); return frag; }
  let rest = text;
  while (rest) {
    const i = rest.indexOf(needle);
    const before = i > 0 ? rest[i - 1] : "";
    const after = i >= 0 ? rest[i + needle.length] || "" : "";
    if (i < 0) { frag.append(rest); break; }
    if (/[0-9.]/.test(before) || /[0-9]/.test(after)) {
      frag.append(rest.slice(0, i + needle.length)); rest = rest.slice(i + needle.length); continue;
    }
    frag.append(rest.slice(0, i), el("mark", {}, needle));
    rest = rest.slice(i + needle.length);
  }
  return frag;
}

function tableGrid(table, markRow, markColumn) {
  const head = el("tr", {}, el("th", {}, ""), ...table.columns.map((c) => el("th", {}, c.join(" › "))));
  const rows = table.rows.map((row, r) => {
    const rowName = row.join(" › ");
    return el("tr", {}, el("th", {}, rowName), ...table.cells[r].map((cell, c) => {
      const marked = rowName === markRow && table.columns[c].join(" › ") === markColumn;
      return el("td", marked ? { class: "marked" } : {}, cell === null ? "?" : cell);
    }));
  });
  return el("table", { class: "grid" }, el("thead", {}, head), el("tbody", {}, ...rows));
}

async function fetchReport(id) {
  if (!state.reportCache.has(id)) {
    const res = await fetch(`/api/reports/${encodeURIComponent(id)}`);
    if (!res.ok) throw new Error((await res.json()).error || res.statusText);
    state.reportCache.set(id, await res.json());
  }
  return state.reportCache.get(id);
}

async function sourceTable(answer) {
  const src = answer.source;
  if (!src || src.kind !== "table" || !answer.report) return null;
  try {
    const report = await fetchReport(answer.report.id);
    const table = report.tables.find((tb) => tb.title === src.table &&
      tb.rows.some((r) => r.join(" › ") === src.row)) || report.tables.find((tb) => tb.title === src.table);
    return table ? tableGrid(table, src.row, src.column) : null;
  } catch (err) { return null; }
}

function sourceLines(src) {
  const lines = [];
  const add = (label, value) => { if (value) lines.push(el("div", { class: "meta" }, el("b", {}, t(label) + "："), value)); };
  add("section", src.section); add("table", src.table); add("row", src.row); add("column", src.column);
  if (src.page) add("page", String(src.page));
  return lines;
}

async function renderAnswer(answer) {
  const card = el("div", { class: "msg-a" });
  card.append(el("span", { class: `status ${answer.status}` }, t("status")[answer.status] || answer.status));
  if (answer.value !== null && answer.value !== undefined) {
    card.append(el("div", { class: "figure" }, answer.approximate ? t("approx") + " " : "",
      formatValue(answer.value), el("span", { class: "unit" }, answer.unit || "")));
  }
  card.append(el("div", { class: "sentence" }, answer.answer));
  if (answer.report) {
    card.append(el("div", { class: "meta" }, el("b", {}, t("report") + "："),
      el("a", { href: "#", onclick: (e) => { e.preventDefault(); openReport(answer.report.id); } },
        `${answer.report.title} (${answer.report.agency}, ${answer.report.year ?? "?"})`)));
  }
  if (answer.source) {
    card.append(...sourceLines(answer.source));
    if (answer.source.kind === "computed" && answer.source.quote) {
      card.append(el("h4", {}, t("arithmetic")), el("div", { class: "arith" }, answer.source.quote));
    }
    const grid = await sourceTable(answer);
    if (grid) card.append(grid);
  }
  if (answer.inputs && answer.inputs.length) {
    card.append(el("h4", {}, t("inputs")), el("ul", {}, ...answer.inputs.map((inp) =>
      el("li", {}, `${formatValue(inp.value)} ${inp.unit || ""} — ${inp.report.agency} ${inp.report.year ?? ""} · ${inp.source.table || inp.source.section} · ${inp.source.row} ${inp.source.column}`))));
  }
  if (answer.evidence && answer.evidence.length) {
    card.append(el("h4", {}, t("evidence")), ...answer.evidence.map((ev) =>
      el("div", { class: "evidence" }, el("div", { class: "meta" }, ev.section), highlighted(ev.text, answer.value))));
  }
  if (answer.checks && answer.checks.length) {
    card.append(el("h4", {}, t("checks")), el("ul", {}, ...answer.checks.map((c) =>
      el("li", { class: `check ${c.ok ? "ok" : "fail"}` }, `${c.name}: ${c.detail}`))));
  }
  if (answer.candidates && answer.candidates.length) {
    card.append(el("h4", {}, t("candidates")), el("ul", {}, ...answer.candidates.map((c) =>
      el("li", {}, Object.values(c).filter((v) => typeof v !== "object").join(" · ")))));
  }
  return card;
}

async function ask(question) {
  question = (question || "").trim();
  if (!question) return;
  const conversation = $("conversation");
  conversation.append(el("div", { class: "msg-q" }, question));
  const pending = el("div", { class: "msg-a" }, t("sending"));
  conversation.append(pending);
  $("question").value = "";
  try {
    const res = await fetch("/api/ask", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, history: state.history.slice(-10) }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || res.statusText);
    state.history.push(question);
    pending.replaceWith(await renderAnswer(body));
  } catch (err) {
    pending.replaceChildren(el("span", { class: "error" }, t("error") + err.message));
  }
  window.scrollTo(0, document.body.scrollHeight);
}

function renderReportList() {
  const filter = ($("report-filter").value || "").trim();
  const items = state.reports.filter((r) => !filter || r.agency.includes(filter) || String(r.year) === filter
    || r.title.includes(filter));
  $("report-list").replaceChildren(...items.map((r) => el("li", { class: "report-item", "data-id": r.id, onclick: () => openReport(r.id) },
    el("div", {}, `${r.agency} · ${r.year ?? "?"}`),
    el("div", { class: "meta" }, `${r.tables} ${t("tables")} · ${r.facts} ${t("facts")}`),
    r.failed_checks ? el("div", { class: "warn" }, `${r.failed_checks} ${t("failed")}`) : null)));
}

async function loadReports() {
  try {
    const res = await fetch("/api/reports");
    state.reports = await res.json();
  } catch (err) { state.reports = []; }
  renderReportList();
}

async function openReport(id) {
  const body = $("report-body");
  body.replaceChildren(t("sending"));
  $("report-view").hidden = false;
  try {
    const report = await fetchReport(id);
    const parts = [el("h2", { id: "report-title" }, report.title),
      el("div", { class: "meta" }, `${report.agency} · ${report.year ?? "?"} · ${report.path.split("/").pop()}`)];
    for (const section of report.sections) {
      parts.push(el("h3", {}, section.path.join(" › ")));
      for (const passage of section.passages) parts.push(el("p", {}, passage.text));
      for (const table of report.tables.filter((tb) => tb.section.join(" › ") === section.path.join(" › "))) {
        parts.push(el("h4", {}, table.title), tableGrid(table, null, null));
      }
    }
    const placed = new Set(report.sections.map((s) => s.path.join(" › ")));
    for (const table of report.tables.filter((tb) => !placed.has(tb.section.join(" › ")))) {
      parts.push(el("h4", {}, table.title), tableGrid(table, null, null));
    }
    if (report.checks.length) {
      parts.push(el("h3", {}, t("checks")), el("ul", {}, ...report.checks.map((c) =>
        el("li", { class: `check ${c.ok ? "ok" : "fail"}` }, `${c.name}: ${c.detail}`))));
    }
    body.replaceChildren(...parts);
  } catch (err) {
    body.replaceChildren(el("span", { class: "error" }, t("error") + err.message));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (e) => { e.preventDefault(); ask($("question").value); });
  $("new-chat").addEventListener("click", () => { state.history = []; $("conversation").replaceChildren(); });
  $("lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applyLanguage(); });
  $("close-report").addEventListener("click", () => { $("report-view").hidden = true; });
  $("report-filter").addEventListener("input", renderReportList);
  applyLanguage();
  loadReports();
});
