"use strict";
const API = "/api/v1/office";
const STATE = { uploading: "上传中", awaiting_first: "待审批", awaiting_second: "审批中", approved: "已通过", returned: "已退回" };
// The state with the step awaited: 待风控部经理审批.
function stateText(r) { return r.next_step ? "待" + r.next_step + "审批" : STATE[r.state]; }
const DOC_KIND = { inspection_report: "保后检查表", notice: "通知书", release: "免除担保责任确认表", withdrawal: "撤销担保审批表" };
const KIND = { pdf: "检查表 PDF", visit_json: "走访记录 JSON", photo: "照片", seal: "电子签名", signature: "签名" };
const DECISION = { approved: "通过", returned: "退回" };
let me = null;
let selected = null;

const $ = (id) => document.getElementById(id);
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return e;
}
const minute = (t) => t ? t.slice(0, 16).replace("T", " ") : "";
function size(bytes) {
  if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MB";
  return Math.max(1, Math.round(bytes / 1024)) + " KB";
}

async function call(path, options = {}) {
  const token = sessionStorage.getItem("baohou-staff-token");
  const headers = Object.assign({ Authorization: "Bearer " + token }, options.headers || {});
  let r;
  try {
    r = await fetch(API + path, Object.assign({}, options, { headers }));
  } catch (e) {
    throw new Error("无法连接总部服务器：" + e.message);
  }
  if (r.status === 401) { signOut("令牌无效或已停用，请重新登录。"); throw new Error("未登录"); }
  if (!r.ok) {
    let message = "请求失败（" + r.status + "）";
    try { message = (await r.json()).message || message; } catch (_) {}
    throw new Error(message);
  }
  return r;
}

function signOut(why) {
  sessionStorage.removeItem("baohou-staff-token");
  me = null;
  $("app").hidden = true; $("logout").hidden = true; $("who").textContent = "";
  $("login").hidden = false; $("login-error").textContent = why || "";
}

async function signIn() {
  const r = await call("/me");
  me = await r.json();
  $("who").textContent = me.name + "（" + (me.role === "reviewer" ? "审核人" : "只读：核心系统") + "）";
  $("login").hidden = true; $("app").hidden = false; $("logout").hidden = false;
  await list();
}

function query() {
  const form = new FormData($("filters"));
  const q = new URLSearchParams();
  for (const [k, v] of form.entries()) if (String(v).trim()) q.set(k, String(v).trim());
  return q.toString();
}

function marksCell(reviews) {
  if (!reviews.length) return el("td", { class: "muted" }, "—");
  return el("td", { class: "marks" }, ...reviews.map((v) => el("div", { class: "mark " + v.decision }, v.step + " " + v.reviewer + " " + DECISION[v.decision])));
}

async function list() {
  $("list-error").textContent = "";
  let reports;
  try {
    reports = await (await call("/reports?" + query())).json();
  } catch (e) { $("list-error").textContent = e.message; return; }
  $("count").textContent = "共 " + reports.length + " 份";
  const rows = $("rows");
  rows.replaceChildren(...reports.map((r) => {
    const tr = el("tr", { class: "row" + (r.document_no === selected ? " selected" : ""), "data-no": r.document_no, onclick: () => show(r.document_no) },
      el("td", { class: "num doc" }, r.document_no, el("div", { class: "muted" }, DOC_KIND[r.kind] || r.kind)),
      el("td", { class: "borrower" }, r.borrower, el("div", { class: "muted" }, r.contract_no)),
      el("td", {}, r.officer),
      el("td", { class: "num" }, r.visit_date),
      el("td", { class: "num" }, minute(r.received_at)),
      el("td", { class: "num" }, r.files + " 个 · " + size(r.bytes)),
      el("td", {}, el("span", { class: "state s-" + r.state }, stateText(r))),
      marksCell(r.reviews));
    return tr;
  }));
  if (!reports.length) rows.append(el("tr", {}, el("td", { colspan: "8", class: "muted" }, "没有符合条件的检查表。")));
}

