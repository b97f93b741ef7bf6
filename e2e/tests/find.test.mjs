// Finding a court on a phone: the clustered map with "free" labels, filters
// that change the results, the list view, the search kept in the URL (and
// across a reload), "near me" with a granted and a denied location (city
// fallback), a next free time straight to booking, and a venue's week
// schedule whose free cells start the booking.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, checkA11y, shot, markedVenues, distanceM, until, withPhone } from './support.mjs';

const LABEL = /^(Free now|Next free (\w{3} )?\d\d:\d\d|Full today)$/;
let venues;
before(async () => {
  const res = await api('/venues?per_page=100');
  assert.equal(res.status, 200, `GET /venues from ${BASE}`);
  venues = res.body.venues;
  assert.ok(venues.length > 1, 'the demo data has venues');
});

test('on a phone the first view (the map fitted to the venues, a dot on each) comes before the wasm is asked for; the app takes that map over without a tile more', async () => {
  await withPhone({ language: null }, async ({ page, tiles }) => {
    // What the early map had when the wasm was asked for; the wasm is held
    // back a moment longer so that the first view can be looked at alone.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let atWasm = null;
    await page.route('**/*.wasm', async (route) => {
      atWasm ??= await page.evaluate(() => ({
        tiles: document.querySelectorAll('.map-early img.leaflet-tile').length,
        loaded: document.querySelectorAll('.map-early img.leaflet-tile-loaded').length,
        dots: document.querySelectorAll('.map-early .leaflet-overlay-pane path').length,
      }));
      await held;
      await route.continue();
    });
    await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded' });
    await page.locator('main.shell .map-early .leaflet-tile-loaded').first().waitFor();
    await until('the wasm to be asked for', () => atWasm);
    assert.ok(atWasm.tiles > 0 && atWasm.loaded === atWasm.tiles, `every early tile was in before the wasm was asked for: ${JSON.stringify(atWasm)}`);
    assert.equal(atWasm.dots, venues.length, 'a dot on every venue before the wasm');
    assert.ok(tiles.length > 0, 'tiles came from the configured tile server');
    assert.equal(await page.getByRole('region', { name: 'Karta över anläggningar', exact: true }).count(), 1, 'the early map is a labelled region');
    await shot(page, 'find-00-early-map');
    await checkA11y(page, 'the early map in the loading shell');
    const early = await page.evaluateHandle(() => document.querySelector('.map-early'));
    const earlyTiles = tiles.length;

    release();
    await page.getByRole('heading', { level: 1, name: 'Hitta en ledig bana' }).waitFor();
    await page.locator('.leaflet-marker-icon').first().waitFor();
    await page.waitForLoadState('networkidle');
    // One map: the early one, moved into the app's map region, with the venues on it.
    assert.equal(await page.locator('.leaflet-container').count(), 1, 'one map, not two');
    assert.ok(await early.evaluate((el) => el.isConnected && el.classList.contains('map-fill') && el.closest('.map[role="region"]') !== null),
      'the early map now sits in the app\'s map region');
    assert.equal(await page.getByRole('region', { name: 'Karta över anläggningar', exact: true }).count(), 1, 'and only that region is labelled');
    assert.equal(await early.evaluate((el) => el.getAttribute('role')), null, 'the moved map is no region of its own');
    assert.equal((await markedVenues(page)).total, venues.length, 'every venue is on it');
    assert.equal(await page.locator('.leaflet-overlay-pane path').count(), 0, 'the app\'s markers took the dots\' place');
    assert.equal(tiles.length, earlyTiles, 'the app kept the early view: not one tile more');
    await checkA11y(page, 'the home page with the adopted map');
  });
});

/** The "N venues…" line once a search has answered. */
async function resultCount(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('.result-count')?.textContent ?? '';
    return t && t !== 'Searching…';
  });
  return (await page.locator('.result-count').textContent()).trim();
}

/** Choose an option of a labelled select and wait for the URL to carry it. */
async function choose(page, label, value, param) {
  await page.getByLabel(label, { exact: true }).selectOption(value);
  await page.waitForURL((url) => new URL(url).searchParams.get(param) === value);
}

