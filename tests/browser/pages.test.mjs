// Browser tests of guichet's HTML pages, against the real binary: `node --test tests/browser/` from the
// repository root (scripts/browser-tests.sh builds the binary, installs what is missing and runs them).
// Env: GUICHET_BIN (the binary; default target/debug/guichet), GUICHET_BROWSER_ARTIFACTS (screenshots, PDF,
// axe results, page weights, server log; default tests/browser/artifacts), CHROMIUM (default /usr/bin/chromium).
//
// Most pages are browsed with JavaScript off (they must work without it); axe-core and layout measures run
// in JS-enabled contexts on the same URLs. The tests rely on the pages' stable hooks (ids, classes, names,
// hreflang, data-kind), not on visible text, except the procedure's Dutch name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ARTIFACTS,
  assertAxeClean,
  assertCommonStructure,
  cli,
  cssReferences,
  go,
  h,
  newContext,
  once,
  pathOf,
  rawGet,
  snap,
  start,
  stop,
  subresources,
  url,
} from './harness.mjs';

const SLUG = 'schaerbeek-identity-card';
const NL_NAME = 'Een identiteitskaart (eID) aanvragen';
const INSTITUTION = 'commune-schaerbeek';
const QUERY = "carte d'identité";
const WHERE = 'Schaerbeek';
const POSTCODE = '1030';
const SHEET_LANGS = ['fr', 'nl', 'en', 'ar', 'tr', 'es', 'ro'];
const CHANNEL_KINDS = ['counter', 'phone', 'appointment', 'post', 'online', 'email', 'assisted'];
const CODE_RE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
/** A page's transfer budget, HTML plus the same-origin resources it loads, gzip-compressed. */
const WEIGHT_BUDGET = 50 * 1024;
const T = { timeout: 90_000 };

const qs = (o) => new URLSearchParams(o).toString();
const SEARCH_PATH = `/fr/search?${qs({ q: QUERY, where: WHERE })}`;
const ORIENTATION_PATH = `/fr/orientation?${qs({ need: QUERY, postcode: POSTCODE, no_internet: 'true' })}`;
const PROCEDURE_PATH = `/fr/procedures/${SLUG}`;
/** The same words without a commune: the 19 communes' identical procedures are one result with a choice. */
const GROUPED_PATH = `/fr/search?${qs({ q: QUERY })}`;
/** A word two communes share: "which one?". */
const WHICH_COMMUNE_PATH = `/fr/search?${qs({ q: QUERY, where: 'Woluwe' })}`;

let noJs; // the JS-off, 360 px context most flows browse in

before(async () => {
  await start();
  noJs = await newContext();
}, { timeout: 120_000 });

after(async () => {
  await stop();
}, { timeout: 30_000 });

/** A new JS-off page in the shared context; closed by the caller. */
const noJsPage = () => noJs.newPage();

