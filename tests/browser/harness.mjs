// The browser tests' harness: starts the real guichet binary on a fresh SQLite database, launches Debian's
// headless Chromium through playwright-core, and offers the helpers the tests share (screenshots, axe-core,
// raw HTTP with gzip, the common page structure). Imported by pages.test.mjs; not a test file itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
export const BIN = process.env.GUICHET_BIN
  ? path.resolve(process.env.GUICHET_BIN)
  : path.resolve(REPO, process.env.CARGO_TARGET_DIR || 'target', 'debug', 'guichet');
export const ARTIFACTS = path.resolve(process.env.GUICHET_BROWSER_ARTIFACTS || path.join(here, 'artifacts'));
export const CATALOG = path.resolve(process.env.GUICHET_CATALOG || path.join(REPO, 'catalog'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The phone-sized viewport most tests use, and the two widths every visited page is photographed at. */
export const PHONE = { width: 360, height: 740 };
export const SHOT_WIDTHS = [360, 1280];
/** Playwright's wait for one element or one action: short, so that a missing hook fails fast. */
const ACTION_TIMEOUT = 8_000;
const NAVIGATION_TIMEOUT = 20_000;

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Everything started in `start()`: the server's base URL, the reporter token, the browser, the environment. */
export const h = { base: '', token: '', editorToken: '', adminToken: '', browser: null, server: null, tmp: '', serverLog: '', env: null };

function runCapture(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim()}`)),
    );
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReady(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`guichet exited with ${child.exitCode} before /readyz answered`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(200);
  }
  throw new Error(`/readyz not 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Token, server, browser: called from the test file's `before`. */
export async function start() {
  assert.ok(fs.existsSync(BIN), `no guichet binary at ${BIN}: build it (cargo build) or set GUICHET_BIN`);
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM`);
  await mkdir(ARTIFACTS, { recursive: true });
  h.tmp = await mkdtemp(path.join(os.tmpdir(), 'guichet-browser-'));
  const env = {
    ...process.env,
    GUICHET_DATABASE_URL: `sqlite://${path.join(h.tmp, 'guichet.db')}`,
    GUICHET_CATALOG: CATALOG,
    GUICHET_LOG: 'warn',
  };
  h.env = env;
  // The token first: `token create` migrates the database itself.
  const out = await runCapture(BIN, ['token', 'create', '--org', 'Browser test org'], env);
  h.token = out.trim().split('\n').pop().trim();
  assert.match(h.token, /^\S{16,}$/, `token create printed no token: ${JSON.stringify(out)}`);
  // An editor of the commune whose procedure the tests browse (the editing pages).
  const editorOut = await runCapture(
    BIN,
    ['token', 'create', '--org', 'Commune de Schaerbeek', '--role', 'editor', '--institution', 'commune-schaerbeek'],
    env,
  );
  h.editorToken = editorOut.trim().split('\n').pop().trim();
  assert.match(h.editorToken, /^\S{16,}$/, `token create printed no editor token: ${JSON.stringify(editorOut)}`);
  const adminOut = await runCapture(BIN, ['token', 'create', '--org', 'Browser test admins', '--role', 'admin'], env);
  h.adminToken = adminOut.trim().split('\n').pop().trim();

  const port = await freePort();
  h.base = `http://127.0.0.1:${port}`;
  h.serverLog = path.join(ARTIFACTS, 'server.log');
  const log = fs.openSync(h.serverLog, 'w');
  h.server = spawn(BIN, ['serve'], {
    cwd: REPO,
    env: { ...env, GUICHET_BIND: `127.0.0.1:${port}` },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  process.once('exit', () => h.server?.exitCode === null && h.server.kill('SIGKILL'));
  try {
    await waitReady(h.base, h.server, 30_000);
  } catch (e) {
    throw new Error(`${e.message}\n--- server log (${h.serverLog}) ---\n${tail(h.serverLog)}`);
  }
  h.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Runs a `guichet` command on the test database (the server may be running: SQLite in WAL); its stdout. */
export const cli = (args) => runCapture(BIN, args, h.env);

export async function stop() {
  await h.browser?.close().catch(() => {});
  const child = h.server;
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  if (h.tmp) await rm(h.tmp, { recursive: true, force: true });
}

/**
 * A browser context. `js: false` is how most tests browse (the pages must work without JavaScript); the
 * JS-enabled ones run axe-core and measure layout, and bypass a Content-Security-Policy so axe can be injected.
 */
export async function newContext({ js = false, viewport = PHONE, ...rest } = {}) {
  const ctx = await h.browser.newContext({
    javaScriptEnabled: js,
    bypassCSP: js,
    viewport,
    locale: 'fr-BE',
    ...rest,
  });
  ctx.setDefaultTimeout(ACTION_TIMEOUT);
  ctx.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT);
  return ctx;
}

export const url = (p) => new URL(p, h.base).href;

/** Navigates and asserts an HTML 200, quoting the start of the body when it is not. */
export async function go(page, p, { status = 200 } = {}) {
  const res = await page.goto(url(p), { waitUntil: 'load' });
  assert.ok(res, `no response for ${p}`);
  if (res.status() !== status) {
    const body = await res.text().catch(() => '');
    assert.fail(`GET ${p} → ${res.status()} (expected ${status}), final URL ${page.url()}: ${body.slice(0, 300)}`);
  }
  return res;
}

/** The path of the page's current URL. */
export const pathOf = (page) => new URL(page.url()).pathname;

/** Full-page screenshots at 360 and 1280 px into the artifacts folder: `<name>-360.png`, `<name>-1280.png`. */
export async function snap(page, name) {
  const before = page.viewportSize() || PHONE;
  for (const width of SHOT_WIDTHS) {
    await page.setViewportSize({ width, height: before.height });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page, which must be in a JS-enabled context; zero violations. */
export async function assertAxeClean(page, name) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  fs.writeFileSync(
    path.join(ARTIFACTS, `axe-${name}.json`),
    JSON.stringify({ url: page.url(), violations: result.violations }, null, 2),
  );
  const lines = result.violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 3)
      .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, ' ')}`)
      .join('\n');
    const more = v.nodes.length > 3 ? `\n      … and ${v.nodes.length - 3} more` : '';
    return `  ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n${nodes}${more}`;
  });
  assert.equal(
    result.violations.length,
    0,
    `axe-core: ${result.violations.length} violation(s) on ${page.url()}\n${lines.join('\n')}`,
  );
}

/**
 * What every page has: `<html lang>`, the skip link to `#main`, `<main id="main">`, and the language switcher
 * (`nav.languages a[hreflang]`) linking to the same page (same path under the other prefix, same query) in the
 * other site languages.
 */
export async function assertCommonStructure(page, lang) {
  const here = new URL(page.url());
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `<html lang> on ${here.pathname}`);
  assert.ok((await page.locator('a.skip[href="#main"]').count()) >= 1, `no skip link a.skip[href="#main"] on ${here.pathname}`);
  assert.equal(await page.locator('main#main').count(), 1, `no single <main id="main"> on ${here.pathname}`);
  const links = page.locator('nav.languages a[hreflang]');
  const found = {};
  for (const a of await links.all()) found[await a.getAttribute('hreflang')] = await a.getAttribute('href');
  const prefix = `/${lang}/`;
  assert.ok(here.pathname.startsWith(prefix), `${here.pathname} does not start with ${prefix}`);
  for (const other of ['fr', 'nl', 'en'].filter((l) => l !== lang)) {
    assert.ok(found[other], `no nav.languages a[hreflang=${other}] on ${here.pathname} (found: ${JSON.stringify(found)})`);
    const target = new URL(found[other], here);
    assert.equal(target.pathname, `/${other}/` + here.pathname.slice(prefix.length), `hreflang=${other} link path`);
    assert.deepEqual(sortedQuery(target), sortedQuery(here), `hreflang=${other} link keeps the query`);
  }
}

const sortedQuery = (u) => [...new URLSearchParams(u.search)].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));

