// sovet serve in real headless Chromium (Debian's, through playwright-core):
// the country, a body's hemicycle, a trace from the Congress down to a
// village election, verification of a good and a tampered journal, and a
// recall petition signed through the council forms.
// Elements are found by role and accessible name. Run by tests/browser/run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const base = process.env.SOVET_URL;
const tampered = process.env.SOVET_TAMPERED_URL;
const shots = process.env.SOVET_SCREENSHOTS;
const sovet = process.env.SOVET_BIN;
const db = process.env.SOVET_DB;
// The federation's councils with a recall petition open (council forms).
const council = process.env.SOVET_COUNCIL_URL;
let browser;
let context;

before(async () => {
  assert.ok(base && tampered && council && shots, 'run through tests/browser/run');
  browser = await chromium.launch({
    executablePath: process.env.SOVET_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await browser?.close();
});

// A page that fails on any console error (a CSP violation is one).
async function open(url) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  const response = await page.goto(url);
  return { page, errors, response };
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
}

test('the country page shows the tiers, the charts and the latest acts', async () => {
  const { page, errors, response } = await open(base);
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { name: 'The country', level: 1 }).waitFor();
  await page.getByRole('table', { name: /Every kind of body/ }).waitFor();
  assert.ok(await page.getByRole('img', { name: /^congress:rsfsr: \d+ seats/ }).isVisible());
  assert.ok(await page.getByRole('img', { name: /^Constituent Assembly: 520 seats/ }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'congress:rsfsr' }).first().isVisible());
  assert.ok((await page.getByRole('table', { name: /last entries of the journal/ }).getByRole('row').count()) > 5);
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  await shot(page, 'country');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a body from the country page shows its hemicycle and members', async () => {
  const { page, errors } = await open(base);
  await page.getByRole('link', { name: 'congress:rsfsr' }).first().click();
  await page.getByRole('heading', { name: 'congress:rsfsr', level: 1 }).waitFor();
  const chart = page.getByRole('img', { name: /^congress:rsfsr: \d+ seats/ });
  assert.ok(await chart.isVisible());
  const seats = Number((await chart.getAttribute('aria-label')).match(/: (\d+) seats/)[1]);
  assert.equal(await chart.locator('circle').count(), seats);
  const members = page.getByRole('table', { name: /Each mandate/ });
  assert.equal(await members.getByRole('row').count(), seats + 1);
  assert.ok(await page.getByRole('link', { name: 'executive:rsfsr' }).isVisible());
  await shot(page, 'body-congress');
  assert.deepEqual(errors, []);
  await page.close();
});

// At small scale the Congress's seats go back to town soviets (towns send
// delegates straight to the Congress); the village path runs through the
// gubernia congresses that also send to it. So the walk starts at the
// Congress, takes a gubernia delegation, and traces one of its seats down.
async function villageTrace() {
  const congress = await (await fetch(`${base}api/v1/bodies/congress:rsfsr`)).json();
  for (const from of congress.delegations_received) {
    if (!from.from.startsWith('gubernia_congress:')) continue;
    const body = await (await fetch(`${base}api/v1/bodies/${from.from}`)).json();
    for (const member of body.members) {
      const trace = await (await fetch(`${base}api/v1/trace/${from.from}/${member.seat}`)).json();
      if (trace.chain.at(-1).body.startsWith('village_soviet:')) return { body: from.from, member, chain: trace.chain };
    }
  }
  return null;
}