test('the map clusters venues and labels them with their next free time; filters, list and URL', async () => {
  await withPhone({}, async ({ page }) => {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Find a free court' }).waitFor();
    await page.locator('.leaflet-marker-icon').first().waitFor();
    const marked = await markedVenues(page);
    assert.equal(marked.total, venues.length, 'every venue is on the map');
    assert.ok(marked.clusters > 0, 'venues close together are clustered');
    // Clusters are buttons that say what they hold.
    assert.equal(
      await page.getByRole('button', { name: /^\d+ venues here, zoom in$/ }).count(),
      marked.clusters,
      'each cluster is a button saying how many venues it holds',
    );
    await shot(page, '10-map-clusters');

    // Tapping a cluster zooms in until the venues show with their labels.
    await page.locator('.venue-cluster').first().tap();
    await page.locator('.venue-pin').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
    const pins = page.locator('.venue-pin .pin-label');
    for (const pin of await pins.all()) {
      const text = (await pin.textContent()).trim();
      const [name, label] = text.split(/:\s+/);
      assert.ok(venues.some((v) => v.name === name), `the marker names a venue: ${text}`);
      assert.match(label, LABEL, 'the marker shows when it is free');
    }
    // Each marker is a keyboard-reachable button named after its venue and label.
    const pinName = (await pins.first().textContent()).trim();
    const pin = page.getByRole('button', { name: pinName });
    assert.equal(await pin.getAttribute('tabindex'), '0');
    await pin.tap();
    const popup = page.locator('.leaflet-popup');
    await popup.locator('a', { hasText: 'See free times' }).waitFor();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
    assert.equal((await popup.locator('.popup-free').textContent()).trim(), pinName.split(/:\s+/)[1], 'the popup repeats the label');
    await shot(page, '11-map-pin-popup');
    await checkA11y(page, 'the map with a popup');
    await page.keyboard.press('Escape');

    // Filter: padel, then indoor padel — the results follow the server's search.
    const padel = (await api('/venues?sport=padel&per_page=100')).body.total;
    const indoorPadel = (await api('/venues?sport=padel&indoor=true&per_page=100')).body.total;
    assert.ok(padel < venues.length && padel > 0, 'the demo data has some padel venues');
    await page.locator('.filters summary').tap();
    await choose(page, 'Sport', 'padel', 'sport');
    await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent.startsWith(`${n} venue`), padel);
    await page.waitForFunction((n) => {
      const pins = document.querySelectorAll('.venue-pin').length;
      const inClusters = [...document.querySelectorAll('.venue-cluster [aria-hidden="true"]')].reduce((s, e) => s + Number(e.textContent), 0);
      return pins + inClusters === n;
    }, padel);
    await choose(page, 'Indoor or outdoor', 'indoor', 'place');
    await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent.startsWith(`${n} venue`), indoorPadel);
    await shot(page, '12-filters');

    // The list: the same venues, each with sports, indoor/outdoor and a link.
    await page.getByRole('button', { name: 'List', exact: true }).tap();
    await page.waitForURL((url) => new URL(url).searchParams.get('view') === 'list');
    const cards = page.locator('.venue-list > li');
    await cards.first().waitFor();
    assert.equal(await cards.count(), indoorPadel);
    for (const card of await cards.all()) {
      const meta = await card.locator('.venue-meta').textContent();
      assert.match(meta, /Padel/);
      assert.match(meta, /Indoor/);
      assert.match(await card.locator('a.venue-link').getAttribute('href'), /^\/venues\/\d+$/);
    }
    assert.equal(await page.locator('.results-map .map').isVisible(), false, 'on a phone the list replaces the map');
    await shot(page, '13-list-filtered');
    await checkA11y(page, 'the filtered list');

    // A time window and a minimum length go into the URL too, and into the
    // search: the page shows the server's answer to the query it sent.
    await choose(page, 'When', '3h', 'window');
    await choose(page, 'Free for at least', '60', 'min');
    const searched = page.waitForRequest((r) => {
      const q = new URL(r.url()).searchParams;
      return r.url().includes('/api/v1/venues?') && q.get('sort') === 'earliest_free' && q.get('min_minutes') === '60';
    });
    await choose(page, 'Sort', 'earliest_free', 'sort');
    const sent = new URL((await searched).url());
    assert.equal(sent.searchParams.get('sport'), 'padel');
    assert.equal(sent.searchParams.get('indoor'), 'true');
    const span = Date.parse(sent.searchParams.get('to')) - Date.parse(sent.searchParams.get('from'));
    assert.ok(span > 0 && span <= 3 * 3600 * 1000, `the 3 h window is sent as from/to (${sent.searchParams.get('from')}–${sent.searchParams.get('to')})`);
    const answer = (await api(`${sent.pathname.replace('/api/v1', '')}${sent.search}`)).body;
    const count = await resultCount(page);
    if (answer.total === 0) {
      await page.locator('.empty-results').waitFor();
    } else {
      assert.ok(count.startsWith(`${answer.total} venue`), `"${count}" is the server's ${answer.total}`);
      assert.equal(await page.locator('.venue-list > li').count(), answer.venues.length);
    }
    const url = new URL(page.url());
    for (const [k, v] of [['view', 'list'], ['sport', 'padel'], ['place', 'indoor'], ['window', '3h'], ['min', '60'], ['sort', 'earliest_free']]) {
      assert.equal(url.searchParams.get(k), v, `the URL carries ${k}`);
    }
    const before = await resultCount(page);

    // A reload (or a shared link) restores the same search.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Find a free court' }).waitFor();
    assert.equal(await resultCount(page), before);
    assert.equal(await page.getByLabel('Sport', { exact: true }).inputValue(), 'padel');
    assert.equal(await page.getByLabel('Indoor or outdoor', { exact: true }).inputValue(), 'indoor');
    assert.equal(await page.getByLabel('When', { exact: true }).inputValue(), '3h');
    assert.equal(await page.getByLabel('Free for at least', { exact: true }).inputValue(), '60');
    assert.equal(await page.getByRole('button', { name: 'List', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.ok(await page.locator('.venue-list, .empty-results').first().isVisible(), 'the list (or a clear "no results") shows');
    await shot(page, '14-after-reload');

    // Clearing the filters brings every venue back.
    await page.getByRole('button', { name: 'Clear filters' }).tap();
    await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent === `${n} venues`, venues.length);
    assert.equal(new URL(page.url()).searchParams.get('sport'), null);
    // The button it was on is gone: the focus is on the filters' summary,
    // and the filters stay open.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY');
    assert.ok(await page.locator('details.filters').evaluate((d) => d.open), 'the filters stay open');
  });
});

