// Evidence report behaviour: hover tooltips, kind toggles, click-to-filter. Builds DOM nodes with textContent
// only (never innerHTML), so corpus text cannot become markup.
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("rows").textContent);
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.h"));
  var enabled = { actor: true, event: true, metric: true, stance: true };
  var filter = null; // {dim: "actor"|"key", kind, value, label}
  var tip = document.getElementById("tip");
  var status = document.getElementById("filter-status");
  var clear = document.getElementById("clear-filter");
  var KIND = { actor: "actor mention", event: "event", metric: "metric", stance: "stance" };

  function ids(mark) { return mark.getAttribute("data-h").split(" ").map(Number); }
  function matches(row) {
    if (!filter) return true;
    if (filter.dim === "actor") return row.a.indexOf(filter.value) >= 0;
    return row.k === filter.kind && row.key === filter.value;
  }

  function refresh() {
    var hits = 0, docs = {};
    marks.forEach(function (mark) {
      var kinds = {}, hit = false;
      ids(mark).forEach(function (i) {
        var row = rows[i];
        if (!enabled[row.k] || !matches(row)) return;
        kinds[row.k] = true;
        hit = true;
      });
      mark.className = "h" + Object.keys(kinds).map(function (k) { return " k-" + k; }).join("") +
        (hit ? "" : " off") + (hit && filter ? " hit" : "");
      if (hit) { hits++; docs[mark.closest("article").id] = true; }
    });
    document.querySelectorAll("article.doc").forEach(function (doc) {
      doc.classList.toggle("nomatch", !!filter && !docs[doc.id]);
    });
    clear.hidden = !filter;
    status.textContent = filter ? "showing " + filter.label + ": " + hits + " highlights in " +
      Object.keys(docs).length + " documents" : "";
  }

  function setFilter(f) { filter = f; refresh(); }

  function filterFor(row) {
    if (row.k === "actor") return { dim: "actor", value: row.key, label: "rows about " + (row.f.actor || row.key) };
    return { dim: "key", kind: row.k, value: row.key, label: KIND[row.k] + "s: " + row.key };
  }

  function shown(mark) {
    return ids(mark).filter(function (i) { return enabled[rows[i].k] && matches(rows[i]); });
  }

  function showTip(mark, event) {
    var list = shown(mark);
    if (!list.length) return;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    list.forEach(function (i) {
      var row = rows[i], box = document.createElement("div"), head = document.createElement("div");
      var table = document.createElement("table");
      box.className = "row";
      head.className = "kind k-" + row.k;
      head.textContent = KIND[row.k];
      box.appendChild(head);
      Object.keys(row.f).forEach(function (label) {
        var tr = table.insertRow(), a = tr.insertCell(), b = tr.insertCell();
        a.textContent = label;
        b.textContent = row.f[label];
      });
      box.appendChild(table);
      tip.appendChild(box);
    });
    tip.hidden = false;
    moveTip(event);
  }

  function moveTip(event) {
    var x = event.clientX + 14, y = event.clientY + 14, w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, event.clientX - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, event.clientY - h - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  document.addEventListener("mouseover", function (event) {
    var mark = event.target.closest && event.target.closest("mark.h");
    if (mark) showTip(mark, event); else tip.hidden = true;
  });
  document.addEventListener("mousemove", function (event) { if (!tip.hidden) moveTip(event); });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    var mark = target.closest("mark.h");
    if (mark) {
      var list = shown(mark);
      if (!list.length) return;
      // covering rows come in span order, so the last one starts latest: the most specific
      setFilter(filterFor(rows[list[list.length - 1]]));
      return;
    }
    var node = target.closest("[data-fk]");
    if (node) {
      var label = node.querySelector("text") ? node.querySelector("text").textContent : node.getAttribute("data-fv");
      setFilter({ dim: node.getAttribute("data-fk"), value: node.getAttribute("data-fv"), label: "rows about " + label });
      document.getElementById("documents").scrollIntoView();
    }
  });
  clear.addEventListener("click", function () { setFilter(null); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") setFilter(null); });
  document.querySelectorAll("#toolbar input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () { enabled[box.getAttribute("data-kind")] = box.checked; refresh(); });
  });
  refresh();
})();
