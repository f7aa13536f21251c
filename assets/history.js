// The address is written here, in the browser (assets/view_query.js composes it): a filter change,
// a click on a place or the timeline, a place chosen from the list each make one history entry; a map
// move, a group zoom or a Play step rewrite it in place, so Back still undoes the last filter. Only an
// address the page did not write itself (opening a link, Back, Forward) goes to the server, which
// sets the controls from it (callbacks.py, ``restore``).
(function () {
  // The address this page wrote last, which the server need not hear of. A plain address names the
  // view the page is built with, so opening one sends no request before the panel's.
  let written = window.location.search === "" ? "" : null;
  let lastMarked = null; // the place the map was last asked to ring
  window.addEventListener("popstate", function () { written = null; });

  function writeAddress(search, inPlace) {
    if (search === window.location.search) return;
    const href = window.location.pathname + search + window.location.hash;
    if (inPlace) window.history.replaceState(window.history.state, "", href);
    else window.history.pushState({}, "", href);
    written = search;
    // Dash's Location pushes what it last knew again when that differs from the address: it is told,
    // and the gate below keeps the server from hearing of it.
    if (window.dash_clientside.set_props) {
      window.dash_clientside.set_props("url", { href: window.location.href, search: search });
    }
  }

  function positionOf(view) {
    return window.claimsmap_query.mapPosition(...["lat", "lon", "zoom"].map((k) => (view || {})[k]));
  }

  function triggeredProps() {
    const context = window.dash_clientside.callback_context;
    return new Set(((context && context.triggered) || []).map((t) => t.prop_id));
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    claimsmap_view: Object.assign({}, (window.dash_clientside || {}).claimsmap_view, {
      writeAddress: writeAddress,
      // An address to restore the view from, or nothing when it is the one this page wrote.
      opened: function (search) {
        // Before dcc.Location has read the address (the first call), there is nothing to restore yet.
        if (typeof search !== "string" || search === written) return window.dash_clientside.no_update;
        return { search: search };
      },
      // The controls, a click, a move or a brush in; the address written, and the selection, the map
      // position, the brushed dates and the export links out.
      writeView: function () {
        const q = window.claimsmap_query;
        const noUpdate = window.dash_clientside.no_update;
        const args = Array.from(arguments);
        const controls = args.slice(0, 12); // as callbacks.py's CONTROLS
        const [click, , relayout, brushed, selected, chosenView, , stopped, layerOptions, ...hrefs] = args.slice(12);
        const fired = triggeredProps();
        const address = q.fromAddress(window.location.search);
        const allLayers = (layerOptions || []).map((o) => (o && typeof o === "object" ? o.value : o));
        let place = selected, mapView = address.mapView, inPlace = false;
        let out = { dates: [noUpdate, noUpdate], place: noUpdate, mapView: noUpdate };
        if (fired.has("view-restored.data")) {
          mapView = positionOf(chosenView); // the server set the controls from the address: nothing to write
        } else if (fired.has("claims-map.clickData")) {
          const group = q.groupZoom(click);
          if (group.group && !group.mapView) throw window.dash_clientside.PreventUpdate;
          if (group.group) {
            mapView = out.mapView = group.mapView;
            inPlace = true;
          } else {
            place = q.clickedPlace(click);
            if (place === null) place = selected;
            else out.place = place;
          }
        } else if (fired.has("clear-selection.n_clicks")) {
          place = out.place = null;
        } else if (fired.has("claims-map.relayoutData")) {
          const moved = q.movedTo(relayout);
          if (!moved) throw window.dash_clientside.PreventUpdate;
          // Groups of overlapping places are redrawn for a new zoom level.
          if (!address.mapView || Math.abs(moved.zoom - address.mapView.zoom) >= 1) out.mapView = moved;
          mapView = moved;
          inPlace = true;
        } else if (fired.has("timeline.selectedData")) {
          // Plotly sends an empty selection as the timeline is redrawn after a drag, which would undo
          // it at once; the date picker's × clears the range.
          if (!(brushed && brushed.range)) throw window.dash_clientside.PreventUpdate;
          out.dates = q.brushedDays(brushed);
          controls[4] = out.dates[0];
          controls[5] = out.dates[1];
        } else if (fired.has("map-view.data")) {
          mapView = positionOf(chosenView) || mapView; // a place chosen from the list, centred
        } else if ((fired.has("date-filter.start_date") || fired.has("date-filter.end_date")) && stopped === false) {
          inPlace = true; // a Play step
        }
        const search = q.compose(controls, allLayers, place, mapView, address.embed);
        if (!fired.has("view-restored.data")) writeAddress(search, inPlace);
        return [...out.dates, out.place, out.mapView, ...q.links(search, hrefs)];
      },
    // A place selected by a click (the map is not redrawn for it) is ringed as one chosen from the
    // list is, from the point the map already has; a ring for another place goes.
    // Run once the panel shows the place's claims (their drawing comes first: a map redrawn in
    // software holds the page for a while), and only when the ring is not already there.
    mark: function (_summary, selected) {
      const gd = document.querySelector("#claims-map .js-plotly-plot");
      if (gd && gd.data && window.Plotly) {
        const rings = [];
        gd.data.forEach(function (trace, i) {
          if (trace.legendgroup === "chosen") rings.push(i);
        });
        const ringed = (i) => gd.data[i].visible !== false && gd.data[i].lat[0] !== null && gd.data[i].lat[0] !== undefined;
        const marked = rings.length && rings.every((i) => ringed(i) && gd.data[i].customdata[0][0] === selected);
        let point = null;
        for (const trace of selected === null || selected === undefined || marked ? [] : gd.data) {
          if (trace.type !== "scattermap" || trace.legendgroup === "chosen" || !trace.customdata) continue;
          const i = trace.customdata.findIndex((c) => c && c[0] === selected);
          if (i >= 0) {
            point = { lat: trace.lat[i], lon: trace.lon[i], name: String(trace.text[i]).split(" · ")[0] };
            break;
          }
        }
        // The figure's own two ring traces are moved to the place (the traces stay the same, so Plotly
        // keeps every layer in place and the map redraws the ring alone); added only to a figure without.
        const moveRings = (at, name) => window.Plotly.restyle(gd, {
          lat: [[at.lat], [at.lat]], lon: [[at.lon], [at.lon]], customdata: [[[at.id, "chosen"]], [[at.id, "chosen"]]],
          name: [name, ""], showlegend: [name !== "", false], visible: true,
        }, rings);
        if (point && rings.length === 2) {
          moveRings({ lat: point.lat, lon: point.lon, id: selected }, "Chosen: " + point.name);
        } else if (point) {
          const ring = (size, color, legend) => ({
            type: "scattermap", lat: [point.lat], lon: [point.lon], mode: "markers", legendgroup: "chosen",
            customdata: [[selected, "chosen"]], hoverinfo: "skip", showlegend: legend,
            name: legend ? "Chosen: " + point.name : "", marker: { size: size, color: color },
            legendrank: 1000,
          });
          if (rings.length) window.Plotly.deleteTraces(gd, rings);
          const at = gd.data.findIndex((t) => t.type === "scattermap");
          const where = at < 0 ? gd.data.length : at;
          window.Plotly.addTraces(gd, [ring(40, "#1f2933", true), ring(32, "#ffffff", false)], [where, where + 1]);
        } else if (!marked) {
          const stale = rings.filter((i) => ringed(i) && gd.data[i].customdata[0][0] !== selected);
          if (stale.length && rings.length === 2) moveRings({ lat: null, lon: null, id: null }, "");
          else if (stale.length) window.Plotly.restyle(gd, { visible: false }, stale);
        }
      }
      // In one column (a phone, a narrow frame) the claims are below the map: a tap brings them up.
      const claims = document.getElementById("claims-pane");
      const chosenNow = selected !== null && selected !== undefined && selected !== lastMarked;
      lastMarked = selected;
      if (chosenNow && claims && window.matchMedia("(max-width: 900px)").matches) {
        claims.scrollIntoView({ block: "start" });
      }
      return window.dash_clientside.no_update;
    },
  }),
  });
})();