// Ids the tests need without going through the pages (so that one missing page does not fail every test):
// the procedure's channels from the JSON API, a complaint filed through the JSON API.
const channels = once(async () => {
  const res = await fetch(url(`/api/v1/procedures/${SLUG}`));
  assert.equal(res.status, 200, `GET /api/v1/procedures/${SLUG}`);
  const body = await res.json();
  assert.ok(body.channels?.length >= 1, `${SLUG} has no channel in the API`);
  return body.channels;
});
const firstChannelId = async () => (await channels())[0].id;
const apiComplaintCode = once(async () => {
  const res = await fetch(url('/api/v1/complaints'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      channel_id: await firstChannelId(),
      problem: 'line_saturated',
      description: 'Browser test: the phone line was saturated all morning.',
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, `POST /api/v1/complaints: ${JSON.stringify(body)}`);
  return body.tracking_code;
});

/** Signs the context in through the sign-in form (JS on or off); the server redirects to /fr/report. */
async function signIn(ctx) {
  const page = await ctx.newPage();
  try {
    await go(page, '/fr/signin');
    const token = page.locator('form#signin input[name="token"]');
    assert.equal(await token.getAttribute('type'), 'password', 'the token input is a password input');
    await token.fill(h.token);
    await page.locator('form#signin [type="submit"]').click();
    await page.waitForURL((u) => u.pathname === '/fr/report');
  } finally {
    await page.close();
  }
}

/** Signs the context in as the commune's editor (token form); the server sends it to /fr/editor. */
async function signInEditor(ctx) {
  const page = await ctx.newPage();
  try {
    await go(page, '/fr/signin?next=/fr/editor');
    await page.locator('form#signin input[name="token"]').fill(h.editorToken);
    await page.locator('form#signin [type="submit"]').click();
    await page.waitForURL((u) => u.pathname === '/fr/editor');
  } finally {
    await page.close();
  }
}

// A suggestion filed through the JSON API, for the pages that show one.
const apiSuggestionCode = once(async () => {
  const res = await fetch(url(`/api/v1/channels/${await firstChannelId()}/suggestions`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fact: 'phone', seen: 'Browser test: the line rings and nobody answers.', seen_on: new Date().toISOString().slice(0, 10) }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, `POST suggestion: ${JSON.stringify(body)}`);
  return body.tracking_code;
});

// A verification campaign over the commune, opened through the JSON API with the admin token.
const apiCampaignId = once(async () => {
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const res = await fetch(url('/api/v1/campaigns'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.adminToken}` },
    body: JSON.stringify({ name: 'Vérification de décembre', deadline, communes: ['schaerbeek'] }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, `POST campaign: ${JSON.stringify(body)}`);
  return body.id;
});

/** The `channel` query parameter of a link on the page. */
async function channelParam(link) {
  const href = await link.getAttribute('href');
  assert.ok(href, 'link without href');
  const id = new URL(href, h.base).searchParams.get('channel');
  assert.ok(id, `no channel parameter in ${href}`);
  return id;
}

// 1 ─────────────────────────────────────────────────────────────────────────────────────────────────────────
describe('root redirect', () => {
  for (const [acceptLanguage, expected] of [
    ['nl-BE,nl;q=0.9', '/nl/'],
    ['fr-BE,fr;q=0.9,en;q=0.8', '/fr/'],
    ['en-GB,en;q=0.9', '/en/'],
    ['de-DE,de;q=0.9,nl;q=0.5', '/nl/'],
  ]) {
    it(`Accept-Language ${acceptLanguage} → 303 ${expected}`, async () => {
      const res = await fetch(url('/'), { redirect: 'manual', headers: { 'Accept-Language': acceptLanguage } });
      assert.equal(res.status, 303, `GET / → ${res.status}: ${(await res.text()).slice(0, 200)}`);
      assert.equal(new URL(res.headers.get('location'), h.base).pathname, expected);
    });
  }
  it('no Accept-Language → one of /fr/, /nl/, /en/', async () => {
    const res = await fetch(url('/'), { redirect: 'manual' });
    assert.equal(res.status, 303, `GET / → ${res.status}: ${(await res.text()).slice(0, 200)}`);
    assert.match(new URL(res.headers.get('location'), h.base).pathname, /^\/(fr|nl|en)\/$/);
  });
});

// 2 ─────────────────────────────────────────────────────────────────────────────────────────────────────────
describe('search to printable sheet, JavaScript off, 360 px', () => {
  it('home → search → procedure → Arabic sheet → PDF', T, async () => {
    const page = await noJsPage();
    try {
      await go(page, '/fr/');
      await snap(page, 'flow-home');
      const form = page.locator('form#search');
      assert.equal(new URL(await form.getAttribute('action'), h.base).pathname, '/fr/search');
      assert.notEqual((await form.getAttribute('method') || 'get').toLowerCase(), 'post', 'the search form is a GET form');
      assert.ok((await page.locator('a.procedure-button').count()) >= 1, 'home lists frequent procedures (a.procedure-button)');
      await form.locator('input#q[name="q"]').fill(QUERY);
      await form.locator('input#where[name="where"]').fill(WHERE);
      await form.locator('[type="submit"]').first().click();
      await page.waitForURL((u) => u.pathname === '/fr/search');
      const params = new URL(page.url()).searchParams;
      assert.equal(params.get('q'), QUERY);
      assert.equal(params.get('where'), WHERE);
      await snap(page, 'flow-search');

      const results = page.locator('ol#results > li > a');
      const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const index = hrefs.findIndex((href) => new URL(href, h.base).pathname === `/fr/procedures/${SLUG}`);
      assert.ok(index >= 0, `ol#results has no link to /fr/procedures/${SLUG}: ${JSON.stringify(hrefs)}`);
      await results.nth(index).click();
      await page.waitForURL((u) => u.pathname === `/fr/procedures/${SLUG}`);
      assert.ok((await page.locator('h1').first().innerText()).trim().length > 0, 'the procedure page has an h1');
      assert.ok((await page.locator('article.channel').count()) >= 1, 'at least one article.channel');
      await snap(page, 'flow-procedure');

      const arabic = page.locator('article.channel a.sheet-link[hreflang="ar"]').first();
      const href = await arabic.getAttribute('href');
      assert.match(new URL(href, h.base).pathname, new RegExp(`^/ar/procedures/${SLUG}/sheet/[^/]+$`));
      await arabic.click();
      await page.waitForURL((u) => u.pathname.startsWith(`/ar/procedures/${SLUG}/sheet/`));
      assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
      assert.ok((await page.locator('svg.qr').count()) >= 1, 'the sheet has an inline svg.qr');
      await snap(page, 'flow-sheet-ar');

      const pdf = path.join(ARTIFACTS, 'sheet-ar.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const bytes = fs.readFileSync(pdf);
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
      assert.ok(bytes.length > 1024, `sheet-ar.pdf is ${bytes.length} bytes`);
    } finally {
      await page.close();
    }
  });

  it('procedure page: every card has sheet, report and complaint links of the right shape', T, async () => {
    const page = await noJsPage();
    try {
      await go(page, PROCEDURE_PATH);
      const cards = await page.locator('article.channel').all();
      assert.ok(cards.length >= 1, 'at least one article.channel');
      let fullSheetSets = 0;
      for (const [i, card] of cards.entries()) {
        const kind = await card.getAttribute('data-kind');
        assert.ok(CHANNEL_KINDS.includes(kind), `card ${i}: data-kind=${kind}`);
        const report = card.locator('a.report-link');
        assert.equal(await report.count(), 1, `card ${i} (${kind}): one a.report-link`);
        const reportUrl = new URL(await report.getAttribute('href'), h.base);
        assert.equal(reportUrl.pathname, '/fr/report', `card ${i}: report link path`);
        const id = reportUrl.searchParams.get('channel');
        assert.match(id || '', /^\d+$/, `card ${i}: report link channel id`);
        const complaint = card.locator('a.complaint-link');
        assert.equal(await complaint.count(), 1, `card ${i} (${kind}): one a.complaint-link`);
        const complaintUrl = new URL(await complaint.getAttribute('href'), h.base);
        assert.equal(complaintUrl.pathname, '/fr/complaints/new', `card ${i}: complaint link path`);
        assert.equal(complaintUrl.searchParams.get('channel'), id, `card ${i}: complaint link channel id`);
        const langs = [];
        for (const a of await card.locator('a.sheet-link[hreflang]').all()) {
          const lang = await a.getAttribute('hreflang');
          langs.push(lang);
          assert.equal(
            new URL(await a.getAttribute('href'), h.base).pathname,
            `/${lang}/procedures/${SLUG}/sheet/${id}`,
            `card ${i}: sheet link hreflang=${lang}`,
          );
        }
        if (SHEET_LANGS.every((l) => langs.includes(l))) fullSheetSets++;
      }
      assert.ok(fullSheetSets >= 1, `no card has sheet links in all of ${SHEET_LANGS.join(' ')}`);
    } finally {
      await page.close();
    }
  });
});

