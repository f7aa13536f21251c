// The view as a query string, written in the browser: a filter change, a click on a place or a map
// move rewrites the address here, with no request to the server, so the panel's request goes out at
// once. The same query as dashboard/view_state.py's View.to_query (tests/test_view_query_js.py holds
// them to it); the server bounds again whatever it reads back (View.from_query).
(function (root) {
  const CERTAINTIES = ["known", "reported", "claimed", "believed", "suggested"];
  const GROUP_ZOOM_STEP = 2.5; // as dashboard/figures.py's GROUP_ZOOM_STEP
  const MAX_TEXT = 200;
  const MAX_WORDS = 8;
  const MAX_SOURCES = 20;
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function names(values) {
    if (typeof values === "string") values = [values];
    return Array.isArray(values) ? Array.from(new Set(values.filter((v) => typeof v === "string"))) : [];
  }

  function day(value) {
    if (typeof value !== "string" || !ISO_DAY.test(value.slice(0, 10))) return null;
    const text = value.slice(0, 10);
    const parsed = new Date(text + "T00:00:00Z");
    return !isNaN(parsed) && parsed.toISOString().slice(0, 10) === text ? text : null;
  }

  function searchText(value) {
    if (typeof value !== "string") return "";
    return value.slice(0, MAX_TEXT).split(/\s+/).filter(Boolean).slice(0, MAX_WORDS).join(" ");
  }

  function atLeast(value) {
    const n = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value;
    return Number.isInteger(n) && n > 1 ? Math.min(n, MAX_SOURCES) : 0;
  }

  function ticked(value, word) {
    return value === true || (Array.isArray(value) && (value.includes(true) || value.includes(word)));
  }

  function placeId(value) {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 53) return value;
    return typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : null;
  }

  // A map's centre and zoom, rounded as the server rounds them, or null when not three numbers in range.
  function mapPosition(lat, lon, zoom) {
    if (![lat, lon, zoom].every((v) => typeof v === "number" && isFinite(v))) return null;
    if (!(lat >= -90 && lat <= 90 && lon >= -540 && lon <= 540 && zoom >= 0 && zoom <= 24)) return null;
    const wrapped = ((((lon + 180) % 360) + 360) % 360) - 180; // a map panned past the antimeridian
    const round = (v, digits) => Math.round(v * 10 ** digits) / 10 ** digits;
    return { lat: round(lat, 4), lon: round(wrapped, 4), zoom: round(Math.min(zoom, 22), 2) };
  }

  // The query of the view the controls show ("" for the default view), in View.to_query's order.
  // controls: sources, outlets, layers, certainties, from, to, basis, text, at least, contested, undated, map size.
  function compose(controls, allLayers, place, mapView, embed) {
    const [sources, outlets, layers, certainties, start, end, basis, text, least, contested, undated, size] = controls;
    const pairs = [];
    names(sources).forEach((s) => pairs.push(["source", s]));
    names(outlets).forEach((o) => pairs.push(["outlet", o]));
    const chosenLayers = names(layers);
    const everyLayer = allLayers.length === chosenLayers.length && allLayers.every((l) => chosenLayers.includes(l));
    if (!everyLayer) (chosenLayers.length ? chosenLayers : ["none"]).forEach((l) => pairs.push(["layer", l]));
    const levels = CERTAINTIES.filter((c) => names(certainties).includes(c));
    if (levels.length !== CERTAINTIES.length) (levels.length ? levels : ["none"]).forEach((c) => pairs.push(["certainty", c]));
    [["from", day(start)], ["to", day(end)]].forEach(([key, value]) => value && pairs.push([key, value]));
    if (basis === "published") pairs.push(["basis", "published"]);
    if (ticked(undated, "undated")) pairs.push(["undated", "1"]);
    if (searchText(text)) pairs.push(["q", searchText(text)]);
    if (atLeast(least) > 1) pairs.push(["corroborated", String(atLeast(least))]);
    if (ticked(contested, "contested")) pairs.push(["contested", "1"]);
    if (size === "corroborated") pairs.push(["size", "corroborated"]);
    if (placeId(place) !== null) pairs.push(["place", String(placeId(place))]);
    if (mapView) ["lat", "lon", "zoom"].forEach((key) => pairs.push([key, String(mapView[key])]));
    if (embed) pairs.push(["embed", "1"]);
    const query = new URLSearchParams(pairs).toString();
    return query ? "?" + query : "";
  }

  // The map position and embedding an address gives (what the controls do not hold).
  function fromAddress(search) {
    const params = new URLSearchParams(search || "");
    const position = mapPosition(...["lat", "lon", "zoom"].map((k) => (params.has(k) ? Number(params.get(k)) : NaN)));
    return { mapView: position, embed: ["1", "true", "yes"].includes(params.get("embed")) };
  }

  function clickedData(click) {
    const points = click && Array.isArray(click.points) ? click.points : [];
    const data = points.length && points[0] ? points[0].customdata : null;
    return Array.isArray(data) ? data : [];
  }

  // The place a map click names (customdata [place id, layer]), or null (a group, or nothing).
  function clickedPlace(click) {
    const data = clickedData(click);
    return data.length && data[0] !== "group" ? placeId(data[0]) : null;
  }

  // A click on a group of overlapping places: {group: true, mapView} centred on it and closer
  // (mapView null when the click does not carry the group's position); {group: false} otherwise.
  function groupZoom(click) {
    const data = clickedData(click);
    if (!data.length || data[0] !== "group") return { group: false };
    const drawnAt = data[3];
    if (data.length !== 4 || typeof drawnAt !== "number") return { group: true, mapView: null };
    return { group: true, mapView: mapPosition(data[1], data[2], Math.min(Math.max(drawnAt, 0) + GROUP_ZOOM_STEP, 18)) };
  }

  // Where the analyst panned or zoomed the map to (Plotly's relayoutData), or null.
  function movedTo(relayout) {
    const center = relayout && relayout["map.center"];
    if (!center || typeof center !== "object") return null;
    return mapPosition(center.lat, center.lon, relayout["map.zoom"]);
  }

  // The days a drag across the timeline covers, or [null, null] when it covers none.
  function brushedDays(selected) {
    const range = selected && selected.range && selected.range.x;
    if (!Array.isArray(range) || range.length !== 2) return [null, null];
    const [first, last] = range.map(day);
    return first && last ? [first, last] : [null, null];
  }

  // The export links of a view: each link's address with the view's query.
  function links(search, hrefs) {
    const [csv, geojson, snapshot] = hrefs.map((href) => String(href || "").split("?")[0]);
    return [csv + search, geojson + search, snapshot + search, csv + (search ? search + "&" : "?") + "bom=1"];
  }

  root.claimsmap_query = { compose, fromAddress, clickedPlace, groupZoom, movedTo, brushedDays, links, mapPosition };
})(typeof window !== "undefined" ? window : globalThis);