// The legend's entries are the layer filter: a click ticks or unticks the layer's box, a double click
// keeps that layer alone, so the checkboxes, the address, the panel and the exports follow, not the
// map alone (Plotly's own toggling would hide traces and tell nobody).
(function () {
  function layerBoxes() {
    return Array.from(document.querySelectorAll('#layer-filter input[type="checkbox"]'));
  }
  function setLayers(layers) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("layer-filter", { value: layers });
    }
  }
  function layerOf(event) {
    const trace = event && event.data && event.data[event.curveNumber];
    return trace && trace.legendgroup !== "chosen" ? trace.legendgroup : null;
  }
  function attach() {
    const gd = document.querySelector("#claims-map .js-plotly-plot");
    if (gd && gd.on && !gd._claimsmapLegend) {
      gd._claimsmapLegend = true;
      gd.on("plotly_legendclick", function (event) {
        const layer = layerOf(event);
        if (layer) {
          const ticked = layerBoxes().filter((box) => box.checked).map((box) => box.value);
          setLayers(ticked.includes(layer) ? ticked.filter((name) => name !== layer) : ticked.concat([layer]));
        }
        return false;
      });
      gd.on("plotly_legenddoubleclick", function (event) {
        const layer = layerOf(event);
        if (layer) {
          const ticked = layerBoxes().filter((box) => box.checked).map((box) => box.value);
          const alone = ticked.length === 1 && ticked[0] === layer;
          setLayers(alone ? layerBoxes().map((box) => box.value) : [layer]);
        }
        return false;
      });
    }
  }
  window.setInterval(attach, 500);
})();