// 3 ─────────────────────────────────────────────────────────────────────────────────────────────────────────
describe('orientation, JavaScript off', () => {
  it('need + postcode + no internet → offline options only, each with reasons', T, async () => {
    const page = await noJsPage();
    try {
      await go(page, '/fr/orientation');
      const form = page.locator('form#orientation');
      assert.notEqual((await form.getAttribute('method') || 'get').toLowerCase(), 'post', 'orientation is a GET form');
      for (const name of ['no_internet', 'no_smartphone', 'no_eid', 'cannot_phone', 'cannot_read', 'wheelchair']) {
        const box = form.locator(`input[type="checkbox"][name="${name}"]`);
        assert.equal(await box.count(), 1, `checkbox ${name}`);
        assert.equal(await box.getAttribute('value'), 'true', `checkbox ${name} value`);
      }
      await snap(page, 'flow-orientation-form');
      // The person's languages, by their names in their own script, as checkboxes.
      const arabic = form.locator('fieldset.languages input[type="checkbox"][name="lang"][value="ar"]');
      assert.equal(await arabic.count(), 1, 'an Arabic checkbox');
      const arabicLabel = form.locator('label[for="lang-ar"]');
      assert.equal((await arabicLabel.textContent()).trim(), 'العربية');
      assert.equal(await arabicLabel.getAttribute('lang'), 'ar');
      await form.locator('[name="need"]').fill(QUERY);
      await form.locator('[name="postcode"]').fill(POSTCODE);
      await form.locator('input[name="no_internet"]').check();
      await arabic.check();
      await form.locator('[type="submit"]').first().click();
      await page.waitForURL((u) => u.pathname === '/fr/orientation' && u.searchParams.get('no_internet') === 'true');
      assert.deepEqual(new URL(page.url()).searchParams.getAll('lang'), ['ar'], 'the checked language is sent as its code');
      assert.ok(await page.locator('input[name="lang"][value="ar"]').isChecked(), 'the language stays checked');
      await snap(page, 'flow-orientation-results');

      const options = await page.locator('section#results ol.options > li.option').all();
      assert.ok(options.length >= 1, 'section#results has at least one ranked option');
      // Help places are named by the place, not by a procedure.
      for (const help of await page.locator('section#results ul.help-places > li.option').all()) {
        assert.ok((await help.locator('h4').textContent()).trim().length > 0, 'a help place has a name');
      }
      const kinds = [];
      for (const [i, option] of options.entries()) {
        const kind = await option.getAttribute('data-kind');
        kinds.push(kind);
        assert.ok(CHANNEL_KINDS.includes(kind), `option ${i}: data-kind=${kind}`);
        assert.ok((await option.locator('details ul.why li').count()) >= 1, `option ${i} (${kind}) has a reason list`);
      }
      assert.ok(!kinds.includes('online'), `an online option is offered to someone without internet: ${kinds}`);
    } finally {
      await page.close();
    }
  });
});

describe('search without a commune, JavaScript off', () => {
  it('the communes\' identical procedures are one result; the choice leads to the commune\'s procedure', T, async () => {
    const page = await noJsPage();
    try {
      await go(page, GROUPED_PATH);
      const groups = page.locator('ol#results > li.group');
      assert.equal(await groups.count(), 1, 'one grouped result for the 19 identical titles');
      assert.equal(await groups.first().locator('ul.choices a').count(), 19, 'a link per commune');
      await groups.first().locator(`ul.choices a[href="/fr/procedures/${SLUG}"]`).click();
      await page.waitForURL((u) => u.pathname === `/fr/procedures/${SLUG}`);
      await go(page, WHICH_COMMUNE_PATH);
      const choices = page.locator('#place ul.choices a');
      assert.equal(await choices.count(), 2, '"Woluwe": which one of the two?');
      await choices.last().click();
      await page.waitForURL((u) => u.pathname === '/fr/search' && u.searchParams.get('where') === 'Woluwe-Saint-Pierre');
      assert.equal(await page.locator('#place').count(), 0, 'one commune: no question left');
    } finally {
      await page.close();
    }
  });
});