test('a trace runs from the Congress down to a village election, link by link', async () => {
  const found = await villageTrace();
  assert.ok(found, 'a gubernia congress sending to the Congress has a seat that goes back to a village');
  const { body, member, chain } = found;
  const { page, errors } = await open(`${base}bodies/congress:rsfsr`);
  await page.getByRole('link', { name: body, exact: true }).click();
  await page.getByRole('heading', { name: body, level: 1 }).waitFor();
  await page.getByRole('link', { name: `Trace seat ${member.seat} (${member.name})` }).click();
  await page.getByRole('heading', { name: new RegExp(`^Seat ${member.seat} of ${body}`), level: 1 }).waitFor();
  assert.equal(await page.locator('ol.trace > li').count(), chain.length);
  await shot(page, 'trace');
  // Down the path: each step's seat link opens that seat's own trace.
  for (const link of chain.slice(1)) {
    await page.locator('ol.trace > li').nth(1).getByRole('link', { name: `seat ${link.seat}`, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`^Seat ${link.seat} of ${link.body}`), level: 1 }).waitFor();
  }
  const village = chain.at(-1);
  assert.ok(village.body.startsWith('village_soviet:'));
  const count = page.getByRole('table', { name: 'The count of the base election' });
  assert.ok(await count.isVisible());
  assert.ok(await count.getByRole('cell', { name: village.name, exact: true }).first().isVisible());
  await shot(page, 'trace-village');
  // The election act itself, in the journal.
  await page.getByRole('link', { name: `journal entry ${village.election.seq}` }).click();
  await page.getByRole('heading', { name: `Journal entry ${village.election.seq}`, level: 1 }).waitFor();
  assert.match(await page.locator('pre').innerText(), /"electors"/);
  await shot(page, 'village-election');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the journal lists entries with hashes and signatures', async () => {
  const { page, errors } = await open(`${base}journal`);
  const table = page.getByRole('table', { name: 'Journal entries' });
  await table.waitFor();
  assert.equal(await table.getByRole('row').count(), 51);
  await page.getByRole('link', { name: 'Next entries' }).click();
  await page.getByRole('link', { name: '50', exact: true }).waitFor();
  await shot(page, 'journal');
  assert.deepEqual(errors, []);
  await page.close();
});

test('verify says OK on a good journal', async () => {
  const { page, errors } = await open(base);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }).click();
  const verdict = page.getByRole('status');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /^OK/);
  await shot(page, 'verify-ok');
  assert.deepEqual(errors, []);
  await page.close();
});

test('verify names the bad entry of a tampered journal', async () => {
  const { page, errors } = await open(tampered);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }).click();
  const verdict = page.getByRole('alert');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /FAILED at entry 100/);
  await shot(page, 'verify-tampered');
  await verdict.getByRole('link', { name: 'entry 100' }).click();
  await page.getByRole('heading', { name: 'Journal entry 100', level: 1 }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

// Signing in, in a browser context of its own (its cookies stay there).
async function signedIn() {
  const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await own.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(base);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  await page.getByLabel('Account').fill('alice');
  await page.getByLabel('Password').fill('alice-password');
  await shot(page, 'login');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as alice').waitFor();
  return { own, page, errors };
}

test('a wrong password is refused and the form says so', async () => {
  const { page, errors } = await open(`${base}login`);
  await page.getByLabel('Account').fill('alice');
  await page.getByLabel('Password').fill('not-her-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  assert.match(await page.getByRole('alert').innerText(), /the account name or the password is wrong/);
  assert.ok(await page.getByRole('link', { name: 'Sign in' }).isVisible());
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), []);
  await page.close();
});

test('signed in, the journal page shows an act from the command line as it lands', async () => {
  const { own, page, errors } = await signedIn();
  await page.goto(`${base}journal`);
  await page.getByRole('link', { name: 'Latest entries' }).click();
  await page.getByRole('table', { name: 'Journal entries' }).waitFor();
  // The page is open; the operator grants a role from the command line.
  const out = execFileSync(sovet, ['user', 'grant', 'boris', 'secretary', 'congress:rsfsr', '--db', db]).toString();
  const seq = Number(out.match(/entry (\d+)/)[1]);
  await page.getByRole('link', { name: String(seq), exact: true }).waitFor({ timeout: 10000 });
  assert.match(await page.getByRole('status').innerText(), new RegExp(`Entry ${seq} \\(role.grant\\)`));
  await shot(page, 'journal-live');
  assert.deepEqual(errors, []);
  await own.close();
});

