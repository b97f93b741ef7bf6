// Venues and courts in the app (issue 15, item 2), in a real browser, in
// Swedish: the operator of a new organisation (no venues yet) adds one,
// is told to pick its place (the focus goes there), picks it on the map,
// sets two courts (padel with lights), creates it and lands on its opening
// hours; players see it with its courts. Then the operator changes it: an
// emptied name is the server's 422 in Swedish on the name, fixed and saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { BASE, E2E_DB as DB, api, checkA11y, LEDIG_BIN, openPhone, shot, startSmtp, signInByMail } from './support.mjs';

const SMTP_PORT = Number(process.env.LEDIG_E2E_SMTP_PORT || 0);

test('an operator adds a venue with its courts, picked on the map, and changes it', async () => {
  assert.ok(SMTP_PORT, 'LEDIG_E2E_SMTP_PORT: scripts/test sets it');
  assert.ok(DB.startsWith('sqlite://'), 'LEDIG_E2E_DATABASE_URL: the SQLite database of the server under test');
  const stamp = Date.now();
  const email = `vera-${stamp}@nybykommun.se`;
  const ledig = (...args) => execFileSync(LEDIG_BIN, args, { env: { ...process.env, LEDIG_DATABASE_URL: DB, LEDIG_LOG: 'warn' } });
  // The demo venues' organisation first (the first organisation takes on
  // every venue without one; the other operator tests use it too), then a
  // second one, which starts with no venues of its own.
  ledig('operator', 'add', '--email', 'hanna@exempelkommun.se', '--role', 'operator', '--organisation', 'Exempelkommun');
  ledig('operator', 'add', '--email', email, '--role', 'operator', '--organisation', `Nyby kommun ${stamp}`);
  const smtp = await startSmtp(SMTP_PORT);
  const phone = await openPhone({ language: 'sv' });
  const { page } = phone;
  const name = `Nyby padelhall ${stamp}`;
  try {
    await page.goto(`${BASE}/signin`);
    await signInByMail(page, smtp, email, 'sv');
    await page.waitForURL('**/account');
    await page.goto(`${BASE}/operator`);
    await page.getByText('Ingen anläggning är kopplad till dig ännu.').waitFor();
    await page.getByRole('link', { name: 'Ny anläggning' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Lägg till en anläggning' }).waitFor();
    await page.locator('.position-map.leaflet-container').waitFor();
    await checkA11y(page, 'the new venue form');

    await page.getByLabel('Namn', { exact: true }).fill(name);
    await page.getByLabel('Gatuadress', { exact: true }).fill('Idrottsvägen 3');
    await page.getByLabel('Ort', { exact: true }).fill('Nyby');
    await page.getByLabel('Beskrivning (visas för spelarna)').fill('Två banor under tak, nära bussen.');

    // No place yet: told so, on the latitude, with the focus there.
    await page.getByRole('button', { name: 'Skapa anläggningen' }).tap();
    await page.getByText('Välj platsen på kartan eller skriv den som ett tal, i Sverige.').first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'venue-lat');
    await checkA11y(page, 'the new venue form with a mistake');

    // A tap on the map picks the place, in both fields.
    const map = page.locator('.position-map');
    const box = await map.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const lat = page.getByLabel('Latitud', { exact: true });
    await assert.doesNotReject(page.waitForFunction(() => document.getElementById('venue-lat')?.value !== ''));
    const picked = Number(await lat.inputValue());
    const lon = Number(await page.getByLabel('Longitud', { exact: true }).inputValue());
    assert.ok(picked > 55 && picked < 69.1 && lon > 10.9 && lon < 24.2, `in Sweden: ${picked}, ${lon}`);

    // Court 1: padel with lights, 200 kr; then a second like it.
    const first = page.locator('fieldset.rules-band', { hasText: 'Bana 1' }).first();
    await first.getByLabel('Sport', { exact: true }).selectOption('padel');
    await first.getByLabel('Underlag', { exact: true }).selectOption('artificial_grass');
    await first.getByLabel('Inomhus', { exact: true }).check();
    await first.getByLabel('Belysning', { exact: true }).check();
    await first.getByLabel('Pris per pass (kr)').fill('200');
    await page.getByRole('button', { name: 'Lägg till en bana' }).tap();
    const second = page.locator('fieldset.rules-band').nth(1);
    assert.equal(await second.getByLabel('Banans namn').inputValue(), 'Bana 2');
    assert.equal(await second.getByLabel('Sport', { exact: true }).inputValue(), 'padel', 'like the last court');

    await page.getByRole('button', { name: 'Skapa anläggningen' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Öppettider' }).waitFor();
    const venueId = Number(page.url().match(/venues\/(\d+)\/hours/)[1]);
    await page.getByText(name).first().waitFor();

    // Players see it, with its two padel courts.
    const { body: venue } = await api(`/venues/${venueId}`);
    assert.equal(venue.name, name);
    assert.deepEqual(venue.sports, ['padel']);
    assert.equal(venue.courts.length, 2);
    assert.equal(venue.courts[0].lights, true);
    assert.equal(venue.courts[0].price.amount_minor, 20000);
    assert.equal(venue.courts[0].indoor, true);

    // Changing it: from the operator home, by its link.
    await page.goto(`${BASE}/operator`);
    const item = page.locator('.operator-venues li', { hasText: name });
    await item.getByRole('link', { name: 'Anläggning och banor' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Anläggning och banor' }).waitFor();
    const nameField = page.getByLabel('Namn', { exact: true });
    assert.equal(await nameField.inputValue(), name);
    await nameField.fill('');
    await page.getByRole('button', { name: 'Spara anläggningen' }).tap();
    await page.getByText(/^Fyll i fältet/).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'venue-name');
    await nameField.fill(`${name} och tennis`);
    await page.getByRole('button', { name: 'Lägg till en bana' }).tap();
    const third = page.locator('fieldset.rules-band').nth(2);
    await third.getByLabel('Sport', { exact: true }).selectOption('tennis');
    await third.getByLabel('Underlag', { exact: true }).selectOption('clay');
    await page.getByRole('button', { name: 'Spara anläggningen' }).tap();
    await page.getByText(/^Sparat\./).waitFor();
    await checkA11y(page, 'the venue saved');
    await shot(page, '68-venue-setup');
    // A preview of a new slot length before saving, under the venue's hours
    // (07:00–22:00 every day, set here through the API).
    const hoursSet = await page.evaluate(async (id) => {
      const { csrf_token: csrf } = await fetch('/api/v1/session').then((r) => r.json());
      const read = await fetch(`/api/v1/operator/venues/${id}/hours`);
      const day = { opens: '07:00', closes: '22:00' };
      const r = await fetch(`/api/v1/operator/venues/${id}/hours`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, 'if-match': read.headers.get('etag') },
        body: JSON.stringify({ weekly: [day, day, day, day, day, day, day], exceptions: [] }),
      });
      return r.status;
    }, venueId);
    assert.equal(hoursSet, 200);
    await first.getByLabel('Passlängd (minuter)', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Visa tiderna' }).tap();
    await page.getByText(/^Bana 1: 07:00, 07:30, 08:00, .* 21:30\. Bana 2: 07:00, 08:00, .* 21:00\./).waitFor();
    await checkA11y(page, 'the venue with a day previewed');
    const { body: unchanged } = await api(`/venues/${venueId}`);
    assert.equal(unchanged.courts[0].slot_minutes, 60, 'a preview saves nothing');

    // A photo: none yet; without a file, told so; then one with what a
    // phone's editor leaves in it (a name and a position), which players
    // get without.
    const photos = page.locator('section.venue-photo-admin');
    await photos.getByText('Anläggningen har inga bilder än.').waitFor();
    await photos.getByRole('button', { name: 'Lägg till bilden' }).tap();
    await photos.getByText('Välj en bild.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'photo-file');
    await photos.getByLabel('Bild', { exact: true }).setInputFiles({ name: 'bana.png', mimeType: 'image/png', buffer: pngWithMetadata() });
    const alt = 'Bana 1 under taket, sedd från entrén';
    await photos.getByLabel('Vad bilden visar').fill(alt);
    await photos.getByRole('button', { name: 'Lägg till bilden' }).tap();
    await photos.getByText('Bilden är tillagd.').waitFor();
    await photos.locator(`img[alt="${alt}"]`).waitFor();
    await checkA11y(page, 'the venue with a photo');
    await shot(page, '69-venue-photo');
    const { body: pictured } = await api(`/venues/${venueId}`);
    assert.equal(pictured.photos.length, 1);
    assert.equal(pictured.photos[0].alt, alt);
    assert.deepEqual([pictured.photos[0].width, pictured.photos[0].height], [3, 2]);
    const served = Buffer.from(await (await fetch(new URL(pictured.photos[0].url, BASE))).arrayBuffer());
    assert.ok(served.subarray(0, 8).equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')), 'a PNG');
    for (const gone of ['Karlsson', 'GPS']) assert.ok(!served.includes(gone), `${gone} is not in the served photo`);
    // On the players' page of the venue.
    await page.goto(`${BASE}/venues/${venueId}`);
    await page.getByRole('list', { name: 'Bilder på anläggningen' }).getByRole('img', { name: alt }).waitFor();
    await checkA11y(page, "the venue's page with its photo");
    await page.goBack();
    // A second photo; then both removed with two taps in a row, the second
    // before the first has answered: neither comes back.
    const other = 'Bana 2 från parkeringen';
    await photos.getByLabel('Bild', { exact: true }).setInputFiles({ name: 'bana2.png', mimeType: 'image/png', buffer: pngWithMetadata() });
    await photos.getByLabel('Vad bilden visar').fill(other);
    await photos.getByRole('button', { name: 'Lägg till bilden' }).tap();
    await photos.locator(`img[alt="${other}"]`).waitFor();
    // The server's answers are held until both removals have been asked for.
    let asked = 0;
    let answer;
    const both = new Promise((resolve) => { answer = resolve; });
    await page.route('**/api/v1/operator/venues/*/photos/*', async (route) => {
      if (++asked === 2) answer();
      await both;
      await route.continue();
    });
    await page.getByRole('button', { name: `Ta bort bilden ${alt}` }).tap();
    await page.getByRole('button', { name: `Ta bort bilden ${other}` }).tap();
    await both;
    await photos.getByText('Anläggningen har inga bilder än.').waitFor();
    await photos.getByText('Bilden är borttagen.').waitFor();
    const { body: unpictured } = await api(`/venues/${venueId}`);
    assert.deepEqual(unpictured.photos, []);

    const { body: changed } = await api(`/venues/${venueId}`);
    assert.equal(changed.name, `${name} och tennis`);
    assert.deepEqual(changed.sports, ['padel', 'tennis']);
    assert.deepEqual(phone.external, [], 'no request may leave localhost');
  } catch (err) {
    await shot(page, `failed-venue-${Date.now()}`).catch(() => {});
    throw err;
  } finally {
    await phone.close();
    await smtp.close();
  }
});

/** A 3×2 PNG with a text chunk naming a person and an eXIf chunk with a position. */
function pngWithMetadata() {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  // Two rows of three green pixels, each behind its filter byte.
  const rows = Buffer.alloc(2 * (1 + 3 * 3));
  for (let i = 0; i < 6; i++) rows[1 + Math.floor(i / 3) * 10 + (i % 3) * 3 + 1] = 0x5d;
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from('Author\0Kalle Karlsson, Storgatan 1', 'latin1')),
    chunk('eXIf', Buffer.from('MM\0*GPS 63.8N 20.3E', 'latin1')),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
