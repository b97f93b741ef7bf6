// Checks the demo data in backend/seed/demo.json: the schema the backend
// deserializes, counts, coordinates inside each city, sane opening hours and
// prices. Usage: node scripts/lib/check-seed.mjs [path/to/demo.json]
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? new URL("../../backend/seed/demo.json", import.meta.url).pathname;
const data = JSON.parse(readFileSync(path, "utf8"));
const errors = [];
const fail = (where, msg) => errors.push(`${where}: ${msg}`);

// Rough bounding boxes of the three cities' built-up areas: [south, west, north, east].
const CITIES = {
  "Umeå": [63.79, 20.15, 63.86, 20.38],
  "Göteborg": [57.63, 11.85, 57.78, 12.08],
  "Malmö": [55.54, 12.92, 55.62, 13.10],
};
const SPORTS = new Set(["tennis", "padel"]);
const SURFACES = new Set(["hard", "clay", "artificial_grass", "carpet"]);
const VENUE_KEYS = ["name", "address", "city", "lat", "lon", "timezone", "description", "opening_hours", "courts"];
// Optional venue keys (open data): free text, empty when unknown.
const VENUE_OPTIONAL = ["accessibility", "region", "operator", "rules"];
const OPEN_DATA_KEYS = ["accessibility", "region", "operator"];
// A venue's rules (backend/src/rules): booking limits, cancellation, VAT, tariffs.
const RULES_KEYS = ["min_notice_minutes", "max_days_ahead", "max_active_bookings", "cancel_deadline_hours", "late_cancellation", "vat_basis_points", "tariffs"];
const TARIFF_KEYS = ["category", "weekdays", "from", "to", "band", "price_minor", "per"];
const CATEGORIES = new Set(["adult", "youth", "senior", "club"]);
const BANDS = new Set(["peak", "off_peak"]);
const HHMM_OR_MIDNIGHT = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const COURT_KEYS = ["name", "sport", "surface", "indoor", "slot_minutes", "price_minor"];
const HOURS_KEYS = ["weekday", "opens", "closes"];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function exactKeys(where, obj, keys, optional = []) {
  const have = Object.keys(obj).filter((k) => !optional.includes(k)).sort().join(",");
  const want = [...keys].sort().join(",");
  if (have !== want) fail(where, `keys are {${have}}, expected {${want}}`);
}