async function download(no, file, open) {
  try {
    const blob = await (await call("/reports/" + encodeURIComponent(no) + "/files/" + file.sha256)).blob();
    const url = URL.createObjectURL(blob);
    if (open) { window.open(url, "_blank"); }
    else { const a = el("a", { href: url, download: file.name }); document.body.append(a); a.click(); a.remove(); }
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) { alert(e.message); }
}

async function sheet(no) {
  try {
    const blob = await (await call("/reports/" + encodeURIComponent(no) + "/approval.pdf")).blob();
    const url = URL.createObjectURL(blob);
    window.open(url, "_blank");
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) { alert(e.message); }
}

async function show(no) {
  selected = no;
  for (const tr of document.querySelectorAll("tr.row")) tr.classList.toggle("selected", tr.dataset.no === no);
  const box = $("detail");
  let d;
  try { d = await (await call("/reports/" + encodeURIComponent(no))).json(); }
  catch (e) { box.replaceChildren(el("p", { class: "error" }, e.message)); return; }
  const files = el("ul", { class: "files" }, ...d.report_files.map((f) => el("li", {},
    el("span", { class: "name", title: f.sha256 }, (KIND[f.kind] || f.kind) + " · " + f.name),
    el("span", { class: "muted num" }, size(f.size)),
    f.verified ? el("button", { type: "button", onclick: () => download(no, f, false) }, "下载") : el("span", { class: "muted" }, "未收齐"),
    f.verified && (f.kind === "pdf" || f.kind === "photo") ? el("button", { type: "button", onclick: () => download(no, f, true) }, "查看") : "")));
  const marks = el("div", {}, ...d.reviews.map((v) => el("p", { style: "margin:2px 0" }, v.step + "：",
      el("span", { class: "mark " + v.decision }, v.reviewer + " " + DECISION[v.decision] + "（" + minute(v.at) + "）" + (v.note ? "：" + v.note : "")))),
    d.next_step ? el("p", { style: "margin:2px 0" }, d.next_step + "：", el("span", { class: "muted" }, "尚未审批")) : "");
  const form = reviewForm(d);
  box.replaceChildren(
    el("h2", {}, d.borrower),
    el("span", { class: "state s-" + d.state }, stateText(d)),
    el("dl", {},
      el("dt", {}, "文书"), el("dd", {}, DOC_KIND[d.kind] || d.kind),
      el("dt", {}, "编号"), el("dd", { class: "num" }, d.document_no),
      el("dt", {}, "合同"), el("dd", {}, d.contract_no),
      el("dt", {}, "客户经理"), el("dd", {}, d.officer),
      el("dt", {}, d.kind === "inspection_report" ? "走访日期" : "签发日期"), el("dd", { class: "num" }, d.visit_date),
      el("dt", {}, "收到"), el("dd", { class: "num" }, minute(d.received_at)),
      el("dt", {}, "收齐"), el("dd", { class: "num" }, d.completed_at ? minute(d.completed_at) : "尚未收齐")),
    el("strong", {}, "文件"), files,
    el("strong", {}, "审批流程"), marks,
    el("button", { type: "button", onclick: () => sheet(d.document_no) }, "打印审批单"), form);
}