// 4 ─────────────────────────────────────────────────────────────────────────────────────────────────────────
describe('reporting an attempt, JavaScript off', () => {
  let ctx;
  let reportHref; // from the procedure page's first a.report-link
  let channelId;
  before(async () => {
    ctx = await newContext();
  });
  after(async () => {
    await ctx?.close();
  });

  /** Opens the report form of the channel (signed in) and checks its fields. */
  async function openReportForm(page) {
    assert.ok(reportHref, 'no report link (an earlier step failed)');
    await go(page, reportHref);
    const form = page.locator('form#report');
    assert.equal(await form.count(), 1, 'form#report');
    assert.equal((await form.getAttribute('method') || '').toLowerCase(), 'post', 'form#report is a POST form');
    assert.equal(await form.locator('[name="channel_id"]').inputValue(), channelId, 'channel_id preselected');
    const occurred = form.locator('input[name="occurred_at"]');
    assert.equal(await occurred.getAttribute('type'), 'datetime-local');
    assert.match(await occurred.inputValue(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'occurred_at prefilled');
    assert.ok((await form.locator('input[type="hidden"][name="csrf"]').inputValue()).length > 0, 'csrf field');
    for (const v of ['completed', 'not_completed', 'partial', 'redirected_online']) {
      assert.equal(await form.locator(`input[type="radio"][name="outcome"][value="${v}"]`).count(), 1, `outcome ${v}`);
    }
    const reasons = await form.locator('select[name="failure_reason"] option').evaluateAll((os) => os.map((o) => o.value));
    assert.equal(reasons[0], '', 'failure_reason: the first option is empty');
    assert.ok(reasons.includes('line_saturated'), `failure_reason options: ${reasons}`);
    return form;
  }

  it('the report form needs a sign-in', T, async () => {
    const page = await ctx.newPage();
    try {
      await page.goto(url(`/fr/report?channel=${await firstChannelId()}`));
      assert.equal(pathOf(page), '/fr/signin', 'signed out, /fr/report leads to /fr/signin');
    } finally {
      await page.close();
    }
  });

  it('sign in with the token', T, async () => {
    const page = await ctx.newPage();
    try {
      await go(page, PROCEDURE_PATH);
      const link = page.locator('article.channel a.report-link').first();
      channelId = await channelParam(link);
      reportHref = await link.getAttribute('href');
      await go(page, '/fr/signin');
      await snap(page, 'flow-signin');
    } finally {
      await page.close();
    }
    await signIn(ctx);
    assert.ok((await ctx.cookies()).length >= 1, 'a session cookie is set');
  });

  it('a complete report is recorded', T, async () => {
    const page = await ctx.newPage();
    try {
      const form = await openReportForm(page);
      await snap(page, 'flow-report-form');
      await form.locator('input[name="outcome"][value="not_completed"]').check();
      await form.locator('select[name="failure_reason"]').selectOption('line_saturated');
      await form.locator('[name="minutes_spent"]').fill('10');
      await form.locator('[name="comment"]').fill('Browser test: line saturated.');
      await form.locator('[type="submit"]').first().click();
      const status = page.locator('[role="status"]').first();
      await status.waitFor({ state: 'visible' });
      assert.ok((await status.innerText()).trim().length > 0, '[role=status] says something');
      assert.equal(await page.locator('#errors').count(), 0, 'no #errors after a valid report');
      await snap(page, 'flow-report-recorded');
    } finally {
      await page.close();
    }
  });

  it('a report without its failure reason → 422 with an error summary linking to the field', T, async () => {
    const page = await ctx.newPage();
    try {
      const form = await openReportForm(page);
      await form.locator('input[name="outcome"][value="not_completed"]').check();
      await form.locator('select[name="failure_reason"]').selectOption({ index: 0 });
      await form.locator('[name="minutes_spent"]').fill('10');
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/fr/report');
      await form.locator('[type="submit"]').first().click();
      assert.equal((await response).status(), 422);
      await page.waitForLoadState('load');
      const summary = page.locator('#errors');
      await summary.waitFor({ state: 'visible' });
      await snap(page, 'flow-report-422');
      const targets = await summary.locator('a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href').slice(1)));
      assert.ok(targets.length >= 1, '#errors links to the fields');
      const names = [];
      for (const id of targets) {
        const el = page.locator(`[id="${id}"]`);
        assert.equal(await el.count(), 1, `#errors links to #${id}, which is not on the page`);
        names.push(await el.getAttribute('name'));
      }
      assert.ok(names.includes('failure_reason'), `#errors links to ${JSON.stringify(names)}, not failure_reason`);
      assert.equal(await page.locator('form#report').count(), 1, 'the form is shown again');
      assert.ok(
        await page.locator('form#report input[name="outcome"][value="not_completed"]').isChecked(),
        'the form keeps what was entered',
      );
    } finally {
      await page.close();
    }
  });

  it('a POST without the csrf field is refused', T, async () => {
    const form = { channel_id: channelId ?? String(await firstChannelId()), occurred_at: '2026-01-05T10:00', outcome: 'completed', minutes_spent: '5' };
    // Signed in, no csrf field.
    const signed = await ctx.request.post(url('/fr/report'), { form, maxRedirects: 0 });
    assert.equal(signed.status(), 403, `signed in, no csrf: status ${signed.status()}`);
    // A fresh context (no session cookie, no csrf field).
    const fresh = await newContext();
    try {
      // Not signed in: sent to sign in (nothing is recorded), never accepted.
      const res = await fresh.request.post(url('/fr/report'), { form, maxRedirects: 0 });
      const where = res.headers().location ?? '';
      assert.ok(
        res.status() === 403 || (res.status() === 303 && where.startsWith('/fr/signin')),
        `fresh context (no session), no csrf: status ${res.status()} ${where} (expected 403 or 303 to sign-in)`,
      );
    } finally {
      await fresh.close();
    }
  });
});

describe('the other POST forms refuse a request without its csrf field', () => {
  it('sign-in and complaint', T, async () => {
    const ctx = await newContext();
    try {
      const signin = await ctx.request.post(url('/fr/signin'), { form: { token: h.token }, maxRedirects: 0 });
      assert.equal(signin.status(), 403, `POST /fr/signin without csrf: status ${signin.status()}`);
      assert.ok(!(await ctx.cookies()).some((c) => /session/i.test(c.name)), 'no session cookie without csrf');
      const complaint = await ctx.request.post(url('/fr/complaints'), {
        form: { channel_id: String(await firstChannelId()), problem: 'other', description: 'Browser test: no csrf.' },
        maxRedirects: 0,
      });
      assert.equal(complaint.status(), 403, `POST /fr/complaints without csrf: status ${complaint.status()}`);
    } finally {
      await ctx.close();
    }
  });
});

