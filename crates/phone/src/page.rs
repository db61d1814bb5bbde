//! The page the phone opens, in the officer's language: plain HTML whose form sends the chosen
//! photos as any browser does (WeChat's built-in browser included, and without script), and a
//! small script that, where it runs, sends them one by one instead and shows each one's progress
//! and what the laptop answered.

use crate::Answer;
use baohou_core::i18n::Locale;

/// The page's sentences in one language.
pub(crate) struct Words {
    pub(crate) lang: &'static str,
    pub(crate) title: &'static str,
    pub(crate) goes_to: &'static str,
    pub(crate) choose: &'static str,
    pub(crate) send: &'static str,
    pub(crate) waiting: &'static str,
    pub(crate) sending: &'static str,
    pub(crate) received: &'static str,
    pub(crate) already: &'static str,
    pub(crate) refused: &'static str,
    pub(crate) failed: &'static str,
    pub(crate) results: &'static str,
    pub(crate) more: &'static str,
    pub(crate) none_chosen: &'static str,
    pub(crate) broken: &'static str,
    pub(crate) served_while_open: &'static str,
    pub(crate) gone: &'static str,
}

pub(crate) fn words(locale: Locale) -> Words {
    match locale {
        Locale::ZhCn => Words {
            lang: "zh-CN",
            title: "保后 · 用手机拍照",
            goes_to: "照片将加入这次检查：",
            choose: "拍照或选择照片",
            send: "发送到电脑",
            waiting: "等待发送",
            sending: "发送中",
            received: "电脑已收下",
            already: "这张照片已在这次检查中",
            refused: "电脑未收下：",
            failed: "发送失败，请重试：",
            results: "发送结果",
            more: "继续拍照",
            none_chosen: "没有选择照片。",
            broken: "照片没有传完整（连接中断），请重新发送。",
            served_while_open: "本页由办公电脑提供，电脑上的「用手机拍照」对话框关闭或超时后即失效。",
            gone: "此链接无效或已过期。请在电脑上重新打开「用手机拍照」，再扫一次二维码。",
        },
        Locale::ZhTw => Words {
            lang: "zh-TW",
            title: "保後 · 用手機拍照",
            goes_to: "照片將加入這次檢查：",
            choose: "拍照或選擇照片",
            send: "傳送到電腦",
            waiting: "等待傳送",
            sending: "傳送中",
            received: "電腦已收下",
            already: "這張照片已在這次檢查中",
            refused: "電腦未收下：",
            failed: "傳送失敗，請重試：",
            results: "傳送結果",
            more: "繼續拍照",
            none_chosen: "沒有選擇照片。",
            broken: "照片沒有傳完整（連線中斷），請重新傳送。",
            served_while_open: "本頁由辦公電腦提供，電腦上的「用手機拍照」對話框關閉或逾時後即失效。",
            gone: "此連結無效或已過期。請在電腦上重新開啟「用手機拍照」，再掃一次 QR 碼。",
        },
        Locale::En => Words {
            lang: "en",
            title: "Baohou · Photos from the phone",
            goes_to: "Photos go to this visit: ",
            choose: "Take or choose photos",
            send: "Send to the laptop",
            waiting: "waiting",
            sending: "sending",
            received: "received by the laptop",
            already: "already in this visit",
            refused: "not taken by the laptop: ",
            failed: "not sent, try again: ",
            results: "What was sent",
            more: "More photos",
            none_chosen: "No photo was chosen.",
            broken: "the photo did not arrive whole (the connection broke); send it again.",
            served_while_open: "The laptop serves this page only while its 用手机拍照 dialog is open, for a few minutes.",
            gone: "This link is wrong or has expired. Open 用手机拍照 on the laptop again and scan the new code.",
        },
    }
}

