// lnrelay's web page (docs/web.md): one hand-written script, no library. The page is a pure
// function of a snapshot (inlined in report.html, fetched from /api/snapshot live) and the
// events that follow it (Server-Sent Events from /api/events). Every state is addressable by
// the URL hash: #payment=HASH&step=3&view=path&static=1.
(function () {
  "use strict";

  var state = { snapshot: null, selected: null, step: null, view: "overview", playing: null, reduced: false, ticker: [] };
  var $ = function (id) { return document.getElementById(id); };

  // ---- small helpers -------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else if (k === "cls") { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return e;
  }
  function num(v) { return v === null || v === undefined ? "-" : Number(v).toLocaleString("en-US"); }
  function routeText(p) { return p.route && p.route.length ? p.route.join("->") : p.from + "->" + p.to; }
  function hashPrefix(h) { return h.slice(0, 16); }
  function hops(p) { return p.parts && p.parts.length ? p.parts[0].hops : []; }
  function result(p) {
    if (p.status === "succeeded") { return { cls: "ok", text: "✓ " + (p.time_ms === null ? "" : Math.round(p.time_ms) + " ms") }; }
    if (p.status === "failed") { return { cls: "bad", text: "✗ " + (p.failure ? p.failure.label : "failed") }; }
    return { cls: "wait", text: "… in flight" };
  }
  function findPayment(hash) {
    if (!state.snapshot || !hash) { return null; }
    var h = hash.toLowerCase();
    return state.snapshot.payments.filter(function (p) { return p.hash === h || (h.length >= 8 && p.hash.indexOf(h) === 0); })[0] || null;
  }

  // ---- URL hash: every view is a link ----------------------------------------------------------
  function readHash() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { out[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
    });
    return out;
  }
  function writeHash() {
    var parts = [];
    if (state.selected) { parts.push("payment=" + state.selected); }
    if (state.step !== null) { parts.push("step=" + state.step); }
    if (state.view !== "overview") { parts.push("view=" + state.view); }
    if (state.reduced) { parts.push("static=1"); }
    var next = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== next) { history.replaceState(null, "", next || location.pathname + location.search); }
  }
  function applyHash() {
    var h = readHash();
    state.reduced = h["static"] === "1" || window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    state.view = h.view || (h.payment ? "overview" : "overview");
    var p = findPayment(h.payment);
    state.selected = p ? p.hash : null;
    state.step = h.step !== undefined && p ? Math.max(0, Math.min(parseInt(h.step, 10) || 0, maxStep(p))) : null;
    render();
  }

  // ---- rendering ---------------------------------------------------------------------------------
  function render() {
    if (!state.snapshot) { return; }
    renderViews();
    renderCounters();
    renderPayments();
    renderMapSelection();
    renderPath();
    renderTicker();
  }

  function renderViews() {
    document.body.classList.toggle("single", state.view !== "overview");
    Array.prototype.forEach.call(document.querySelectorAll(".view"), function (s) {
      s.hidden = s.getAttribute("data-views").split(" ").indexOf(state.view) < 0;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#views a"), function (a) {
      a.classList.toggle("active", a.getAttribute("data-view") === state.view);
      var link = "view=" + a.getAttribute("data-view") + (state.selected ? "&payment=" + state.selected : "") + (state.reduced ? "&static=1" : "");
      a.setAttribute("href", "#" + link);
    });
  }

  function renderCounters() {
    var c = state.snapshot.counters;
    var box = $("counters");
    box.textContent = "";
    function counter(label, value, cls, name) {
      box.appendChild(el("span", { cls: "counter " + (cls || ""), "data-counter": name }, [label + " ", el("b", { text: String(value) })]));
    }
    counter("sent", c.sent, "", "sent");
    counter("✓ succeeded", c.succeeded, "ok", "succeeded");
    counter("✗ failed", c.failed, "bad", "failed");
    counter("in flight", c.in_flight, "", "in_flight");
    counter("p50", c.latency_p50_ms === null ? "-" : Math.round(c.latency_p50_ms) + " ms", "", "p50");
    counter("p95", c.latency_p95_ms === null ? "-" : Math.round(c.latency_p95_ms) + " ms", "", "p95");
    counter("payments/s", c.payments_per_second, "", "rate");
    box.appendChild(el("span", { cls: "badge" + (c.knowledge_leaks ? " leak" : ""), id: "audit", title: "A hop card whose flags say more than its role allows (a relay that knew the origin, …) counts as a leak." },
      [(c.knowledge_leaks ? "✗ " : "✓ ") + "knowledge leaks: " + c.knowledge_leaks + " over " + c.audited_payments + " payments"]));

    var detail = $("counter-detail");
    detail.textContent = "";
    var codes = Object.keys(c.failures_by_code);
    detail.appendChild(el("p", {}, ["Failures by code: ", codes.length ? codes.map(function (k) { return k + " ×" + c.failures_by_code[k]; }).join(", ") : "none"]));
    var rows = state.snapshot.nodes.map(function (n) {
      return el("tr", { "data-node": n.name }, [el("td", { text: n.name }), el("td", { text: n.state }), el("td", { cls: "num", text: String(n.forwards) }), el("td", { cls: "num", text: String(n.in_flight) })]);
    });
    detail.appendChild(el("table", { id: "node-counters" }, [el("thead", {}, [el("tr", {}, [el("th", { text: "node" }), el("th", { text: "state" }), el("th", { text: "forwards" }), el("th", { text: "in flight" })])]), el("tbody", {}, rows)]));
  }

  function matches(p, text, status) {
    if (status === "retried" && !(p.attempts > 1)) { return false; }
    if (status && status !== "retried" && p.status !== status) { return false; }
    if (!text) { return true; }
    var hay = [p.hash, p.step || "", routeText(p), p.from, p.to, p.failure ? p.failure.name + " " + p.failure.label : ""].join(" ").toLowerCase();
    return hay.indexOf(text.toLowerCase()) >= 0;
  }

  function renderPayments() {
    var text = $("filter-text").value, status = $("filter-status").value;
    var body = document.querySelector("#payments tbody");
    body.textContent = "";
    var shown = 0;
    state.snapshot.payments.forEach(function (p) {
      if (!matches(p, text, status)) { return; }
      shown++;
      var r = result(p);
      var tr = el("tr", { "data-hash": p.hash, "data-status": p.status, cls: p.hash === state.selected ? "selected" : "" }, [
        el("td", { text: p.step || "" }),
        el("td", { cls: "hash", text: hashPrefix(p.hash) }),
        el("td", { cls: "route", text: routeText(p) }),
        el("td", { cls: "result " + r.cls, text: r.text }),
        el("td", { cls: "num", text: num(p.amount_msat) }),
        el("td", { cls: "num", text: num(p.fee_msat) }),
        el("td", { cls: "num", text: String(p.attempts) })
      ]);
      tr.addEventListener("click", function () { select(p.hash); });
      body.appendChild(tr);
    });
    $("filter-count").textContent = shown + " of " + state.snapshot.payments.length + " payments";
  }

  function renderMapSelection() {
    var svg = document.querySelector("#map svg");
    if (!svg) { return; }
    var p = findPayment(state.selected);
    svg.classList.toggle("has-selection", !!p);
    Array.prototype.forEach.call(svg.querySelectorAll(".on-path, .failing"), function (e) { e.classList.remove("on-path"); e.classList.remove("failing"); });
    if (!p) { return; }
    hops(p).forEach(function (h) {
      var n = svg.querySelector('.node[data-node="' + h.node + '"]');
      if (n) { n.classList.add("on-path"); if (h.failed) { n.classList.add("failing"); } }
      if (h.out_channel) {
        var c = svg.querySelector('.channel[data-scid="' + h.out_channel + '"]');
        if (c) { c.classList.add("on-path"); }
      }
    });
  }

  // Steps: 0 = the origin holds the HTLC; 1..n-1 = update_add_htlc reached hop k; then the
  // fulfil (or fail) travels back one hop per step. A failure starts back from the failing hop.
  function lastReached(p, hs) {
    var i;
    hs = hs || hops(p);
    for (i = 0; i < hs.length; i++) { if (hs[i].failed) { return i; } }
    return hs.length - 1;
  }
  function maxStep(p) {
    var parts = p.parts && p.parts.length ? p.parts : [{ hops: [] }];
    return Math.max.apply(null, parts.map(function (part) { return Math.max(0, 2 * lastReached(p, part.hops)); }));
  }

  function renderPath() {
    var p = findPayment(state.selected);
    $("path-empty").hidden = !!p;
    $("path-body").hidden = !p;
    $("path-link").textContent = p ? "Path " + hashPrefix(p.hash) : "Path";
    if (!p) { $("path-title").textContent = ""; return; }
    var r = result(p);
    $("path-title").textContent = routeText(p) + " · " + r.text + " · " + hashPrefix(p.hash) + (p.step ? " · " + p.step : "");
    $("lane").classList.remove("parts");
    var renderer = kinds[p.kind] || kinds.single;
    renderer(p);
    renderFailure(p);
    renderTries(p);
    renderKnowledge(p);
    $("legend").textContent = state.snapshot.legend.join(" ");
    $("footnotes").textContent = "";
    p.footnotes.concat(p.notes.map(function (n) { return "Note: " + n; })).forEach(function (f) { $("footnotes").appendChild(el("p", { text: f })); });
    // Each payment's own limit paragraph (a point-locked one has no shared hash); the snapshot's is the hash-lock one.
    $("limit").textContent = "Limit: " + (p.limit || state.snapshot.limit);
  }

  // Payment kinds draw their lane here; "single" is today's only kind. A new kind (blinded, mpp,
  // ptlc) adds one function: docs/web.md, "Adding a kind of payment".
  var kinds = {
    single: function (p) { drawLane($("lane"), p, hops(p)); },
    // Several parts (MPP): one lane per part, one above the other, stepped together.
    mpp: function (p) {
      var lane = $("lane");
      lane.textContent = "";
      lane.classList.add("parts");
      p.parts.forEach(function (part) {
        var sub = el("div", { cls: "lane", "data-part": part.id }, []);
        lane.appendChild(el("h4", { text: "part " + part.id }));
        lane.appendChild(sub);
        drawLane(sub, p, part.hops);
      });
    }
  };

  function drawLane(lane, p, hs) {
    lane.textContent = "";
    var reached = lastReached(p, hs), step = state.step === null ? maxStep(p) : state.step;
    var forward = Math.min(step, reached), back = Math.max(0, step - reached);
    hs.forEach(function (h, i) {
      if (i > 0) {
        var a = el("div", { cls: "arrow", "data-arrow": String(i) }, [el("span", { cls: "fwd", text: "→" }), el("span", { text: "update_add_htlc" }), el("span", { cls: "back", text: "←" }),
          el("span", { text: p.status === "failed" ? "update_fail_htlc" : "update_fulfill_htlc" })]);
        if (i <= forward) { a.classList.add("fwd-on"); }
        if (back > 0 && i > reached - back && i <= reached) { a.classList.add(p.status === "failed" ? "back-bad" : "back-ok"); }
        lane.appendChild(a);
      }
      lane.appendChild(hopCard(h, i <= forward));
    });
    $("step-label").textContent = "step " + step + " of " + maxStep(p) + (step <= reached ? " · update_add_htlc forward" : " · " + (p.status === "failed" ? "failure" : "fulfil") + " back");
  }

  function hopCard(h, reached) {
    var dl = el("dl", {}, []);
    function row(k, v) { dl.appendChild(el("dt", { text: k })); dl.appendChild(el("dd", { text: v })); }
    row("prev", h.prev ? h.prev + (h.in_channel ? " (" + h.in_channel + ")" : "") : "-");
    row("next", h.next ? h.next + (h.out_channel ? " (" + h.out_channel + ")" : "") : "-");
    row("in msat", num(h.amount_in_msat));
    row("out msat", num(h.amount_out_msat));
    row("fee", num(h.fee_msat));
    row("cltv in", num(h.cltv_in));
    row("cltv out", num(h.cltv_out));
    row("cltv delta", num(h.cltv_delta));
    row("lock", h.lock + (h.blinded ? " (blinded)" : ""));
    var flags = el("table", { cls: "flags", "aria-label": "what " + h.node + " knew" }, h.flags.map(function (f) {
      return el("tr", {}, [el("th", { text: f.name }), flagCell(f)]);
    }));
    var card = el("div", { cls: "hop role-" + h.role + (h.failed ? " failed" : "") + (reached ? " reached" : ""), "data-hop": String(h.position), "data-node": h.node }, [
      el("h4", {}, [h.position + " · " + h.node + " ", el("span", { cls: "role", text: h.role })]), dl, flags,
      h.failed ? el("div", { cls: "fail-mark", text: "✗ failed here" }) : null]);
    return card;
  }

  function flagCell(f) {
    var c = f.cell.charAt(0) === "y" ? "told" : f.cell.charAt(0) === "n" ? "not-told" : "unknown";
    var mark = c === "told" ? "✓ " : c === "not-told" ? "✗ " : "? ";
    var td = el("td", { cls: c, "data-flag": f.name, "data-cell": f.cell, title: f.why }, [mark + f.cell]);
    return td;
  }

  function renderFailure(p) {
    var box = $("failure");
    box.textContent = "";
    box.hidden = !p.failure || p.status !== "failed";
    if (box.hidden) { return; }
    var f = p.failure;
    box.appendChild(el("h3", { id: "failure-label", text: "✗ " + f.label + (f.code !== null ? " (code " + f.code + ")" : "") }));
    box.appendChild(el("p", { text: f.message }));
    box.appendChild(el("p", { text: f.attribution }));
  }

  function renderTries(p) {
    var box = $("tries");
    box.textContent = "";
    if (!p.tries || p.tries.length < 2) { return; }
    box.appendChild(el("h3", { text: "Tries" }));
    box.appendChild(el("ol", {}, p.tries.map(function (t) {
      return el("li", { "data-attempt": String(t.attempt) }, [t.route + " · ", t.failure ? el("span", { cls: "bad", text: "✗ " + t.failure.label }) : el("span", { cls: p.status === "succeeded" ? "ok" : "wait", text: p.status === "succeeded" ? "✓" : "…" })]);
    })));
  }

  function renderKnowledge(p) {
    var t = $("knowledge");
    t.textContent = "";
    var head = ["#", "node", "role", "prev", "next"].concat(state.snapshot.flag_headers);
    t.appendChild(el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { text: h }); }))]));
    t.appendChild(el("tbody", {}, hops(p).map(function (h) {
      return el("tr", { "data-hop": String(h.position), "data-node": h.node, cls: h.failed ? "bad" : "" }, [el("td", { text: String(h.position) }), el("td", { text: h.node }), el("td", { text: h.role }),
        el("td", { text: h.prev || "-" }), el("td", { text: h.next || "-" })].concat(h.flags.map(flagCell)));
    })));
  }

  function renderTicker() {
    var list = $("ticker");
    list.textContent = "";
    state.ticker.slice(-30).reverse().forEach(function (t) { list.appendChild(el("li", { text: t })); });
    if (!state.ticker.length) { list.appendChild(el("li", { text: document.body.getAttribute("data-mode") === "live" ? "waiting for events…" : "a report shows no live events." })); }
  }

  // ---- interaction ---------------------------------------------------------------------------------
  function select(hash) {
    stop();
    state.selected = hash;
    state.step = null;
    writeHash();
    render();
    if (state.view === "overview") { $("path-view").scrollIntoView({ block: "nearest" }); }
  }
  function stepBy(d) {
    var p = findPayment(state.selected);
    if (!p) { return; }
    var s = state.step === null ? maxStep(p) : state.step;
    state.step = Math.max(0, Math.min(maxStep(p), s + d));
    writeHash();
    render();
  }
  function stop() { if (state.playing) { clearInterval(state.playing); state.playing = null; $("play").textContent = "▶ Play"; } }
  function play() {
    var p = findPayment(state.selected);
    if (!p) { return; }
    if (state.playing) { stop(); return; }
    if (state.reduced) { state.step = maxStep(p); writeHash(); render(); return; }
    state.step = 0;
    render();
    $("play").textContent = "■ Stop";
    state.playing = setInterval(function () { if (state.step >= maxStep(p)) { stop(); writeHash(); return; } stepBy(1); }, 600);
  }

  // ---- live: the reducer over Server-Sent Events -------------------------------------------------
  function reduce(type, data) {
    var s = state.snapshot;
    if (type === "payment") {
      var i = s.payments.findIndex(function (p) { return p.hash === data.hash; });
      if (i >= 0) { s.payments[i] = data; } else { s.payments.push(data); }
    } else if (type === "counters") {
      s.counters = data;
    } else if (type === "topology") {
      s.nodes = data.nodes; s.channels = data.channels;
      $("map").innerHTML = data.map_svg;
    } else if (type === "hop" || type === "htlc") {
      state.ticker.push(data.at.slice(11, 23) + " " + data.node + " " + data.text);
      if (state.ticker.length > 200) { state.ticker.shift(); }
    }
  }
  function live() {
    var status = $("live-status");
    function later() { return new Promise(function (done) { setTimeout(done, 1000); }).then(load); }
    // Until the folder has a network (demo --web starts before the demo initialises it), retry each second.
    function load() {
      return fetch("api/snapshot").then(function (r) {
        if (!r.ok) { status.textContent = "○ waiting for the network…"; return later(); }
        return r.json().then(function (snap) {
          state.snapshot = snap;
          $("map").innerHTML = snap.map_svg;
          applyHash();
        });
      }, later);
    }
    load().then(function () {
      var source = new EventSource("api/events");
      source.onopen = function () { status.textContent = "● live"; status.className = "live-status on"; };
      source.onerror = function () { status.textContent = "○ reconnecting…"; status.className = "live-status"; };
      ["payment", "counters", "topology", "hop", "htlc"].forEach(function (type) {
        source.addEventListener(type, function (e) { reduce(type, JSON.parse(e.data)); render(); });
      });
      source.addEventListener("resync", function () { load(); });
    });
  }

  // ---- start -----------------------------------------------------------------------------------------
  function start() {
    $("filter-text").addEventListener("input", renderPayments);
    $("filter-status").addEventListener("change", renderPayments);
    $("play").addEventListener("click", play);
    $("step-back").addEventListener("click", function () { stop(); stepBy(-1); });
    $("step-forward").addEventListener("click", function () { stop(); stepBy(1); });
    window.addEventListener("hashchange", function () { stop(); applyHash(); });
    document.addEventListener("keydown", function (e) {
      if (e.target && (e.target.tagName === "INPUT" || e.target.tagName === "SELECT")) { return; }
      if (e.key === "ArrowRight") { stop(); stepBy(1); } else if (e.key === "ArrowLeft") { stop(); stepBy(-1); } else if (e.key === " ") { e.preventDefault(); play(); }
    });
    if (document.body.getAttribute("data-mode") === "live") {
      live();
    } else {
      state.snapshot = JSON.parse($("lnrelay-data").textContent);
      applyHash();
    }
  }
  start();
})();