if (!Array.isArray(data.venues) || Object.keys(data).join() !== "venues") {
  fail(path, 'top level must be exactly {"venues": [...]}');
} else {
  const names = new Set();
  const perCity = {};
  let courts = 0;
  for (const [i, v] of data.venues.entries()) {
    const at = `venue ${i} (${v.name})`;
    exactKeys(at, v, VENUE_KEYS, VENUE_OPTIONAL);
    for (const k of OPEN_DATA_KEYS) {
      if (k in v && typeof v[k] !== "string") fail(at, `${k} must be a string`);
    }
    if (typeof v.name !== "string" || v.name.length < 3) fail(at, "name missing");
    if (names.has(v.name)) fail(at, "duplicate venue name");
    names.add(v.name);
    if (typeof v.address !== "string" || !v.address.includes(v.city)) fail(at, "address must end with the city");
    if (typeof v.description !== "string" || v.description.length < 20) fail(at, "description too short");
    if (v.timezone !== "Europe/Stockholm") fail(at, "timezone must be Europe/Stockholm");
    const box = CITIES[v.city];
    if (!box) fail(at, `unknown city ${v.city}`);
    else {
      perCity[v.city] = (perCity[v.city] ?? 0) + 1;
      const [s, w, n, e] = box;
      if (!(v.lat >= s && v.lat <= n && v.lon >= w && v.lon <= e)) fail(at, `(${v.lat}, ${v.lon}) is outside ${v.city}`);
    }
    const days = new Set();
    for (const h of v.opening_hours ?? []) {
      exactKeys(`${at} hours`, h, HOURS_KEYS);
      if (!Number.isInteger(h.weekday) || h.weekday < 1 || h.weekday > 7) fail(at, `weekday ${h.weekday} not in 1..7`);
      if (days.has(h.weekday)) fail(at, `weekday ${h.weekday} listed twice`);
      days.add(h.weekday);
      if (!HHMM.test(h.opens) || !HHMM.test(h.closes)) fail(at, `hours ${h.opens}-${h.closes} not HH:MM`);
      else if (h.opens >= h.closes) fail(at, `weekday ${h.weekday}: opens ${h.opens} not before closes ${h.closes}`);
    }
    if (days.size < 5) fail(at, "open fewer than 5 weekdays");
    if (!Array.isArray(v.courts) || v.courts.length === 0) fail(at, "no courts");
    const courtNames = new Set();
    for (const [j, c] of (v.courts ?? []).entries()) {
      const cat = `${at} court ${j} (${c.name})`;
      exactKeys(cat, c, COURT_KEYS);
      if (courtNames.has(c.name)) fail(cat, "duplicate court name in venue");
      courtNames.add(c.name);
      if (!SPORTS.has(c.sport)) fail(cat, `sport ${c.sport}`);
      if (!SURFACES.has(c.surface)) fail(cat, `surface ${c.surface}`);
      if (typeof c.indoor !== "boolean") fail(cat, "indoor must be true or false");
      if (![30, 60, 90].includes(c.slot_minutes)) fail(cat, `slot_minutes ${c.slot_minutes}`);
      if (!Number.isInteger(c.price_minor) || c.price_minor < 5000 || c.price_minor > 50000) fail(cat, `price_minor ${c.price_minor} (öre)`);
      for (const h of v.opening_hours ?? []) {
        const [oh, om] = h.opens.split(":").map(Number);
        const [ch, cm] = h.closes.split(":").map(Number);
        if ((ch * 60 + cm - oh * 60 - om) < c.slot_minutes) fail(cat, `weekday ${h.weekday} shorter than one slot`);
      }
      courts++;
    }
  }
  for (const v of data.venues) if (v.rules !== undefined) checkRules(`venue ${v.name} rules`, v.rules, v.courts ?? []);
  if (data.venues.length < 12) fail(path, `${data.venues.length} venues, want at least 12`);
  if (courts < 40) fail(path, `${courts} courts, want at least 40`);
  for (const city of Object.keys(CITIES)) {
    if ((perCity[city] ?? 0) < 4) fail(path, `${perCity[city] ?? 0} venues in ${city}, want at least 4`);
  }
  if (errors.length === 0) {
    console.log(`ok: ${path}: ${data.venues.length} venues, ${courts} courts (${Object.entries(perCity).map(([c, n]) => `${c} ${n}`).join(", ")})`);
  }
}
function checkRules(at, r, courts) {
  exactKeys(at, r, RULES_KEYS);
  const int = (v, lo, hi) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!int(r.min_notice_minutes, 0, 525600)) fail(at, `min_notice_minutes ${r.min_notice_minutes}`);
  if (!int(r.max_days_ahead, 1, 366)) fail(at, `max_days_ahead ${r.max_days_ahead}`);
  if (r.max_active_bookings !== null && !int(r.max_active_bookings, 1, 100)) fail(at, `max_active_bookings ${r.max_active_bookings}`);
  if (!int(r.cancel_deadline_hours, 0, 8760)) fail(at, `cancel_deadline_hours ${r.cancel_deadline_hours}`);
  if (!int(r.vat_basis_points, 0, 10000)) fail(at, `vat_basis_points ${r.vat_basis_points}`);
  const late = r.late_cancellation ?? {};
  if (late.policy === "fee") { exactKeys(`${at} late_cancellation`, late, ["policy", "amount_minor"]); if (!int(late.amount_minor, 0, 100000)) fail(at, "fee amount_minor"); }
  else if (late.policy === "fee_percent") { exactKeys(`${at} late_cancellation`, late, ["policy", "percent"]); if (!int(late.percent, 0, 100)) fail(at, "fee percent"); }
  else if (late.policy === "no_refund") exactKeys(`${at} late_cancellation`, late, ["policy"]);
  else fail(at, `late_cancellation policy ${late.policy} (fee, fee_percent or no_refund)`);
  if (!Array.isArray(r.tariffs)) { fail(at, "tariffs must be a list"); return; }
  for (const [i, t] of r.tariffs.entries()) {
    const tat = `${at} tariff ${i}`;
    exactKeys(tat, t, TARIFF_KEYS, ["court"]);
    if ("court" in t && !courts.some((c) => c.name === t.court)) fail(tat, `no court ${t.court}`);
    if (!CATEGORIES.has(t.category)) fail(tat, `category ${t.category}`);
    if (!BANDS.has(t.band)) fail(tat, `band ${t.band}`);
    if (!["hour", "slot"].includes(t.per)) fail(tat, `per ${t.per}`);
    if (!Array.isArray(t.weekdays) || t.weekdays.length === 0 || !t.weekdays.every((d) => int(d, 1, 7)) || new Set(t.weekdays).size !== t.weekdays.length) fail(tat, `weekdays ${t.weekdays}`);
    if (!HHMM.test(t.from) || !HHMM_OR_MIDNIGHT.test(t.to) || t.from >= t.to) fail(tat, `band ${t.from}-${t.to}`);
    if (!int(t.price_minor, 0, 100000)) fail(tat, `price_minor ${t.price_minor} (öre)`);
  }
}

if (errors.length) {
  for (const e of errors) console.error(`demo data: ${e}`);
  process.exit(1);
}