// The address names the centre the screen shows: after any move that Plotly does not report (a view
// set by the server and adjusted by MapLibre, keyboard panning), the map's own centre and zoom are
// written in place when the address gives a position that differs from them.
(function () {
  function round(value, digits) {
    const f = Math.pow(10, digits);
    return Math.round(value * f) / f;
  }
  function follow(map, gd) {
    const params = new URLSearchParams(window.location.search);
    if (!params.has("lat") || !params.has("zoom")) return;
    // Only once the map was asked for the address's view (not while the server's answer to a new
    // one is on its way): then a difference is MapLibre's doing, or a move Plotly did not report.
    const asked = gd.layout && gd.layout.map;
    if (!asked || !asked.center || Math.abs(asked.center.lat - Number(params.get("lat"))) > 0.001 ||
        Math.abs(asked.center.lon - Number(params.get("lon"))) > 0.001 || Math.abs(asked.zoom - Number(params.get("zoom"))) > 0.01) {
      return;
    }
    const centre = map.getCenter().wrap();
    const lat = round(centre.lat, 4), lon = round(centre.lng, 4), zoom = round(map.getZoom(), 2);
    const off = Math.abs(lat - Number(params.get("lat"))) > 0.001 || Math.abs(lon - Number(params.get("lon"))) > 0.001 ||
      Math.abs(zoom - Number(params.get("zoom"))) > 0.01;
    if (off && window.dash_clientside && window.dash_clientside.set_props) {
      params.set("lat", String(lat));
      params.set("lon", String(lon));
      params.set("zoom", String(zoom));
      const search = "?" + params.toString();
      // The server's next answer starts from this view (the store it reads), and the address says it.
      window.dash_clientside.claimsmap_view.writeAddress(search, true);
    }
  }
  function mapOf(gd) {
    return gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
  }
  function attach() {
    const gd = document.querySelector("#claims-map .js-plotly-plot");
    const map = mapOf(gd);
    if (map && !map._claimsmapFollow) {
      map._claimsmapFollow = true;
      map.on("moveend", function () {
        window.setTimeout(function () { follow(map, gd); }, 300);  // after Plotly's own report of a user's move
      });
    }
    if (map && gd.on && !gd._claimsmapFollowDraw) {
      // A move that ended while the server's answer to the last one was on its way is checked again
      // once that answer is drawn: until then the address and the map's asked view differ, and
      // follow() leaves the address alone.
      gd._claimsmapFollowDraw = true;
      gd.on("plotly_afterplot", function () {
        window.setTimeout(function () {
          const drawn = mapOf(gd);
          if (drawn) follow(drawn, gd);
        }, 300);
      });
    }
  }
  window.setInterval(attach, 500);
})();
