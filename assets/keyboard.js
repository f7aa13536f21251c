// The timeline by keyboard. Focused (Tab), its keys set the date range as a drag across it does:
// ← → move the range a day (with Shift: move its end only), Page Up / Page Down a week, Home / End to
// the first / last day with claims, Escape clears it. The date filter is set, so the address, the map
// and the counts follow; a hidden live region says the range.
(function () {
  const DAY = 86400000;
  let pending = null; // the range last set here, until the redrawn timeline shows it
  function iso(t) {
    return new Date(t).toISOString().slice(0, 10);
  }
  function dayOf(value) {
    return Date.parse(String(value).slice(0, 10) + "T00:00:00Z");
  }
  function graph() {
    return document.querySelector("#timeline .js-plotly-plot");
  }
  function daysWithClaims(gd) {
    const bars = gd && gd.data && gd.data[0];
    return bars && bars.x ? Array.from(bars.x, dayOf).filter(Number.isFinite).sort((a, b) => a - b) : [];
  }
  function shown(gd) {
    if (pending && Date.now() - pending.at < 4000) return pending;
    const shade = gd && gd.layout && (gd.layout.shapes || [])[0];
    return shade ? { from: dayOf(shade.x0), to: dayOf(shade.x1) - DAY } : null;
  }
  function announce(text) {
    let live = document.getElementById("timeline-live");
    if (!live) {
      live = document.createElement("div");
      live.id = "timeline-live";
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = text;
  }
  function set(range) {
    pending = range ? { from: range.from, to: range.to, at: Date.now() } : null;
    const props = range ? { start_date: iso(range.from), end_date: iso(range.to) } : { start_date: null, end_date: null };
    if (window.dash_clientside && window.dash_clientside.set_props) window.dash_clientside.set_props("date-filter", props);
    announce(range ? "Dates from " + props.start_date + " to " + props.end_date : "All dates");
  }
  function moved(key, shift, range, days) {
    const first = days[0], last = days[days.length - 1];
    if (!range) return key === "Home" ? { from: first, to: first } : { from: last, to: last };
    const length = range.to - range.from;
    const step = { ArrowLeft: -DAY, ArrowRight: DAY, PageDown: -7 * DAY, PageUp: 7 * DAY }[key];
    if (step && shift) return { from: range.from, to: Math.max(range.from, range.to + step) };
    if (step) return { from: range.from + step, to: range.to + step };
    if (key === "Home") return { from: first, to: first + length };
    return { from: last - length, to: last }; // End
  }
  document.addEventListener("keydown", function (event) {
    const timeline = event.target && event.target.closest && event.target.closest(".timeline");
    const keys = ["ArrowLeft", "ArrowRight", "PageUp", "PageDown", "Home", "End", "Escape"];
    if (!timeline || !keys.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const gd = graph();
    const days = daysWithClaims(gd);
    if (!days.length) return;
    event.preventDefault();
    set(event.key === "Escape" ? null : moved(event.key, event.shiftKey, shown(gd), days));
  });
})();

// A press on a place in the table of places in view chooses it as "Go to a place…" does.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  claimsmap_keyboard: {
    chooseFromTable: function (clicks) {
      const context = window.dash_clientside.callback_context;
      const trigger = context && context.triggered && context.triggered[0];
      if (!trigger || !(clicks || []).some((n) => n) || !trigger.value) return window.dash_clientside.no_update;
      const id = JSON.parse(trigger.prop_id.slice(0, trigger.prop_id.lastIndexOf(".")));
      return id.place;
    },
  },
});

// After "Not a place" the card that had the focus is gone (its claim left the panel): the focus goes to
// the confirmation's Undo, so a keyboard user is one Enter away from taking it back.
(function () {
  function watch() {
    const status = document.getElementById("correction-status");
    if (!status || status._claimsmapUndo) return;
    status._claimsmapUndo = true;
    new MutationObserver(function () {
      const undo = status.querySelector("button.undo");
      if (undo && document.activeElement !== undo) undo.focus();
    }).observe(status, { childList: true, subtree: true });
  }
  window.setInterval(watch, 500);
})();