test('near me: a granted location lists the nearest venues first, with distances, and books a next free time', async () => {
  await withPhone({}, async ({ page, context }) => {
    const here = { latitude: 57.70, longitude: 11.97 };
    await context.grantPermissions(['geolocation'], { origin: BASE });
    await context.setGeolocation(here);
    const nearest = [...venues].sort(
      (a, b) => distanceM(here.latitude, here.longitude, a.lat, a.lon) - distanceM(here.latitude, here.longitude, b.lat, b.lon),
    )[0];

    await page.goto(`${BASE}/?view=list`);
    await page.locator('.venue-list > li').first().waitFor();
    await page.getByRole('button', { name: 'Near me' }).tap();
    await page.waitForURL((url) => new URL(url).searchParams.get('near') === 'me');
    await page.waitForFunction(() => document.querySelector('.result-count')?.textContent.includes('near you'));
    const url = new URL(page.url());
    assert.equal(Number(url.searchParams.get('lat')).toFixed(2), '57.70');
    assert.equal(Number(url.searchParams.get('lon')).toFixed(2), '11.97');
    assert.equal(url.searchParams.get('sort'), 'distance');

    const first = page.locator('.venue-list > li').first();
    assert.equal((await first.locator('.venue-name').textContent()).trim(), nearest.name, 'the nearest venue comes first');
    const distances = await page.locator('.venue-distance').allTextContents();
    assert.ok(distances.length > 0, 'distances are shown');
    const metres = distances.map((d) => {
      const m = d.match(/([\d.]+)\s*(k?m)/);
      assert.ok(m, `a distance like "1.2 km": ${d}`);
      return Number(m[1]) * (m[2] === 'km' ? 1000 : 1);
    });
    assert.deepEqual([...metres].sort((a, b) => a - b), metres, 'nearest first');
    await shot(page, '15-near-me-list');
    await checkA11y(page, 'the list near me');

    // The map marks where I am.
    await page.getByRole('button', { name: 'Map', exact: true }).tap();
    await page.locator('.me-marker').waitFor();
    await page.locator('.leaflet-marker-icon.venue-pin, .leaflet-marker-icon.venue-cluster').first().waitFor();
    await shot(page, '16-near-me-map');

    // A next free time in the list goes straight to booking that slot.
    await page.getByRole('button', { name: 'List', exact: true }).tap();
    const time = first.locator('a.free-time').first();
    await time.waitFor();
    const start = (await time.locator('.free-start').textContent()).trim();
    const court = (await time.locator('.free-court').textContent()).trim();
    assert.match(await time.textContent(), /^Book /, 'the link says what it does');
    await time.tap();
    await page.waitForURL(/\/book\?/);
    await page.getByLabel('Name').waitFor();
    const summary = await page.locator('.summary').textContent();
    assert.ok(summary.includes(nearest.name), 'the summary names the venue');
    assert.ok(summary.includes(court), 'the summary names the court');
    assert.ok(summary.includes(`${start}–`), 'the summary shows the chosen start time');
  });
});