describe('a named reporter on a remembered device, JavaScript off, 360 px', () => {
  const USER = 'browser.reporter';
  const PASSWORD = 'browser test password 1030';
  let ctx;
  before(async () => {
    // The organisation's admin token (command line), then a reporter with a password (JSON API).
    const admin = (await cli(['token', 'create', '--org', 'Browser test org', '--role', 'admin'])).trim().split('\n').pop().trim();
    const res = await fetch(url('/api/v1/reporters'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ user_name: USER, display_name: 'Browser Reporter', password: PASSWORD }),
    });
    assert.equal(res.status, 201, `POST /api/v1/reporters: ${await res.text()}`);
    ctx = await newContext();
  });
  after(async () => {
    await ctx?.close();
  });

  it('signs in with a user name and a password, remembered for a working week', T, async () => {
    const page = await ctx.newPage();
    try {
      await go(page, '/fr/signin');
      const form = page.locator('form#signin-person');
      await form.locator('input[name="user_name"]').fill(USER);
      await form.locator('input[name="password"]').fill(PASSWORD);
      await form.locator('input[name="remember"]').check();
      await form.locator('[type="submit"]').click();
      await page.waitForURL((u) => u.pathname === '/fr/report');
    } finally {
      await page.close();
    }
    const session = (await ctx.cookies()).find((c) => c.name === 'guichet_session');
    assert.ok(session, 'a session cookie');
    const days = (session.expires * 1000 - Date.now()) / 86_400_000;
    assert.ok(days > 4.99 && days <= 5.0001, `the remembered session lasts 5 days, not ${days.toFixed(3)}`);
  });

  it('logs an attempt in at most 5 actions after opening the procedure page', T, async () => {
    const page = await ctx.newPage();
    try {
      await go(page, PROCEDURE_PATH);
      const link = page.locator('article.channel a.report-link').first();
      const channel = await channelParam(link);
      const reach = async () => (await (await fetch(url(`/api/v1/channels/${channel}/reachability`))).json()).observed.observations;
      const before = await reach();
      // Every click and every key press counts as one action.
      let actions = 0;
      const act = async (what) => {
        actions += 1;
        await what();
      };
      const started = Date.now();
      await act(() => link.click());
      await page.waitForURL((u) => u.pathname === '/fr/report');
      const form = page.locator('form#report');
      assert.equal(await form.locator('input[name="channel_id"]').inputValue(), channel, 'the channel is chosen');
      assert.match(await form.locator('input[name="occurred_at"]').inputValue(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'the time is prefilled');
      const named = await form.locator('p.context strong').innerText();
      assert.match(named, / — /, `the form names the channel by what tells it apart: ${named}`);
      await act(() => form.locator('input[name="outcome"][value="completed"]').click());
      await act(() => form.locator('input[name="minutes_pick"][value="10"]').click());
      await act(() => form.locator('[type="submit"]').first().click());
      await page.locator('[role="status"]').first().waitFor({ state: 'visible' });
      const seconds = (Date.now() - started) / 1000;
      await snap(page, 'flow-reporter-recorded');
      assert.equal(await reach(), before + 1, 'one more observation is stored');
      fs.writeFileSync(path.join(ARTIFACTS, 'report-actions.json'), JSON.stringify({ actions, seconds, channel: named }, null, 2));
      console.log(`# a remembered reporter logged an attempt in ${actions} actions, ${seconds.toFixed(2)} s (${named})`);
      assert.ok(actions <= 5, `${actions} actions`);
    } finally {
      await page.close();
    }
  });

  it('a one-time link that was used is a 410 page with the sign-in form', T, async () => {
    const page = await ctx.newPage();
    try {
      await go(page, `/fr/signin/link/${'0'.repeat(64)}`, { status: 410 });
      assert.equal(await page.locator('#errors').count(), 1);
      assert.equal(await page.locator('form#signin-person').count(), 1);
    } finally {
      await page.close();
    }
  });
});

// 5 ─────────────────────────────────────────────────────────────────────────────────────────────────────────
describe('filing a complaint, JavaScript off', () => {
  it('from a card to the tracking page and the JSON API', T, async () => {
    const page = await noJsPage();
    try {
      await go(page, PROCEDURE_PATH);
      const link = page.locator('article.channel a.complaint-link').first();
      const channel = await channelParam(link);
      await link.click();
      await page.waitForURL((u) => u.pathname === '/fr/complaints/new');
      const form = page.locator('form#complaint');
      assert.equal(new URL(await form.getAttribute('action'), h.base).pathname, '/fr/complaints');
      assert.equal((await form.getAttribute('method') || '').toLowerCase(), 'post');
      assert.equal(await form.locator('[name="channel_id"]').inputValue(), channel, 'channel_id preselected');
      assert.ok((await form.locator('input[type="hidden"][name="csrf"]').inputValue()).length > 0, 'csrf field');
      await snap(page, 'flow-complaint-form');
      await form.locator('select[name="problem"]').selectOption('line_saturated');
      await form.locator('textarea[name="description"]').fill('Browser test: nobody answered the phone all morning.');
      await form.locator('[type="submit"]').first().click();
      await page.waitForURL((u) => /^\/fr\/complaints\/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(u.pathname));
      const code = (await page.locator('.tracking-code').first().innerText()).trim();
      assert.match(code, CODE_RE);
      assert.equal(pathOf(page), `/fr/complaints/${code}`);
      await snap(page, 'flow-complaint-tracking');

      const res = await fetch(url(`/api/v1/complaints/${code}`));
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.tracking_code, code);
      assert.equal(body.problem, 'line_saturated');
      assert.equal(String(body.channel_id), channel);
    } finally {
      await page.close();
    }
  });
});