/// Text made safe inside HTML (element content and quoted attributes).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;margin:0;padding:16px;color:#1f2328;background:#f6f7f9}\
h1{font-size:20px;margin:0 0 12px}p{margin:8px 0}.visit{font-weight:600}\
label.pick{display:block;text-align:center;padding:18px;border-radius:10px;background:#1f6feb;color:#fff;font-size:18px;margin:16px 0}\
label.pick input{display:block;margin:10px auto 0;color:#fff;max-width:100%}\
button{width:100%;padding:14px;font-size:17px;border-radius:10px;border:1px solid #1f6feb;background:#fff;color:#1f6feb}\
ul{list-style:none;padding:0}li{background:#fff;border-radius:8px;padding:10px;margin:8px 0;word-break:break-all}\
li.ok{border-left:5px solid #1a7f37}li.no{border-left:5px solid #cf222e}li .what{display:block;font-size:14px;color:#57606a}\
progress{width:100%}small{color:#57606a;word-break:break-all}";

/// The page with its form. `visit` names the visit the photos go to.
/// `token` makes the script's address (the page's own address has no trailing slash, so a
/// relative one would leave the token out).
pub(crate) fn form(locale: Locale, visit: &str, token: &str) -> String {
    let w = words(locale);
    document(
        &w,
        format!(
            "\
<body data-waiting=\"{waiting}\" data-sending=\"{sending}\" data-received=\"{received}\" data-refused=\"{refused}\" data-failed=\"{failed}\" data-max=\"{max}\" data-too-large=\"{too_large}\">\
<h1>{title}</h1><p>{goes_to}<span class=\"visit\">{visit}</span></p>\
<form method=\"post\" enctype=\"multipart/form-data\" id=\"send\">\
<label class=\"pick\">{choose}<input type=\"file\" name=\"photo\" accept=\"image/*\" multiple id=\"photos\"></label>\
<button type=\"submit\">{send}</button></form>\
<ul id=\"sent\" aria-live=\"polite\"></ul>\
<p><small>{served}</small></p>\
<script src=\"/p/{token}/upload.js\"></script></body>",
            title = w.title,
            waiting = escape(w.waiting),
            sending = escape(w.sending),
            received = escape(w.received),
            refused = escape(w.refused),
            failed = escape(w.failed),
            max = crate::MAX_PHOTO_BYTES,
            too_large = escape(&too_large(locale)),
            goes_to = w.goes_to,
            visit = escape(visit),
            choose = w.choose,
            send = w.send,
            served = w.served_while_open,
            token = escape(token),
        ),
    )
}

/// Why a photo over the limit is refused.
pub(crate) fn too_large(locale: Locale) -> String {
    let limit = crate::MAX_PHOTO_BYTES / (1024 * 1024);
    match locale {
        Locale::ZhCn => format!("照片超过 {limit} MB，不像手机拍的照片。"),
        Locale::ZhTw => format!("照片超過 {limit} MB，不像手機拍的照片。"),
        Locale::En => format!("over {limit} MB: not a phone's photo."),
    }
}

/// What the form without script gets back: each photo's answer, and the way back to the form.
pub(crate) fn results(locale: Locale, visit: &str, answers: &[Answer]) -> String {
    let w = words(locale);
    let items: String = if answers.is_empty() {
        format!("<li class=\"no\">{}</li>", w.none_chosen)
    } else {
        answers
            .iter()
            .map(|a| {
                format!(
                    "<li class=\"{class}\">{file}<span class=\"what\">{what}{message}</span></li>",
                    class = if a.accepted { "ok" } else { "no" },
                    file = escape(&a.file),
                    what = match (a.accepted, a.message.is_empty()) {
                        (true, true) => w.received,
                        (true, false) => "",
                        (false, _) => w.refused,
                    },
                    message = escape(&a.message),
                )
            })
            .collect()
    };
    document(
        &w,
        format!(
            "<body><h1>{results}</h1><p>{goes_to}<span class=\"visit\">{visit}</span></p>\
<ul id=\"sent\">{items}</ul><form method=\"get\"><button type=\"submit\">{more}</button></form></body>",
            results = w.results,
            goes_to = w.goes_to,
            visit = escape(visit),
            more = w.more,
        ),
    )
}

/// A whole page: the head every page shares, then `body`.
fn document(w: &Words, body: String) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
<style>{STYLE}</style></head>{body}</html>",
        lang = w.lang,
        title = w.title,
    )
}

/// What every address but the door's answers (404), and the door's once it has closed.
pub(crate) fn gone(locale: Locale) -> String {
    let w = words(locale);
    document(
        &w,
        format!(
            "<body><h1>{title}</h1><p>{gone}</p></body>",
            title = w.title,
            gone = w.gone,
        ),
    )
}

/// The script: sends the chosen photos one at a time, each with its progress and its answer.
/// Where it does not run, the form posts them all at once and the answers come as a page.
pub(crate) const SCRIPT: &str = r#""use strict";
(function () {
  var form = document.getElementById("send");
  var input = document.getElementById("photos");
  var list = document.getElementById("sent");
  var say = document.body.dataset;
  if (!window.XMLHttpRequest || !form || !input || !list) return;
  var queue = [];
  var busy = false;
  function item(file) {
    var li = document.createElement("li");
    li.appendChild(document.createTextNode(file.name));
    var what = document.createElement("span");
    what.className = "what";
    what.textContent = say.waiting;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    li.appendChild(bar);
    li.appendChild(what);
    list.insertBefore(li, list.firstChild);
    return { li: li, what: what, bar: bar, file: file };
  }
  function next() {
    if (busy || queue.length === 0) return;
    busy = true;
    var job = queue.shift();
    if (job.file.size > Number(say.max)) {
      job.li.removeChild(job.bar);
      job.li.className = "no";
      job.what.textContent = say.refused + say.tooLarge;
      busy = false;
      next();
      return;
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", location.pathname.replace(/\/+$/, "") + "/photo?name=" + encodeURIComponent(job.file.name));
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        job.bar.value = Math.round((e.loaded * 100) / e.total);
        job.what.textContent = say.sending + " " + job.bar.value + "%";
      }
    };
    xhr.onload = function () {
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      job.li.removeChild(job.bar);
      if (xhr.status === 200 && answer) {
        job.li.className = answer.accepted ? "ok" : "no";
        job.what.textContent = answer.accepted ? answer.message || say.received : say.refused + answer.message;
      } else {
        job.li.className = "no";
        job.what.textContent = say.failed + xhr.status;
      }
      busy = false;
      next();
    };
    xhr.onerror = function () {
      job.li.className = "no";
      if (job.bar.parentNode) job.li.removeChild(job.bar);
      job.what.textContent = say.failed + "network";
      busy = false;
      next();
    };
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.send(job.file);
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var files = input.files;
    for (var i = 0; i < files.length; i++) queue.push(item(files[i]));
    input.value = "";
    next();
  });
  input.addEventListener("change", function () {
    if (input.files.length > 0) form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visit_and_the_answers_are_escaped_and_worded_in_each_language() {
        let page = form(Locale::ZhCn, "<华信>精密 · 2026-12-07", "tok");
        assert!(page.contains("src=\"/p/tok/upload.js\""), "{page}");
        assert!(page.contains("&lt;华信&gt;精密"), "{page}");
        assert!(page.contains("拍照或选择照片"));
        assert!(page.contains("enctype=\"multipart/form-data\""));
        let answers = [
            Answer {
                file: "IMG_1.jpg".into(),
                accepted: true,
                message: String::new(),
            },
            Answer {
                file: "<b>.png".into(),
                accepted: false,
                message: "照片已损坏".into(),
            },
        ];
        let page = results(Locale::ZhTw, "visit", &answers);
        assert!(page.contains("電腦已收下"));
        assert!(page.contains("&lt;b&gt;.png"));
        assert!(page.contains("電腦未收下：照片已损坏"), "{page}");
        assert!(gone(Locale::En).contains("expired"));
    }
}