test('near me: a refused location explains itself and offers a city instead', async () => {
  await withPhone({}, async ({ page, context }) => {
    await context.clearPermissions();
    await page.goto(`${BASE}/`);
    await page.locator('.leaflet-marker-icon').first().waitFor();
    const started = Date.now();
    await page.getByRole('button', { name: 'Near me' }).tap();
    const alert = page.getByRole('alert').filter({ hasText: 'Choose a city' });
    await alert.waitFor({ timeout: 15000 });
    assert.ok(Date.now() - started < 10000, 'the fallback comes within the time limit');
    // Refused (the permission is not granted), not "unavailable" or "too slow".
    assert.match(await alert.textContent(), /may not use your location/);
    const cities = page.getByRole('group', { name: 'Search near' });
    await cities.waitFor();
    for (const city of ['Umeå', 'Göteborg', 'Malmö', 'Stockholm']) {
      assert.ok(await cities.getByRole('button', { name: city }).isVisible(), `${city} is offered`);
    }
    await shot(page, '17-near-me-refused');
    await checkA11y(page, 'the city fallback');

    await cities.getByRole('button', { name: 'Göteborg' }).tap();
    await page.waitForURL((url) => new URL(url).searchParams.get('near') === 'Göteborg');
    await page.waitForFunction(() => document.querySelector('.result-count')?.textContent.includes('near Göteborg'));
    await page.getByRole('button', { name: 'List', exact: true }).tap();
    const cards = page.locator('.venue-list > li');
    await cards.first().waitFor();
    for (const card of await cards.all()) {
      assert.match(await card.locator('.venue-address').textContent(), /Göteborg/, 'only venues near Göteborg');
    }
    assert.match(await cards.first().locator('.venue-distance').textContent(), /\d\s*k?m/);
    assert.equal(await page.getByRole('alert').count(), 0, 'the message goes once a city is chosen');
  });
});

test("a venue's week: days × courts on a 360 px phone; a free cell starts the booking", async () => {
  await withPhone({ width: 360, height: 780 }, async ({ page }) => {
    const venue = venues.find((v) => v.court_count >= 4) ?? venues[0];
    await page.goto(`${BASE}/venues/${venue.id}`);
    await page.getByRole('heading', { level: 1, name: venue.name }).waitFor();
    await page.getByRole('button', { name: 'Week', exact: true }).tap();
    await page.waitForURL((url) => new URL(url).searchParams.get('view') === 'week');
    await page.locator('.week-grid').waitFor();
    assert.equal(await page.locator('.week-grid tbody').count(), 7, 'seven days');
    assert.equal(await page.locator('.week-day').first().locator('th').count(), 1);

    // Only the grid scrolls sideways; the court names stay in view.
    const layout = await page.evaluate(() => {
      const scroller = document.querySelector('.week-scroll');
      return { page: document.documentElement.scrollWidth, view: window.innerWidth, grid: scroller.scrollWidth, box: scroller.clientWidth };
    });
    assert.ok(layout.page <= layout.view, `the page itself does not scroll sideways (${layout.page} > ${layout.view})`);
    assert.ok(layout.grid > layout.box, 'the grid scrolls sideways');
    const court = page.locator('.week-grid th[scope="row"]').first();
    const x0 = (await court.boundingBox()).x;
    await page.locator('.week-scroll').evaluate((el) => el.scrollBy(400, 0));
    await page.waitForFunction(() => document.querySelector('.week-scroll').scrollLeft > 0);
    assert.equal((await court.boundingBox()).x, x0, 'the court column is sticky');
    await page.locator('.week-scroll').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, '18-week');
    await checkA11y(page, 'the week schedule');

    // The next week, and back.
    const heading = await page.locator('#day-heading').textContent();
    await page.getByRole('button', { name: 'Next week' }).tap();
    await page.waitForFunction((h) => document.querySelector('#day-heading')?.textContent !== h && document.querySelector('.week-grid'), heading);
    const from = new URL(page.url()).searchParams.get('from');
    assert.match(from, /^\d{4}-\d\d-\d\d$/, 'the URL carries the week');
    await page.reload();
    await page.locator('.week-grid').waitFor();
    assert.notEqual(await page.locator('#day-heading').textContent(), heading, 'a reload keeps the week');

    // A free cell is a button with a full name; Enter (or a tap) books it.
    const cell = page.locator('button.week-free').first();
    await cell.waitFor();
    const name = await cell.getAttribute('aria-label');
    const m = name.match(/^(.+), (\w+day \d+ \w+), (\d\d:\d\d)–(\d\d:\d\d), .+\skr, free$/);
    assert.ok(m, `a full accessible name: ${name}`);
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1);
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/book\?/);
    await page.getByLabel('Name').waitFor();
    const summary = await page.locator('.summary').textContent();
    assert.ok(summary.includes(venue.name), 'the summary names the venue');
    assert.ok(summary.includes(m[1]), 'the summary names the court');
    assert.ok(summary.includes(m[2]), 'the summary names the day');
    assert.ok(summary.includes(`${m[3]}–${m[4]}`), 'the summary shows the time');
    await shot(page, '19-week-book');
  });
});
