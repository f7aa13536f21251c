// The map redrawn in fewer frames. Where WebGL is drawn in software (a machine without a GPU), one
// frame of the map costs about 100 ms, and MapLibre draws one whenever a source's data is ready or
// labels are fading. Plotly hands every trace's data to MapLibre again on each redraw, changed or not
// (a filter often leaves most areas and layers as they were): a source given the data it already
// has keeps it, rather than being parsed and tiled again and drawn once more. Labels are shown at
// once rather than faded in over 300 ms (three or four frames more). And Plotly, whose traces all
// sit in one place in the layer order, removes every trace's layers and adds them again on each
// redraw to keep that order, which makes MapLibre read every source again: while the traces are the
// same ones, shown or hidden as before, their layers are already in order and stay.
//
// While the sources a redraw changed are parsed and tiled (MapLibre's worker takes them one by one),
// MapLibre draws a frame as each is ready: five or six frames of half-changed maps, each a full
// frame of software WebGL. Those frames are held back, the last frame staying on screen, until the
// map is whole (or for at most HOLD_MS), unless the map is moving. And a click that moved nothing
// makes MapLibre draw a frame on the pointer's release, which came before Dash heard of the click
// (so before the panel's request): a frame is not drawn for a release that changed nothing.
(function () {
  const HOLD_MS = 2000;

  // From the first change of a source's data until the map is whole again: its frames are held.
  function holdFrames(map) {
    if (!map._claimsmapHoldUntil) map._claimsmapHoldUntil = performance.now() + HOLD_MS;
  }

  function framesHeldWhileLoading(map) {
    const painter = map.painter;
    const render = painter.render;
    let width = null, height = null;
    painter.render = function (style, options) {
      const resized = painter.width !== width || painter.height !== height; // a resized canvas is blank
      const unfinished = !style.loaded() || map._placementDirty; // another frame follows at once
      if (!resized && !options.moving && unfinished && performance.now() < (map._claimsmapHoldUntil || 0)) return;
      map._claimsmapHoldUntil = 0;
      width = painter.width;
      height = painter.height;
      return render.apply(this, arguments);
    };
    const addSource = map.addSource;
    map.addSource = function (id, spec) {
      holdFrames(map);
      const added = addSource.apply(this, arguments);
      // The data a source starts with, to compare the first setData with (sameDataKept): else the
      // first redraw after the first draw set every source's data anew (23 sources, not 8 or 9),
      // and it took twice as long as the ones after it.
      const source = spec && spec.type === "geojson" && spec.data !== undefined && this.getSource(id);
      if (source) source._claimsmapFirstData = spec.data;
      return added;
    };
  }

  function noFrameForAStillRelease(map) {
    const handlers = map._handlers;
    const trigger = handlers._triggerRenderFrame;
    const still = (change) => !(change.panDelta && change.panDelta.mag()) && !change.zoomDelta && !change.bearingDelta &&
      !change.pitchDelta && !change.rollDelta;
    handlers._triggerRenderFrame = function () {
      const event = window.event;
      const release = event && ["mouseup", "pointerup", "touchend"].includes(event.type);
      const idle = !Object.keys(this._eventsInProgress).length &&
        this._changes.every(([change, inProgress]) => still(change) && !Object.keys(inProgress).length);
      if (release && idle && this._frameId === undefined) {
        this._applyChanges(); // what the frame would have done first: nothing moves, no event fires
        return;
      }
      return trigger.apply(this, arguments);
    };
  }

  function tracesKeptInPlace(subplot) {
    const proto = Object.getPrototypeOf(subplot);
    const fill = proto.fillBelowLookup;
    if (typeof fill !== "function" || proto._claimsmapTracesKept) return;
    proto._claimsmapTracesKept = true;
    proto.fillBelowLookup = function (calcData, fullLayout) {
      const traces = calcData.map((calc) => calc[0].trace.uid + ":" + calc[0].trace.visible).join(",");
      const below = {};
      Object.keys(this.traceHash).forEach((uid) => (below[uid] = this.traceHash[uid].below));
      const layers = this.layerList || [];
      const layersBelow = layers.map((layer) => layer.below);
      fill.apply(this, arguments);
      if (traces === this._claimsmapTraces) {
        Object.keys(below).forEach((uid) => this.traceHash[uid] && (this.traceHash[uid].below = below[uid]));
        // The layout's layers (countries, labels) too, while there are as many (else Plotly makes
        // them all anew): a new label source's data is set in place (layoutDataSetInPlace), so none moves.
        if (layers.length === ((fullLayout[this.id] || {}).layers || []).length) {
          layers.forEach((layer, i) => (layer.below = layersBelow[i]));
        }
      }
      this._claimsmapTraces = traces;
    };
  }
  // Plotly removes a layout layer and its source and adds both again when the source's data changes
  // (the labels: the places most named change with the filters), which has the map tile and place
  // them anew and moves the layer: GeoJSON given to a source it has is set in place instead.
  function layoutDataSetInPlace(subplot) {
    const layer = (subplot.layerList || [])[0];
    const proto = layer && Object.getPrototypeOf(layer);
    if (!proto || proto._claimsmapSetInPlace || typeof proto.needsNewSource !== "function") return;
    proto._claimsmapSetInPlace = true;
    const needsNewSource = proto.needsNewSource;
    const geojson = (data) => data !== null && typeof data === "object" && !Array.isArray(data);
    proto.needsNewSource = function (opts) {
      const source = this.subplot.map.getSource(this.idSource);
      if (source && source.setData && this.sourceType === "geojson" && opts.sourcetype === "geojson" &&
          this.layerType === opts.type && geojson(this.source) && geojson(opts.source)) {
        if (this.source !== opts.source) source.setData(opts.source);
        this.source = opts.source;
        return false;
      }
      return needsNewSource.apply(this, arguments);
    };
  }
  function sameDataKept(map) {
    const sources = Object.keys(map.getStyle().sources).map((id) => map.getSource(id));
    const geojson = sources.find((source) => source && source.type === "geojson" && source.setData);
    const proto = geojson && Object.getPrototypeOf(geojson);
    if (!proto || proto._claimsmapSameDataKept) return;
    proto._claimsmapSameDataKept = true;
    const setData = proto.setData;
    const asText = (data) => (typeof data === "string" ? data : JSON.stringify(data));
    proto.setData = function (data) {
      if (this._claimsmapData === undefined && this._claimsmapFirstData !== undefined) {
        this._claimsmapData = asText(this._claimsmapFirstData);
        this._claimsmapFirstData = undefined;
      }
      const text = asText(data);
      if (text === this._claimsmapData) return Promise.resolve();
      this._claimsmapData = text;
      if (this.map) holdFrames(this.map);
      return setData.apply(this, arguments);
    };
  }
  function attach() {
    const gd = document.querySelector("#claims-map .js-plotly-plot");
    const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (map && !map._claimsmapHeld && map.painter && map._handlers) {
      map._claimsmapHeld = true; // as soon as the map exists: its first draw is held too
      framesHeldWhileLoading(map);
      noFrameForAStillRelease(map);
      holdFrames(map);
    }
    if (map && !map._claimsmapFrames && map.isStyleLoaded()) {
      map._claimsmapFrames = true;
      map._fadeDuration = 0;
      sameDataKept(map);
      tracesKeptInPlace(gd._fullLayout.map._subplot);
    }
    if (map && map._claimsmapFrames) layoutDataSetInPlace(gd._fullLayout.map._subplot); // once it has layers
    return Boolean(map && map._claimsmapFrames);
  }
  // Looked for at every frame until the first map is there (before it draws), then twice a second.
  (function early() {
    if (!attach()) window.requestAnimationFrame(early);
  })();
  window.setInterval(attach, 500);
})();