// 6 ─────────────────────────────────────────────────────────────────────────────────────────────────────────
describe('language switch, JavaScript off', () => {
  it('fr procedure page → nl', T, async () => {
    const page = await noJsPage();
    try {
      await go(page, PROCEDURE_PATH);
      await page.locator('nav.languages a[hreflang="nl"]').click();
      await page.waitForURL((u) => u.pathname.startsWith('/nl/'));
      assert.ok(pathOf(page).startsWith(`/nl/procedures/${SLUG}`), pathOf(page));
      assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
      assert.equal((await page.locator('h1').first().innerText()).trim(), NL_NAME);
      await snap(page, 'flow-procedure-nl');
      await page.locator('nav.languages a[hreflang="en"]').click();
      await page.waitForURL((u) => u.pathname.startsWith('/en/'));
      assert.ok(pathOf(page).startsWith(`/en/procedures/${SLUG}`), pathOf(page));
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    } finally {
      await page.close();
    }
  });
});

// 7, 8, 9: the pages one by one ──────────────────────────────────────────────────────────────────────────────
/** name → how to reach it; `lang` is the page's language, `signedIn` needs the reporter's session. */
const PAGES = [
  { name: 'home', lang: 'fr', path: async () => '/fr/' },
  { name: 'search', lang: 'fr', path: async () => SEARCH_PATH },
  { name: 'search-grouped', lang: 'fr', path: async () => GROUPED_PATH },
  { name: 'search-which-commune', lang: 'fr', path: async () => WHICH_COMMUNE_PATH },
  { name: 'procedure', lang: 'fr', path: async () => PROCEDURE_PATH },
  { name: 'sheet-fr', lang: 'fr', path: async () => `/fr/procedures/${SLUG}/sheet/${await firstChannelId()}` },
  { name: 'sheet-ar', lang: 'ar', path: async () => `/ar/procedures/${SLUG}/sheet/${await firstChannelId()}` },
  { name: 'orientation', lang: 'fr', path: async () => ORIENTATION_PATH },
  { name: 'institution', lang: 'fr', path: async () => `/fr/institutions/${INSTITUTION}` },
  { name: 'gaps', lang: 'fr', path: async () => '/fr/gaps' },
  { name: 'gaps-filtered', lang: 'nl', path: async () => `/nl/gaps?${qs({ rule: 'associations-walk-in', level: 'commune', commune: 'schaerbeek' })}` },
  { name: 'gaps-page-2', lang: 'en', path: async () => '/en/gaps?rule=bxl-numerique-art13&page=2' },
  { name: 'signin', lang: 'fr', path: async () => '/fr/signin' },
  { name: 'report', lang: 'fr', signedIn: true, path: async () => `/fr/report?channel=${await firstChannelId()}` },
  { name: 'complaint-form', lang: 'fr', path: async () => `/fr/complaints/new?channel=${await firstChannelId()}` },
  { name: 'complaint-tracking', lang: 'fr', path: async () => `/fr/complaints/${await apiComplaintCode()}` },
  { name: 'suggest-form', lang: 'fr', path: async () => `/fr/channels/${await firstChannelId()}/suggest` },
  { name: 'suggestion-tracking', lang: 'nl', path: async () => `/nl/suggestions/${await apiSuggestionCode()}` },
  { name: 'editor-dashboard', lang: 'fr', editor: true, path: async () => '/fr/editor' },
  { name: 'editor-channel', lang: 'fr', editor: true, path: async () => `/fr/editor/channels/${await firstChannelId()}` },
  { name: 'editor-queue', lang: 'en', editor: true, path: async () => (await apiSuggestionCode(), '/en/editor/suggestions') },
  { name: 'editor-suggestion', lang: 'fr', editor: true, path: async () => `/fr/editor/suggestions/${await apiSuggestionCode()}` },
  { name: 'editor-campaign', lang: 'nl', editor: true, path: async () => `/nl/editor/campaigns/${await apiCampaignId()}` },
];

describe('each page: structure, axe-core, screenshots (JavaScript on)', () => {
  let ctx; // JS on, signed in for the report form
  let editorCtx; // JS on, signed in as the commune's editor
  const signedIn = once(() => signIn(ctx));
  const editorSignedIn = once(() => signInEditor(editorCtx));
  before(async () => {
    ctx = await newContext({ js: true });
    editorCtx = await newContext({ js: true });
  });
  after(async () => {
    await ctx?.close();
    await editorCtx?.close();
  });

  for (const p of PAGES) {
    it(`${p.name}: lang, skip link, main, language links; zero axe-core violations`, T, async () => {
      if (p.signedIn) await signedIn();
      if (p.editor) await editorSignedIn();
      const page = await (p.editor ? editorCtx : ctx).newPage();
      try {
        await go(page, await p.path());
        await snap(page, p.name);
        await assertCommonStructure(page, p.lang);
        await assertAxeClean(page, p.name);
      } finally {
        await page.close();
      }
    });
  }

  it('report form with errors (422): zero axe-core violations', T, async () => {
    await signedIn();
    const page = await ctx.newPage();
    try {
      await go(page, `/fr/report?channel=${await firstChannelId()}`);
      const form = page.locator('form#report');
      await form.locator('input[name="outcome"][value="not_completed"]').check();
      await form.locator('select[name="failure_reason"]').selectOption({ index: 0 });
      await form.locator('[name="minutes_spent"]').fill('10');
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/fr/report');
      await form.locator('[type="submit"]').first().click();
      assert.equal((await response).status(), 422);
      await page.locator('#errors').waitFor({ state: 'visible' });
      await snap(page, 'report-422');
      await assertAxeClean(page, 'report-422');
    } finally {
      await page.close();
    }
  });
});

