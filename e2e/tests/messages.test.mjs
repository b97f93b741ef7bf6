// The message files (frontend/locales/{sv,en}/*.ftl, issue 7 item 2), read
// as files, no browser: every message in both languages with the same
// variables (frontend/build.rs refuses to build otherwise, this says it in a
// test too), no Swedish message that is a copy of the English one, and no
// message the app never uses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LOCALES = new URL('../../frontend/locales/', import.meta.url).pathname;
const SRC = new URL('../../frontend/src/', import.meta.url).pathname;

/** Messages of one language: id → { text, vars, file }. Fluent's own syntax
 * is checked by build.rs; this reads ids, bodies and `$variables`. */
function messages(language) {
  const out = new Map();
  const dir = join(LOCALES, language);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl'))) {
    let current = null;
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const start = /^([a-z][a-z0-9-]*)\s*=\s?(.*)$/.exec(line);
      if (start) {
        assert.ok(!out.has(start[1]), `${language}/${file}: ${start[1]} defined twice`);
        current = { text: start[2], file };
        out.set(start[1], current);
      } else if (/^\s+\S/.test(line) && current) {
        current.text += '\n' + line.trim();
      } else {
        current = null;
      }
    }
  }
  for (const m of out.values()) {
    m.vars = [...new Set([...m.text.matchAll(/\$([a-z][a-z0-9_-]*)/g)].map((v) => v[1]))].sort();
  }
  return out;
}

const sv = messages('sv');
const en = messages('en');

test('every message exists in Swedish and in English, with the same variables', () => {
  assert.ok(sv.size > 300, `only ${sv.size} Swedish messages found`);
  const missingEn = [...sv.keys()].filter((id) => !en.has(id));
  const missingSv = [...en.keys()].filter((id) => !sv.has(id));
  assert.deepEqual(missingEn, [], 'Swedish messages without English');
  assert.deepEqual(missingSv, [], 'English messages without Swedish');
  const differing = [...sv.keys()]
    .filter((id) => en.has(id) && sv.get(id).vars.join() !== en.get(id).vars.join())
    .map((id) => `${id}: sv ${sv.get(id).vars} / en ${en.get(id).vars}`);
  assert.deepEqual(differing, []);
  for (const [id, m] of [...sv, ...en]) {
    assert.ok(m.text.trim() !== '', `${id} is empty`);
  }
});

// Words that are the same in both languages: the product's name, each
// language's own name, payment brands, sports that Swedish borrowed, and
// units. Texts of variables, numbers and punctuation only pass anyway.
const SAME_ON_PURPOSE = new Set([
  'Ledig', 'Svenska', 'English', 'Stripe', 'Swish', 'Tennis', 'Padel', 'Badminton', 'Pickleball', 'Sport', 'min', 'km',
  // Words both languages spell alike (the export's field names).
  'Id', 'Status', 'Organisation',
]);

test('no Swedish message is a copy of the English one', () => {
  const copied = [...sv.keys()].filter((id) => {
    const s = sv.get(id).text;
    if (s !== en.get(id)?.text) return false;
    // Variables, string literals, numbers and punctuation only.
    const words = s.replace(/\{[^}]*\}/g, ' ').match(/\p{L}{2,}/gu) ?? [];
    return words.some((w) => !SAME_ON_PURPOSE.has(w));
  });
  assert.deepEqual(copied, [], 'Swedish messages that are the English text');
});

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.rs') ? [path] : [];
  });
}

test('every message is used by the app', () => {
  const code = sources(SRC).map((p) => readFileSync(p, 'utf8')).join('\n');
  const unused = [...sv.keys()].filter((id) => !code.includes(`msg::${id.replaceAll('-', '_')}(`));
  assert.deepEqual(unused, [], 'messages no code calls (msg::…)');
});
