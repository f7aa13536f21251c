// The map's place names stay readable over markers and coloured areas: each label layer gets a white
// halo (Plotly sets a label's colour and size, not its halo). Plotly adds its layers again on a
// redraw, so every new style is looked at.
(function () {
  const HALO = { "text-halo-color": "rgba(255,255,255,0.92)", "text-halo-width": 1.6, "text-halo-blur": 0.4 };
  function haloed(map) {
    const style = map.getStyle && map.getStyle();
    (style ? style.layers : []).forEach(function (layer) {
      if (layer.type !== "symbol" || map.getPaintProperty(layer.id, "text-halo-width") === HALO["text-halo-width"]) return;
      Object.keys(HALO).forEach(function (name) {
        map.setPaintProperty(layer.id, name, HALO[name]);
      });
    });
  }
  function attach() {
    const gd = document.querySelector("#claims-map .js-plotly-plot");
    const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map;
    if (map && !map._claimsmapHalo) {
      map._claimsmapHalo = true;
      map.on("styledata", function () { haloed(map); });
      haloed(map);
    }
  }
  window.setInterval(attach, 500);
})();
