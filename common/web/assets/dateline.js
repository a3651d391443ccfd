// Dateline: small enhancements of the server-rendered pages (served from /assets/dateline.js).
// Everything works without this file: forms submit and links navigate on their own.
"use strict";

(function () {
  var box = document.getElementById("q");

  // "/" jumps to the search box from anywhere but another field.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey && box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // A new sort order applies at once (without JavaScript the Apply button does it).
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () {
      sort.form.requestSubmit ? sort.form.requestSubmit() : sort.form.submit();
    });
  }

  // Suggestions while typing (the autocomplete API), through a <datalist> the browser shows natively.
  if (!box || !window.fetch || !box.dataset.suggest) {
    return;
  }
  var list = document.getElementById("q-suggestions");
  var timer = 0;
  var latest = "";
  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    var text = box.value;
    if (text.trim().length < 2) {
      return;
    }
    timer = window.setTimeout(function () {
      latest = text;
      fetch(box.dataset.suggest + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (!body || latest !== text) {
            return;
          }
          // /api/suggest: {"terms": [...], "titles": [{"title": ...}]}; OpenSearch: ["typed", [...]].
          var suggestions = Array.isArray(body) ? body[1] || [] : (body.terms || []).concat(
            (body.titles || []).map(function (title) { return title.title; }));
          list.replaceChildren.apply(list, suggestions.slice(0, 8).map(function (suggestion) {
            var option = document.createElement("option");
            option.value = String(suggestion);
            return option;
          }));
        })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });
})();
