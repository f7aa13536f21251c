// The map redrawn in fewer frames. Where WebGL is drawn in software (a machine without a GPU), one
// frame of the map costs about 100 ms, and MapLibre draws one whenever a source's data is ready or
// labels are fading. Plotly hands every trace's data to MapLibre again on each redraw, changed or not
// (a filter often leaves most areas and layers as they were): a source given the data it already
// has keeps it, rather than being parsed and tiled again and drawn once more. Labels are shown at
// once rather than faded in over 300 ms (three or four frames more). And Plotly, whose traces all
// sit in one place in the layer order, removes every trace's layers and adds them again on each
// redraw to keep that order, which makes MapLibre read every source again: while the traces are the
// same ones, shown or hidden as before, their layers are already in order and stay.
(function () {
  function tracesKeptInPlace(subplot) {
    const proto = Object.getPrototypeOf(subplot);
    const fill = proto.fillBelowLookup;
    if (typeof fill !== "function" || proto._claimsmapTracesKept) return;
    proto._claimsmapTracesKept = true;
    proto.fillBelowLookup = function (calcData) {
      const traces = calcData.map((calc) => calc[0].trace.uid + ":" + calc[0].trace.visible).join(",");
      const below = {};
      Object.keys(this.traceHash).forEach((uid) => (below[uid] = this.traceHash[uid].below));
      fill.apply(this, arguments);
      if (traces === this._claimsmapTraces) {
        Object.keys(below).forEach((uid) => this.traceHash[uid] && (this.traceHash[uid].below = below[uid]));
      }
      this._claimsmapTraces = traces;
    };
  }
  function sameDataKept(map) {
    const sources = Object.keys(map.getStyle().sources).map((id) => map.getSource(id));
    const geojson = sources.find((source) => source && source.type === "geojson" && source.setData);
    const proto = geojson && Object.getPrototypeOf(geojson);
    if (!proto || proto._claimsmapSameDataKept) return;
    proto._claimsmapSameDataKept = true;
    const setData = proto.setData;
    proto.setData = function (data) {
      const text = typeof data === "string" ? data : JSON.stringify(data);
      if (text === this._claimsmapData) return Promise.resolve();
      this._claimsmapData = text;
      return setData.apply(this, arguments);
    };
  }
  function attach() {
    const gd = document.querySelector("#claims-map .js-plotly-plot");
    const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (map && !map._claimsmapFrames && map.isStyleLoaded()) {
      map._claimsmapFrames = true;
      map._fadeDuration = 0;
      sameDataKept(map);
      tracesKeptInPlace(gd._fullLayout.map._subplot);
    }
  }
  window.setInterval(attach, 500);
})();
