// The map of the first page, drawn before the app's wasm has arrived, and
// the one loader of Leaflet's files. Trunk puts it inline at the end of
// index.html's body (the server's CSP allows it by its hash), so it runs as
// the HTML is parsed, without a round trip of its own.
//
// Why: on a phone the map is the first view, and the app's wasm is most of
// the first load. Here Leaflet, the settings, the venues and the tiles load
// first; the map is drawn at the view the app will show (fitted to the
// venues of the default search, the same way components/map.rs fits them),
// with a dot on every venue; the app's map adopts this one when it mounts
// (window.ledigMap.adopt), so its tiles are fetched once, and puts its
// clustered, clickable markers in place of the dots.
//
// The wasm waits for this first view (window.ledigFirstView, awaited by the
// loader that frontend/tools/postbuild.mjs rewrites): on a slow link the
// tiles and the venues would otherwise share it with 360 KiB of wasm, and
// the map would show seconds later. Other pages, a wide screen (where the
// list and the map show side by side and the app draws both) and a search
// in the URL do not wait. Nor does anything wait longer than FIRST_VIEW_MS.
//
// Leaflet comes with the first map, not with every page (about 50 KiB that
// My bookings or the booking form never use); the service worker precaches
// its files, so the map opens offline too once the app is installed.
(() => {
  // The longest the wasm waits for the first view (a slow tile server).
  const FIRST_VIEW_MS = 5000;
  let core = null;
  let loading = null;
  let early = null;

  // Leaflet's own CSS goes before the app's stylesheet, so the app's
  // overrides (44 px zoom buttons, the popup's close button) still win.
  function add(tag, attrs, before) {
    return new Promise((resolve, reject) => {
      const el = document.createElement(tag);
      Object.assign(el, attrs);
      el.onload = resolve;
      el.onerror = () => reject(new Error(`${attrs.src || attrs.href} did not load`));
      document.head.insertBefore(el, before || null);
    });
  }

  function ready() {
    return typeof window.L !== 'undefined' && typeof window.L.markerClusterGroup === 'function';
  }

  // Offline without a cached copy: the next map may try again.
  function retryLater(err) {
    core = null;
    loading = null;
    throw err;
  }

  // Leaflet itself: all a plain map needs.
  function loadCore() {
    if (!core) {
      const first = document.head.querySelector('link[rel="stylesheet"]');
      core = Promise.all([
        add('link', { rel: 'stylesheet', href: '/vendor/leaflet/leaflet.css' }, first),
        add('script', { src: '/vendor/leaflet/leaflet.js' }),
      ]).catch(retryLater);
    }
    return core;
  }

  // Leaflet and the marker clusters: what the app's map needs.
  function load() {
    if (ready()) return Promise.resolve();
    if (!loading) {
      const first = document.head.querySelector('link[rel="stylesheet"]');
      loading = Promise.all([
        add('link', { rel: 'stylesheet', href: '/vendor/leaflet.markercluster/MarkerCluster.css' }, first),
        loadCore().then(() => add('script', { src: '/vendor/leaflet.markercluster/leaflet.markercluster.js' })),
      ]).catch(retryLater);
    }
    return loading;
  }

  /**
   * The early map, if one was drawn with this tile server and not taken yet:
   * its container moves into `parent` (the app's map region) and the map
   * goes on from where it is. Otherwise null, and the app makes its own.
   */
  function adopt(parent, tileUrl) {
    if (!early || early.tileUrl !== tileUrl) return null;
    const { map, el, dots } = early;
    early = null;
    // The app's markers replace the dots.
    dots.remove();
    el.classList.remove('map', 'map-early');
    el.classList.add('map-fill');
    el.removeAttribute('role');
    el.removeAttribute('aria-label');
    parent.appendChild(el);
    map.invalidateSize(false);
    return map;
  }

  window.ledigMap = { ready, load, adopt };

  let firstView;
  window.ledigFirstView = new Promise((resolve) => {
    firstView = resolve;
  });
  setTimeout(firstView, FIRST_VIEW_MS);

  // The home page's map view at a phone's width only.
  const main = document.querySelector('#app main.shell');
  const wide = window.matchMedia('(min-width: 64rem)').matches;
  if (location.pathname !== '/' || new URLSearchParams(location.search).get('view') === 'list' || wide || !main) {
    firstView();
    return;
  }
  const json = (url) =>
    fetch(url, { headers: { accept: 'application/json' } })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`${url}: ${res.status}`))));
  const settings = json('/api/v1/config');
  // The app's first search when the URL has none (SearchQuery::api_query);
  // with a search in the URL the map starts at the configured view.
  const venues = location.search
    ? Promise.resolve(null)
    : json('/api/v1/venues?sort=earliest_free&per_page=100').catch(() => null);
  Promise.all([settings, loadCore(), venues]).then(([config, , page]) => {
    // The app was quicker: it draws its own.
    if (!main.isConnected) return firstView();
    const el = document.createElement('div');
    el.className = 'map map-early';
    el.setAttribute('role', 'region');
    // The app's label for its map (map-label, in Swedish: the shell's language).
    el.setAttribute('aria-label', 'Karta över anläggningar');
    // In place of the skeleton lines, near the top: the map is what loads.
    // In the frame the app's map will have, so that it is the same size and
    // the app, fitting the same venues, keeps the view and its tiles.
    main.querySelector('.skeleton-lines')?.remove();
    const results = document.createElement('div');
    results.className = 'results show-map';
    const region = document.createElement('div');
    region.className = 'results-map';
    region.appendChild(el);
    results.appendChild(region);
    main.appendChild(results);
    const map = L.map(el);
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19 })
      .once('load', () => firstView())
      .addTo(map);
    const points = page ? page.venues.map((hit) => [hit.lat, hit.lon]) : [];
    // As components/map.rs's fit() does it.
    if (points.length > 1) map.fitBounds(points, { padding: [40, 40], maxZoom: 14 });
    else if (points.length === 1) map.setView(points[0], 13);
    else map.setView([config.default_lat, config.default_lon], config.default_zoom);
    // Where the venues are, until the app's markers (with their popups) come.
    const dots = L.layerGroup(
      points.map((p) => L.circleMarker(p, { radius: 7, weight: 2, color: '#fff', fillColor: '#0b5d3b', fillOpacity: 1, interactive: false })),
    ).addTo(map);
    early = { map, el, dots, tileUrl: config.tile_url };
  }).catch(() => {
    // No early map (offline, or the server said no): the app's map says why.
    firstView();
  });
})();