describe('each page: transfer size with gzip < 50 KB', () => {
  const weights = [];
  let sessionCookie = '';
  let editorCookie = '';
  const cookie = once(async () => {
    const ctx = await newContext();
    try {
      await signIn(ctx);
      sessionCookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    } finally {
      await ctx.close();
    }
  });
  const editorCookieOnce = once(async () => {
    const ctx = await newContext();
    try {
      await signInEditor(ctx);
      editorCookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    } finally {
      await ctx.close();
    }
  });
  after(() => {
    fs.writeFileSync(path.join(ARTIFACTS, 'page-weights.json'), JSON.stringify(weights, null, 2) + '\n');
  });

  for (const p of PAGES) {
    it(`${p.name}`, T, async () => {
      if (p.signedIn) await cookie();
      if (p.editor) await editorCookieOnce();
      const headers = p.signedIn ? { Cookie: sessionCookie } : p.editor ? { Cookie: editorCookie } : {};
      const pagePath = await p.path();
      const doc = await rawGet(pagePath, headers);
      assert.equal(doc.status, 200, `GET ${pagePath} → ${doc.status}`);
      assert.match(doc.headers['content-type'] || '', /^text\/html/, `${pagePath} content-type`);
      // What a first visit downloads: the same-origin resources the HTML loads, and what their CSS loads.
      const resources = [];
      const queue = subresources(doc.body.toString('utf8'), url(pagePath));
      const seen = new Set(queue);
      while (queue.length) {
        const r = queue.shift();
        const got = await rawGet(r, headers);
        assert.equal(got.status, 200, `${pagePath} loads ${r}, which answers ${got.status}`);
        resources.push({ url: r, bytes_gzip: got.wireBytes, bytes_raw: got.body.length });
        if (/^text\/css/.test(got.headers['content-type'] || '')) {
          for (const ref of cssReferences(got.body.toString('utf8'), url(r))) {
            if (!seen.has(ref)) seen.add(ref), queue.push(ref);
          }
        }
      }
      const total = doc.wireBytes + resources.reduce((n, r) => n + r.bytes_gzip, 0);
      weights.push({
        name: p.name,
        url: pagePath,
        bytes_gzip: doc.wireBytes,
        bytes_raw: doc.body.length,
        content_encoding: doc.encoding,
        resources,
        total_bytes_gzip: total,
      });
      assert.ok(total < WEIGHT_BUDGET, `${pagePath}: ${total} bytes transferred (HTML ${doc.wireBytes} + ${resources.length} resources), budget ${WEIGHT_BUDGET}`);
    });
  }
});

describe('reflow: no horizontal scrolling at 320 CSS px (and 640 px, 1280 px at 200 % zoom)', () => {
  let ctx;
  let editorCtx; // the editing pages, signed in as the editor
  const editorSignedIn = once(() => signInEditor(editorCtx));
  before(async () => {
    ctx = await newContext({ js: true, viewport: { width: 320, height: 640 }, deviceScaleFactor: 2 });
    editorCtx = await newContext({ js: true, viewport: { width: 320, height: 640 }, deviceScaleFactor: 2 });
  });
  after(async () => {
    await ctx?.close();
    await editorCtx?.close();
  });
  // Every page, the right-to-left sheet included (a sideways offset there makes the whole page scroll).
  for (const p of PAGES) {
    const name = p.name;
    it(name, T, async () => {
      if (p.editor) await editorSignedIn();
      const page = await (p.editor ? editorCtx : ctx).newPage();
      try {
        await go(page, await p.path());
        for (const width of [320, 640]) {
          await page.setViewportSize({ width, height: 640 });
          const m = await page.evaluate(() => {
            const vw = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > vw + 1 && getComputedStyle(el).position !== 'fixed')
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right ${Math.round(el.getBoundingClientRect().right)})`);
            return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, wide };
          });
          if (width === 320) await page.screenshot({ path: path.join(ARTIFACTS, `reflow-${name}-320.png`), fullPage: true });
          assert.ok(
            m.scrollWidth <= m.innerWidth,
            `${name} at ${width} px: scrollWidth ${m.scrollWidth} > ${m.innerWidth}; too wide: ${m.wide.join(', ')}`,
          );
        }
      } finally {
        await page.close();
      }
    });
  }
});

// 10 ────────────────────────────────────────────────────────────────────────────────────────────────────────
describe('gaps page: the failing procedures as a list, chart text at the body size', () => {
  let ctx;
  before(async () => {
    ctx = await newContext({ js: true, viewport: { width: 320, height: 640 } });
    // One field report (31 minutes, on a procedure the other tests do not open) so that the reasons chart shows.
    const res = await fetch(url('/api/v1/procedures/schaerbeek-residence-certificate'));
    const procedure = await res.json();
    const post = await fetch(url('/api/v1/observations'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({
        channel_id: procedure.channels[0].id,
        occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
        outcome: 'not_completed',
        failure_reason: 'no_answer',
        minutes_spent: 31,
        on_behalf: true,
      }),
    });
    assert.equal(post.status, 201, `POST /api/v1/observations: ${await post.text()}`);
  });
  after(async () => {
    await ctx?.close();
  });

  for (const width of [320, 1280]) {
    it(`at ${width} px: every chart label and number is at least the body's font size`, T, async () => {
      const page = await ctx.newPage();
      try {
        await page.setViewportSize({ width, height: 800 });
        await go(page, '/fr/gaps');
        const m = await page.evaluate(() => {
          const px = (el) => parseFloat(getComputedStyle(el).fontSize);
          const body = px(document.body);
          const texts = [];
          // The charts with their captions, legends and notes, and any SVG of the page.
          for (const chart of document.querySelectorAll('figure.chart-box, svg')) {
            const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              if (!n.textContent.trim()) continue;
              const el = n.parentElement;
              const r = el.getBoundingClientRect();
              // Text inside an SVG shrinks with its viewBox: measure what is drawn, not the declared size.
              const drawn = el.closest('svg') ? r.height : px(el);
              texts.push({ text: n.textContent.trim().slice(0, 30), size: drawn });
            }
          }
          const charts = document.querySelectorAll('ul.chart').length;
          return { body, texts, charts };
        });
        assert.ok(m.charts >= 2, `the level chart and the reasons chart: found ${m.charts}`);
        assert.ok(m.texts.length >= 6, `chart labels found: ${m.texts.length}`);
        const small = m.texts.filter((t) => t.size + 0.01 < m.body);
        assert.deepEqual(small, [], `chart text smaller than the body (${m.body} px) at ${width} px`);
      } finally {
        await page.close();
      }
    });
  }

  it('at 320 px: each failing procedure shows its name and status first, within the screen, and its reasons', T, async () => {
    const page = await ctx.newPage();
    try {
      await go(page, '/en/gaps?rule=associations-walk-in');
      const m = await page.evaluate(() => {
        const vw = window.innerWidth;
        const items = [...document.querySelectorAll('#list li[data-status]')];
        return {
          vw,
          count: items.length,
          statuses: [...new Set(items.map((li) => li.dataset.status))],
          outside: items
            .map((li) => li.querySelector('.gap-head'))
            .filter((head) => !head || head.getBoundingClientRect().right > vw + 1 || head.getBoundingClientRect().left < 0).length,
          withoutReason: items.filter((li) => !li.querySelector('.why li')).length,
          hours: [...document.querySelectorAll('.figures div')].map((d) => d.innerText).find((t) => /Hours/.test(t)) || '',
        };
      });
      assert.ok(m.count >= 10, `listed: ${m.count}`);
      assert.ok(m.statuses.includes('non_compliant') && m.statuses.includes('insufficient_data'), m.statuses.join(', '));
      assert.equal(m.outside, 0, 'a procedure or its status is off-screen');
      assert.equal(m.withoutReason, 0, 'a listed procedure without its reason');
      assert.match(m.hours, /\d+ h \d\d/, `hours with minutes: ${m.hours}`);
    } finally {
      await page.close();
    }
  });

  it('bad filters (422): said in words, zero axe-core violations, no horizontal scrolling at 320 px', T, async () => {
    const page = await ctx.newPage();
    try {
      await go(page, `/fr/gaps?${qs({ level: 'galactic', institution: 'nope' })}`, { status: 422 });
      assert.ok((await page.locator('#errors li').count()) >= 2, 'each bad value said');
      const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, vw: window.innerWidth }));
      assert.ok(m.sw <= m.vw, `scrollWidth ${m.sw} > ${m.vw}`);
      await snap(page, 'gaps-422');
      await assertAxeClean(page, 'gaps-422');
    } finally {
      await page.close();
    }
  });
});

