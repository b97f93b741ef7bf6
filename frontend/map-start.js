// The map of the first page, drawn before the app's wasm has arrived, and
// the one loader of Leaflet's files. Trunk puts it inline at the end of
// index.html's body (the server's CSP allows it by its hash), so it runs as
// the HTML is parsed, without a round trip of its own.
//
// Why: on a phone the map is the first view, and the app's wasm is most of
// the first load. Waiting for it before even asking for Leaflet and the
// tiles put the map seconds behind the page. Here Leaflet, the settings and
// the tiles load beside the wasm; the app's map (components/map.rs) adopts
// this one when it mounts (window.ledigMap.adopt), then adds the venues.
// Only the plain map is drawn here: the markers, their popups and the
// clustering (and their files) stay the app's.
//
// Leaflet comes with the first map, not with every page (about 50 KiB that
// My bookings or the booking form never use); the service worker precaches
// its files, so the map opens offline too once the app is installed.
(() => {
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
    const { map, el } = early;
    early = null;
    el.classList.remove('map', 'map-early');
    el.classList.add('map-fill');
    el.removeAttribute('role');
    el.removeAttribute('aria-label');
    parent.appendChild(el);
    map.invalidateSize(false);
    return map;
  }

  window.ledigMap = { ready, load, adopt };

  // The home page's map view only (not a list, not another page).
  const main = document.querySelector('#app main.shell');
  if (location.pathname !== '/' || new URLSearchParams(location.search).get('view') === 'list' || !main) return;
  const settings = fetch('/api/v1/config', { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`config: ${res.status}`))));
  Promise.all([settings, loadCore()]).then(([config]) => {
    // The app was quicker: it draws its own.
    if (!main.isConnected) return;
    const el = document.createElement('div');
    el.className = 'map map-early';
    el.setAttribute('role', 'region');
    // The app's label for its map (map-label, in Swedish: the shell's language).
    el.setAttribute('aria-label', 'Karta över anläggningar');
    // In place of the skeleton lines, near the top: the map is what loads.
    main.querySelector('.skeleton-lines')?.remove();
    main.appendChild(el);
    const map = L.map(el);
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19 }).addTo(map);
    map.setView([config.default_lat, config.default_lon], config.default_zoom);
    early = { map, el, tileUrl: config.tile_url };
  }).catch(() => {
    // No early map (offline, or the server said no): the app's map says why.
  });
})();
