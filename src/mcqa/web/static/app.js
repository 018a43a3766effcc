// mcqa web application: the only script. No inline handlers (strict CSP), no libraries.
// 1. Language selector submits on change. 2. Long forms show a progress bar while the
// browser waits for the answer: the form is sent normally, this page polls
// /progress/<job> until the next page arrives.
"use strict";
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () { watch(form); });
  });
});

function text(box, key, values) {
  var t = box.querySelector('template[data-text="' + key + '"]');
  var s = t ? t.innerHTML : "";
  Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
  var div = document.createElement("div");
  div.innerHTML = s;  // the template's own (escaped) text, never server data
  return div.textContent;
}

// numbers as the page's language writes them (1.500 in German, 1 500 in Polish), not
// as the browser's own locale would
function num(n) {
  try { return n.toLocaleString(document.documentElement.lang || undefined); }
  catch (e) { return String(n); }
}

function watch(form) {
  var job = form.querySelector('input[name="job"]');
  var box = form.querySelector(".progress");
  if (!job || !box) { return; }
  var bar = box.querySelector("progress");
  var line = box.querySelector(".progress-text");
  box.hidden = false;
  form.querySelectorAll('button[type="submit"]').forEach(function (b) { b.disabled = true; });
  bar.removeAttribute("value");
  var polls = 0;
  function poll() {
    polls += 1;
    if (polls > 3600) { return; }
    fetch("/progress/" + encodeURIComponent(job.value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (p && p.state === "running") {
          if (p.total) {
            bar.max = p.total; bar.value = Math.min(p.done, p.total);
            line.textContent = text(box, "running", { done: num(p.done), total: num(p.total) });
          } else {
            bar.removeAttribute("value");
            line.textContent = text(box, "running-unknown", { done: num(p.done) });
          }
        } else if (p && p.state === "waiting") {
          line.textContent = text(box, "waiting");
        } else if (p && p.state === "done") {
          bar.max = 1; bar.value = 1; line.textContent = text(box, "done");
        }
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 500); });
  }
  setTimeout(poll, 300);
}