/**
 * One GET with node's http (no transparent decompression): the bytes as sent on the wire, and decoded.
 * `headers` may carry a Cookie.
 */
export function rawGet(p, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url(p), { headers: { 'Accept-Encoding': 'gzip', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = (res.headers['content-encoding'] || 'identity').toLowerCase();
        let body = wire;
        try {
          if (encoding === 'gzip') body = zlib.gunzipSync(wire);
          else if (encoding === 'br') body = zlib.brotliDecompressSync(wire);
          else if (encoding === 'deflate') body = zlib.inflateSync(wire);
        } catch (e) {
          return reject(new Error(`${p}: cannot decode ${encoding} body: ${e.message}`));
        }
        resolve({ status: res.statusCode, headers: res.headers, encoding, wireBytes: wire.length, body });
      });
      res.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`GET ${p}: timed out`)));
    req.on('error', reject);
  });
}

/** Same-origin stylesheets, scripts, images and icons an HTML page loads (what a first visit downloads). */
export function subresources(html, pageUrl) {
  const found = new Set();
  const attr = (tag, name) => {
    const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
    return m ? (m[2] ?? m[3] ?? m[4]).replace(/&amp;/g, '&') : null;
  };
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, 'rel') || '').toLowerCase();
    if (/\b(stylesheet|icon|preload|manifest)\b/.test(rel) && attr(tag, 'href')) found.add(attr(tag, 'href'));
  }
  for (const [tag] of html.matchAll(/<(script|img|source|input)\b[^>]*>/gi)) {
    if (attr(tag, 'src')) found.add(attr(tag, 'src'));
  }
  // SVG sprites: <use href="/static/icons.svg#id"> (a bare #id is in the page itself).
  for (const [tag] of html.matchAll(/<use\b[^>]*>/gi)) {
    const href = attr(tag, 'href') || attr(tag, 'xlink:href');
    if (href && !href.startsWith('#')) found.add(href);
  }
  return sameOrigin(found, pageUrl);
}

/** Same-origin `url(…)` and `@import` references of a stylesheet (fonts, images). */
export function cssReferences(css, cssUrl) {
  const found = new Set();
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) found.add(m[1] ?? m[2] ?? m[3]);
  for (const m of css.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) found.add(m[1] ?? m[2]);
  return sameOrigin([...found].filter((u) => u && !u.startsWith('#')), cssUrl);
}

function sameOrigin(refs, base) {
  const origin = new URL(base).origin;
  const out = new Set();
  for (const ref of refs) {
    if (ref.startsWith('data:')) continue;
    const u = new URL(ref, base);
    if (u.origin === origin) out.add(u.pathname + u.search);
  }
  return [...out];
}

/** Memoised async value. */
export function once(fn) {
  let p;
  return () => (p ??= fn());
}