test('an admin of the Congress grants a role by the form, and the page shows it', async () => {
  const { own, page, errors } = await signedIn();
  await page.goto(`${base}bodies/congress:rsfsr`);
  await page.getByRole('link', { name: 'Roles on this body' }).click();
  await page.getByRole('heading', { name: 'Roles on congress:rsfsr', level: 1 }).waitFor();
  const form = page.getByRole('form', { name: 'Grant a role' });
  await form.getByLabel('Account').fill('boris');
  await form.getByLabel('Role').selectOption('electoral_commission');
  await form.getByRole('button', { name: 'Grant' }).click();
  const table = page.getByRole('table', { name: 'Roles held on congress:rsfsr' });
  await table.getByRole('cell', { name: 'electoral_commission', exact: true }).waitFor();
  assert.ok(await table.getByRole('cell', { name: 'alice', exact: true }).first().isVisible());
  await shot(page, 'roles');
  await page.getByRole('button', { name: 'Revoke electoral_commission from boris' }).click();
  await page.getByRole('heading', { name: 'Roles on congress:rsfsr', level: 1 }).waitFor();
  assert.equal(await table.getByRole('cell', { name: 'electoral_commission', exact: true }).count(), 0);
  // Signing out.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  assert.deepEqual(errors, []);
  await own.close();
});

test('a member of the Congress has a person page, and their election a result sheet', async () => {
  const congress = await (await fetch(`${base}api/v1/bodies/congress:rsfsr`)).json();
  const member = congress.members[0];
  const { page, errors } = await open(`${base}bodies/congress:rsfsr`);
  await page.getByRole('table', { name: /Each mandate/ }).getByRole('link', { name: member.name, exact: true }).first().click();
  await page.getByRole('heading', { name: member.name, level: 1 }).waitFor();
  const seats = page.getByRole('table', { name: new RegExp(`The seats ${member.name} holds`) });
  assert.ok(await seats.getByRole('cell', { name: 'congress:rsfsr', exact: true }).isVisible());
  await shot(page, 'person');
  await seats.getByRole('row').filter({ hasText: 'congress:rsfsr' }).getByRole('link', { name: /^result sheet/ }).click();
  await page.getByRole('heading', { name: /^Election of congress:rsfsr, entry \d+$/, level: 1 }).waitFor();
  const sheet = page.getByRole('table', { name: /Result sheet/ });
  const row = sheet.getByRole('row').filter({ hasText: member.name });
  assert.match(await row.innerText(), /elected/);
  assert.match(await page.getByText(/electors present/).innerText(), /\d+ of \d+ electors present/);
  await shot(page, 'election');
  assert.deepEqual(errors, []);
  await page.close();
});

// The council's forms: the electoral commission signs in, opens a recall
// petition from the body's council page, records an elector's signature
// through the form and sees the count go from 0 to 1; the same elector
// again is refused on the page with the rule.
test('the electoral commission signs a recall petition through the form and the count changes', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${council}bodies/works_council:rope-works/council`);
  // The page's own sign-in link comes back to it (the header's goes home).
  await page.getByRole('link', { name: 'Sign in' }).last().click();
  await page.getByLabel('Account').fill('ec');
  await page.getByLabel('Password').fill('password-ec');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as ec').waitFor();
  await page.getByRole('heading', { name: 'Council of works_council:rope-works', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'rw-003-recall' }).click();
  await page.getByRole('heading', { name: 'Recall petition rw-003-recall', level: 1 }).waitFor();
  const count = page.getByRole('status', { name: 'Signatures' });
  assert.equal(await count.innerText(), '0');
  const form = page.getByRole('form', { name: 'Record a signature' });
  await form.getByLabel('Date of the act').fill('2026-06-16');
  await form.getByLabel('Signer (an elector on the roll)').fill('rw-010');
  await form.getByRole('button', { name: 'Sign' }).click();
  await page.getByRole('heading', { name: 'Recall petition rw-003-recall', level: 1 }).waitFor();
  assert.equal(await page.getByRole('status', { name: 'Signatures' }).innerText(), '1');
  await page.screenshot({ path: `${shots}/petition.png` });
  // The same elector again: refused on the page, naming the rule; no change.
  const again = page.getByRole('form', { name: 'Record a signature' });
  await again.getByLabel('Signer (an elector on the roll)').fill('rw-010');
  await again.getByRole('button', { name: 'Sign' }).click();
  assert.match(await page.getByRole('alert').innerText(), /already signed.*each elector signs once/);
  assert.equal(await page.getByRole('status', { name: 'Signatures' }).innerText(), '1');
  assert.deepEqual(errors.filter((e) => !/409/.test(e)), []);
  await context.close();
});