// The catalog kept by the people who know it: a reporter proposes, the editor accepts, the page says who reported.
describe('a suggestion from the web, accepted on the editing pages (JavaScript off)', () => {
  it('reporter proposes → editor accepts → the procedure page shows "Signalé par …", the code follows it', T, async () => {
    const reporter = await newContext();
    const editor = await newContext();
    try {
      await signIn(reporter);
      const page = await reporter.newPage();
      await go(page, PROCEDURE_PATH);
      const link = page.locator('article.channel[data-kind="counter"] a.suggest-link').first();
      const channelId = (await link.getAttribute('href')).split('/')[3];
      await link.click();
      await page.waitForURL((u) => u.pathname === `/fr/channels/${channelId}/suggest`);
      const form = page.locator('form#suggest');
      await form.locator('select[name="fact"]').selectOption('opening_hours');
      await form.locator('textarea[name="seen"]').fill('Affiche à l\'entrée : horaires changés');
      await form.locator('input[name="proposed"]').fill('Mo-Th 08:00-12:00; PH off');
      const seenOn = await form.locator('input[name="seen_on"]').inputValue();
      await form.locator('[type="submit"]').click();
      await page.waitForURL((u) => /^\/fr\/suggestions\/[A-Z0-9-]{14}$/.test(u.pathname));
      const code = (await page.locator('.tracking-code').innerText()).trim();
      assert.match(code, CODE_RE);
      assert.ok(!(await page.content()).includes('Browser test org'), 'the proposer is not shown publicly');
      await snap(page, 'flow-suggestion-tracking');

      await signInEditor(editor);
      const ed = await editor.newPage();
      await go(ed, '/fr/editor/suggestions');
      await ed.locator(`a[href="/fr/editor/suggestions/${code}"]`).click();
      await ed.waitForURL((u) => u.pathname === `/fr/editor/suggestions/${code}`);
      const accept = ed.locator('form#accept');
      assert.equal(await accept.locator('[name="opening_hours"]').inputValue(), 'Mo-Th 08:00-12:00; PH off', 'the proposed value is in the form');
      await snap(ed, 'flow-editor-review');
      await accept.locator('[type="submit"]').click();
      await ed.waitForURL((u) => u.pathname === '/fr/editor/suggestions');

      await go(page, PROCEDURE_PATH);
      const card = page.locator(`#channel-${channelId}`);
      assert.match(await card.innerText(), new RegExp(`Signalé par Browser test org le ${seenOn}`), 'reported by … on the card');
      await go(page, `/fr/suggestions/${code}`);
      assert.match(await page.locator('.suggestion-state').innerText(), /acceptée/);
    } finally {
      await reporter.close();
      await editor.close();
    }
  });
});
