// A map move, a group zoom or a Play step is no new history entry: the server says "replace",
// and the address is rewritten in place, so Back still undoes the last filter.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  claimsmap_view: {
    replaceQuery: function (query) {
      if (query && query.replace && typeof query.search === "string" && query.search !== window.location.search) {
        window.history.replaceState(window.history.state, "", window.location.pathname + query.search + window.location.hash);
      }
      return window.dash_clientside.no_update;
    },
    // Another place selected by a click (the map is not redrawn for it): the ring of the place chosen
    // before goes, so the map never marks a place the panel is not about.
    unmark: function (selected) {
      const gd = document.querySelector("#claims-map .js-plotly-plot");
      if (gd && gd.data && window.Plotly) {
        const stale = [];
        gd.data.forEach(function (trace, i) {
          if (trace.legendgroup === "chosen" && trace.visible !== false && trace.customdata[0][0] !== selected) {
            stale.push(i);
          }
        });
        if (stale.length) {
          window.Plotly.restyle(gd, { visible: false }, stale);
        }
      }
      return window.dash_clientside.no_update;
    },
  },
});