function reviewForm(d) {
  if (!me || me.role !== "reviewer") return el("p", { class: "muted" }, "只读账号不能审核。");
  if (d.state === "uploading") return el("p", { class: "muted" }, "文件收齐后才能审核。");
  if (d.state === "approved" || d.state === "returned") return el("p", { class: "muted" }, "审核已结束。");
  if (d.reviews.some((v) => v.reviewer_id === me.id)) return el("p", { class: "muted" }, "下一级须由另一位审核人审批。");
  const stage = d.next_step || "审批";
  const note = el("textarea", { placeholder: "意见（退回时请写明原因）", maxlength: "2000" });
  const error = el("p", { class: "error", role: "alert" });
  const send = async (decision) => {
    error.textContent = "";
    if (decision === "returned" && !note.value.trim()) { error.textContent = "退回时请写明原因。"; return; }
    try {
      await call("/reports/" + encodeURIComponent(d.document_no) + "/reviews", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ decision, note: note.value }),
      });
      await list(); await show(d.document_no);
    } catch (e) { error.textContent = e.message; }
  };
  return el("div", { class: "review-form" }, el("strong", {}, stage + "（" + me.name + "）"), note,
    el("button", { class: "primary", type: "button", onclick: () => send("approved") }, "通过"), " ",
    el("button", { type: "button", onclick: () => send("returned") }, "退回"), error);
}

async function officers() {
  $("officer-error").textContent = "";
  const form = new FormData($("officer-filters"));
  const q = new URLSearchParams();
  for (const [k, v] of form.entries()) if (String(v).trim()) q.set(k, String(v).trim());
  let views;
  try { views = await (await call("/officers?" + q.toString())).json(); }
  catch (e) { $("officer-error").textContent = e.message; return; }
  const rows = $("officer-rows");
  rows.replaceChildren();
  for (const v of views) {
    const laptops = v.laptops.map((l) => (l.codes.join("/") || "#" + l.device_id) + " · " + (l.agenda_as_of || "未上报") + " · 密钥 " + (l.key_fingerprint || "尚未绑定") + (l.audit_break ? " · 审计日志异常：" + l.audit_break : "")).join("；");
    const flag = (n) => el("td", { class: "num" + (n ? " flag" : "") }, String(n));
    const open = el("tr", { class: "row", "data-officer": v.officer },
      el("td", {}, v.officer),
      el("td", { class: v.laptops.some((l) => l.audit_break) ? "late" : "muted" }, laptops || "—"),
      el("td", { class: "num" + (v.overdue.length ? " late" : "") }, String(v.overdue.length)),
      el("td", { class: "num" }, String(v.visits)),
      flag(v.evidence.reused_photos), flag(v.evidence.far_from_site), flag(v.evidence.far_from_visit),
      flag(v.evidence.ahead_of_clock), flag(v.evidence.near_copy_reports));
    const detail = el("tr", { hidden: "" }, el("td", { colspan: "9" }, el("ol", { class: "overdue-list" },
      ...v.overdue.map((t) => el("li", {}, (t.kind_name || t.kind) + " · " + (t.borrower || "") + " " + (t.contract_no || "") + " · 应于 " + t.due + " · 已逾期 " + t.days_overdue + " 天")))));
    open.addEventListener("click", () => { detail.hidden = !detail.hidden; });
    rows.append(open, detail);
  }
  if (!views.length) rows.append(el("tr", {}, el("td", { colspan: "9", class: "muted" }, "尚无登记的笔记本。")));
}

function tab(which) {
  $("tab-reports").classList.toggle("on", which === "reports");
  $("tab-officers").classList.toggle("on", which === "officers");
  $("reports-view").hidden = which !== "reports";
  $("officers").hidden = which !== "officers";
  if (which === "officers") officers();
}
$("tab-reports").addEventListener("click", () => tab("reports"));
$("tab-officers").addEventListener("click", () => tab("officers"));
$("officer-filters").addEventListener("submit", (e) => { e.preventDefault(); officers(); });

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  sessionStorage.setItem("baohou-staff-token", $("token").value.trim());
  try { await signIn(); $("token").value = ""; } catch (err) { $("login-error").textContent = err.message === "未登录" ? $("login-error").textContent : err.message; }
});
$("logout").addEventListener("click", () => signOut(""));
$("filters").addEventListener("submit", (e) => { e.preventDefault(); list(); });
$("filters").addEventListener("reset", () => setTimeout(list, 0));
if (sessionStorage.getItem("baohou-staff-token")) signIn().catch(() => {}); else signOut("");
