// Validates Ledig's OpenActive feeds with OpenActive's own validators, offline.
//
//   LEDIG_E2E_URL=http://localhost:8080 node openactive/validate.mjs
//   node openactive/validate.mjs http://localhost:8080
//
// 1. @openactive/rpde-validator walks each feed (RPDE paging, last page,
//    Cache-Control, licence, item shape).
// 2. @openactive/data-model-validator checks each item's `data` against the
//    Modelling Opportunity Data spec with loadRemoteJson off (courts are
//    described by `facilityType`, so no remote activity list is needed). All
//    FacilityUse items are checked, and up to OPENACTIVE_MAX_SLOTS slots
//    (default 400) spread evenly over the feed; set it to 0 for all of them.
//
// Exits non-zero on any issue of severity "failure"; warnings are listed.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { RpdeValidator } = require("@openactive/rpde-validator");
const { validate } = require("@openactive/data-model-validator");

const base = (process.argv[2] ?? process.env.LEDIG_E2E_URL ?? "").replace(/\/$/, "");
if (!/^https?:\/\//.test(base)) {
  console.error("usage: node openactive/validate.mjs BASE_URL (or set LEDIG_E2E_URL)");
  process.exit(2);
}
const maxSlots = Number(process.env.OPENACTIVE_MAX_SLOTS ?? 400);
const FEEDS = [
  { path: "/api/v1/open-data/facility-uses", kind: "FacilityUse", type: "FacilityUse", sample: 0 },
  { path: "/api/v1/open-data/slots", kind: "FacilityUse/Slot", type: "Slot", sample: maxSlots },
];

let failures = 0;
let warnings = 0;
const seen = new Map();

function report(where, issue) {
  const severity = issue.severity;
  const line = `${severity.padEnd(10)} ${where}${issue.path ? ` ${issue.path}` : ""}: ${String(issue.message).split("\n")[0]}`;
  if (severity === "failure") {
    failures += 1;
    console.error(line);
  } else if (severity === "warning") {
    // The same warning on thousands of items is said once.
    const key = `${where.split(" ").slice(0, 2).join(" ").replace(/\?.*/, "")} ${issue.type} ${issue.path ?? ""}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (seen.get(key) === 1) {
      warnings += 1;
      console.log(line);
    }
  }
}

async function fetchJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// Every item of a feed, following `next` to the last page (which points at itself).
async function walk(url) {
  const items = [];
  for (let page = 0; page < 10_000; page += 1) {
    const body = await fetchJson(url);
    if (body.items.length === 0) {
      if (body.next !== url) throw new Error(`${url}: the last page's next is ${body.next}, not itself`);
      return items;
    }
    items.push(...body.items);
    url = body.next;
  }
  throw new Error(`${url}: the feed does not end`);
}

function sample(items, max) {
  if (!max || items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]);
}

for (const feed of FEEDS) {
  const url = `${base}${feed.path}`;
  // An item the server updates while the walk is under way legitimately
  // shows up twice (the validator says so itself); the server refreshes its
  // feeds every 30 s, so a walk that only failed on that is tried again.
  for (let attempt = 1; ; attempt += 1) {
    console.log(`RPDE validator: ${url}${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
    const log = await RpdeValidator(url, { pageLimit: 1000, timeoutMs: 30_000 });
    const issues = log.pages.flatMap((page) => page.errors.map((issue) => [page.url, issue]));
    const failed = issues.filter(([, issue]) => issue.severity === "failure");
    if (attempt < 3 && failed.length > 0 && failed.every(([, issue]) => issue.type === "no_duplicate_items")) {
      console.log(`  ${failed.length} duplicate(s) from a concurrent update; walking again`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      continue;
    }
    for (const [pageUrl, issue] of issues) report(`[rpde] ${pageUrl}`, issue);
    break;
  }

  const items = await walk(url);
  // The newest version of each item (an update during the walk repeats it).
  const latest = new Map();
  for (const item of items) {
    const seenBefore = latest.get(item.id);
    if (seenBefore && seenBefore.modified >= item.modified) {
      report(`[feed] ${url}`, { severity: "failure", message: `item ${item.id} repeats without a newer modified` });
    }
    latest.set(item.id, item);
  }
  const updated = [...latest.values()].filter((item) => item.state === "updated");
  for (const item of items) {
    if (item.kind !== feed.kind) {
      report(`[feed] ${url}`, { severity: "failure", message: `item ${item.id} has kind ${item.kind}, expected ${feed.kind}` });
    }
  }
  const checked = sample(updated, feed.sample);
  console.log(
    `data-model validator: ${checked.length} of ${updated.length} ${feed.type} items (${latest.size - updated.length} deleted)`,
  );
  if (updated.length === 0) {
    report(`[feed] ${url}`, { severity: "failure", message: "the feed has no items to validate" });
  }
  for (const item of checked) {
    const issues = await validate(item.data, { loadRemoteJson: false, type: feed.type });
    for (const issue of issues) report(`[model] ${feed.type} ${item.id}`, issue);
  }
}

console.log(`\n${failures} failure(s), ${warnings} distinct warning(s)`);
process.exit(failures > 0 ? 1 : 0);
