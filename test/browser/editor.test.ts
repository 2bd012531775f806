import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalogueServer, type TestServer } from '../../packages/server/test/http/support.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './support/chromium.js';

if (!hasChromium) console.warn(`[editor browser tests] skipped: ${NO_CHROMIUM}`);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = join(REPO, 'packages', 'server');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the console bundle when it is missing or older than its sources (what /editor serves). */
function ensureEditorBuilt(): void {
  const bundle = join(SERVER, 'dist', 'editor', 'editor.js');
  const sources = Math.max(
    newestMtime(join(SERVER, 'src', 'editor')),
    newestMtime(join(REPO, 'packages', 'sdk', 'src', 'contract')),
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  execFileSync('npx', ['tsup', '--config', 'tsup.editor.config.ts'], { cwd: SERVER, stdio: 'pipe' });
}

let t: TestServer;
let browser: Browser;
let editorToken: string;
let viewerToken: string;

beforeAll(async () => {
  if (!hasChromium) return;
  ensureEditorBuilt();
  t = await startCatalogueServer();
  editorToken = (await t.server.store.createEditorToken('Camille Éditrice', 'editor', '2020-09-15T08:00:00Z'))
    .secret;
  viewerToken = (await t.server.store.createEditorToken('Victor Lecteur', 'viewer', '2020-09-15T08:00:00Z'))
    .secret;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** A page that records CSP violations and script errors. */
async function openPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // Network statuses are asserted where they matter (a refused token is a 401; /favicon.ico a 404).
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { page, problems };
}

/** Signs in with the keyboard only: focus the token field, type, Enter. */
async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${t.url}/editor`);
  const field = page.getByLabel('Jeton d’éditeur');
  await field.focus();
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Politique de recommandation' }).waitFor();
}

/** Waits for the preview to be computed for the current draft and returns the draft's metrics as text. */
async function settledMetrics(page: Page): Promise<Record<string, string>> {
  await page.getByRole('status').filter({ hasText: 'Aperçu à jour' }).waitFor();
  const out: Record<string, string> = {};
  for (const id of ['m-distinct', 'm-small', 'm-divergence', 'm-ild', 'm-gini']) {
    out[`${id}:current`] = (await page.locator(`#${id} .metric-current`).textContent()) ?? '';
    out[`${id}:draft`] = (await page.locator(`#${id} .metric-draft`).textContent()) ?? '';
  }
  out.draftList = (await page.locator('#list-draft ol').textContent()) ?? '';
  return out;
}

describe.skipIf(!hasChromium)('editor console in Chromium', () => {
  it('signs in, moves sliders, sees the preview and metrics change, publishes, and finds the version on /policy', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const { page, problems } = await openPage(context);

    // A wrong token is refused with an explanation, and nothing is kept.
    await page.goto(`${t.url}/editor`);
    await page.getByLabel('Jeton d’éditeur').fill('det_ed_faux');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.locator('#token-error').textContent()).toMatch(/n’est pas reconnu/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await signIn(page, editorToken);
    expect(await page.evaluate((k) => sessionStorage.getItem(k), 'detour.editorToken')).toBe(editorToken);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await context.cookies()).toEqual([]);

    const before = await settledMetrics(page);
    // An unchanged draft previews the same as the policy in force.
    expect(before['m-distinct:draft']).toBe(before['m-distinct:current']);
    expect(await page.locator('#list-current li').count()).toBeGreaterThan(0);
    expect(await page.locator('#list-draft .reasons li').count()).toBeGreaterThan(0);

    // λ down to 0 with the keyboard: relevance only, fewer disciplines per list.
    const lambda = page.getByRole('slider', { name: 'Force de la diversité' });
    await lambda.focus();
    await page.keyboard.press('Home');
    expect(await lambda.inputValue()).toBe('0');
    await expect
      .poll(async () => (await settledMetrics(page))['m-distinct:draft'], { timeout: 20_000 })
      .not.toBe(before['m-distinct:draft']);
    const relevanceOnly = await settledMetrics(page);
    expect(Number.parseFloat(relevanceOnly['m-distinct:draft']!.replace(',', '.'))).toBeLessThan(
      Number.parseFloat(relevanceOnly['m-distinct:current']!.replace(',', '.')),
    );

    // Back up to the maximum, then give dance a target: its slider renormalises the others to 100 %.
    await lambda.focus();
    await page.keyboard.press('End');
    expect(await lambda.inputValue()).toBe('0.75');
    const disciplines = page.getByRole('group', { name: 'Disciplines' });
    await disciplines.getByLabel('Fixer des parts cibles').focus();
    await page.keyboard.press('Space');
    const dance = disciplines.getByRole('slider', { name: 'Danse' });
    const theatre = disciplines.getByRole('slider', { name: 'Théâtre' });
    expect(await dance.inputValue()).toBe('0.1');
    await dance.focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
    expect(Number(await dance.inputValue())).toBeCloseTo(0.4, 5);
    // The others shared the remaining 60 % equally (the slider shows its value snapped to 1 %).
    expect(Number(await theatre.inputValue())).toBeCloseTo(0.6 / 9, 2);
    expect(await disciplines.locator('output[for="f-facets-discipline-targets-theatre"]').textContent()).toBe(
      '7 %',
    );
    expect(await disciplines.locator('.total').textContent()).toBe('Total : 100 %');
    await expect
      .poll(async () => (await settledMetrics(page)).draftList, { timeout: 20_000 })
      .not.toBe(relevanceOnly.draftList);
    const danceRow = async () =>
      (await page.locator('#chart-disciplines-desc').textContent())!
        .split(' ; ')
        .find((s) => s.startsWith('Danse'));
    await expect.poll(danceRow, { timeout: 20_000 }).toMatch(/cible 40 %/);

    // An out-of-range exact value is explained and blocks publishing; it is never saved.
    const exactCap = page.getByLabel('Propositions par lieu au plus : valeur exacte');
    await exactCap.fill('0');
    await exactCap.press('Tab');
    await page
      .getByRole('alert')
      .filter({ hasText: 'plafond de propositions par lieu : doit être au moins 1' })
      .waitFor();
    await page
      .getByLabel('Pourquoi cette version ? (visible sur la page publique)')
      .fill('Plus de danse, plus de diversité');
    expect(await page.getByRole('button', { name: 'Publier cette version' }).isDisabled()).toBe(true);
    await exactCap.fill('1');
    await exactCap.press('Tab');
    await expect
      .poll(() => page.getByRole('button', { name: 'Publier cette version' }).isDisabled())
      .toBe(false);

    // The artifact: the draft (dance target, λ 0.75) next to the policy in force, before publishing.
    await settledMetrics(page);
    mkdirSync(join(REPO, 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'artifacts', 'editor.png'), fullPage: true });

    // Publish with the keyboard: a confirmation first, listing what changes against version 1.
    await page.getByRole('button', { name: 'Publier cette version' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('region', { name: 'Publier la version 2 ?' });
    await confirm.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('publish-confirm-title');
    const changes = await confirm.locator('tbody tr').allTextContents();
    expect(changes).toContainEqual(
      expect.stringMatching(/^Part cible « Danse » \(Disciplines\)pas de cible40 %$/),
    );
    expect(changes).toContainEqual(expect.stringMatching(/^Force de la diversité0,50,75$/));
    expect(await confirm.textContent()).toContain('« Plus de danse, plus de diversité »');
    // Nothing is published before the confirmation.
    expect((await (await fetch(`${t.url}/v1/policy`)).json()).policy.version).toBe(1);
    await confirm.getByRole('button', { name: 'Confirmer : publier la version 2' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Version 2 publiée').waitFor();
    await page.locator('#version-2').getByText('Plus de danse, plus de diversité').waitFor();
    expect(await page.locator('#version-2 table').textContent()).toContain(
      'Part cible « Danse » (Disciplines)',
    );
    await settledMetrics(page);

    // The public page shows the new version, its comment and what changed, without any script.
    const pub = await context.newPage();
    await pub.goto(`${t.url}/policy`);
    expect(await pub.locator('#policy-version').textContent()).toBe('Version 2');
    expect(await pub.locator('#version-2').textContent()).toContain('Plus de danse, plus de diversité');
    expect(await pub.locator('#version-2').textContent()).toContain('Camille Éditrice');
    expect(await pub.locator('script').count()).toBe(0);
    const api = await (await fetch(`${t.url}/v1/policy`)).json();
    expect(api.policy.version).toBe(2);
    expect(api.policy.settings.facets.discipline.targets.danse).toBeCloseTo(0.4, 5);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets a viewer preview but not publish, and restores a version as a new one for an editor', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const { page, problems } = await openPage(context);
    await signIn(page, viewerToken);
    await settledMetrics(page);
    expect(await page.getByRole('button', { name: 'Publier cette version' }).count()).toBe(0);
    await page.getByText('publier demande un jeton au rôle « editor »').waitFor();
    expect(await page.getByRole('button', { name: /^Restaurer/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel('Jeton d’éditeur').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await signIn(page, editorToken);
    const current = (await (await fetch(`${t.url}/v1/policy`)).json()).policy.version as number;
    await page.getByRole('button', { name: 'Restaurer la version 1' }).click();
    await page.getByRole('button', { name: /Confirmer : publier la version 1/ }).click();
    await page.getByText(`Version 1 restaurée : elle est en vigueur comme version ${current + 1}.`).waitFor();
    expect((await (await fetch(`${t.url}/v1/policy`)).json()).policy.restoredFrom).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('previews around a chosen suggestion: a slider then asks for a new preview that names that town', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const { page, problems } = await openPage(context);
    await signIn(page, viewerToken);
    const first = await settledMetrics(page);
    const status = page.locator('#preview-status');
    const startTown = (await status.textContent())!.replace(/^Aperçu à jour : ([^,]+),.*$/, '$1');

    // The second town of the catalogue (the first is where the preview starts), as its suggestion reads.
    const towns = (await (
      await fetch(`${t.url}/v1/editor/towns?limit=2`, { headers: { Authorization: `Bearer ${viewerToken}` } })
    ).json()) as { items: Array<{ name: string; venues: number }> };
    const { name, venues } = towns.items[1]!;
    expect(name).not.toBe(startTown);
    const label = `${name} (${venues} lieu${venues > 1 ? 'x' : ''})`;
    const prefix = name.slice(0, 3);
    const town = page.getByLabel('Ville', { exact: true });
    await town.fill(prefix);
    await expect
      .poll(() =>
        page.locator('#town-list option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      )
      .toContain(label);
    // A half-typed name is not « à jour »: the status says why the preview is paused.
    expect(await status.textContent()).toMatch(
      new RegExp(`^Aperçu en pause : « ${prefix} » n’est pas encore une ville choisie`),
    );
    await town.fill(label); // what choosing the suggestion does: the field takes its whole text
    await expect
      .poll(() => status.textContent(), { timeout: 20_000 })
      .toMatch(new RegExp(`^Aperçu à jour : ${name}, 30 jours, 30 km\\.$`));
    expect(await page.locator('#town-help').textContent()).toContain(`Aperçu autour de ${name}`);
    const atTown = await settledMetrics(page);

    // Moving a slider asks for a new preview around that town: the draft's figures change, the status names it.
    const lambda = page.getByRole('slider', { name: 'Force de la diversité' });
    await lambda.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => status.textContent()).not.toMatch(/^Aperçu à jour/);
    await expect
      .poll(async () => (await settledMetrics(page)).draftList, { timeout: 20_000 })
      .not.toBe(atTown.draftList);
    expect(await status.textContent()).toMatch(new RegExp(`^Aperçu à jour : ${name}, `));
    expect(first.draftList).not.toBe(atTown.draftList);

    // A name the catalogue does not have pauses the preview and says so; the old figures are marked.
    await town.fill('Xyzzyville');
    await expect
      .poll(() => status.textContent(), { timeout: 10_000 })
      .toBe('Aperçu en pause : aucune ville du catalogue ne correspond à « Xyzzyville ».');
    await page.locator('.preview-result.stale').waitFor();
    await page.getByText('Les chiffres ci-dessous sont ceux du dernier aperçu calculé').waitFor();
    // An emptied field stays empty (no town is put back behind the editor's back) and says what to do.
    await town.fill('');
    await expect
      .poll(() => status.textContent())
      .toMatch(/^Aperçu en pause : aucune ville n’est choisie : tapez le début d’un nom/);
    await page.waitForTimeout(800);
    expect(await town.inputValue()).toBe('');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('notes that venue-size targets cannot move the demo lists: every venue there is « Lieu moyen »', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const { page } = await openPage(context);
    await signIn(page, viewerToken);
    await settledMetrics(page);
    const sizes = page.getByRole('group', { name: 'Taille des lieux' });
    if (!(await sizes.getByLabel('Fixer des parts cibles').isChecked()))
      await sizes.getByLabel('Fixer des parts cibles').check();
    const note = page.locator('#target-notes li').filter({ hasText: 'Taille des lieux' });
    await expect
      .poll(() => note.textContent(), { timeout: 20_000 })
      .toMatch(
        /tous les lieux qui programment sont déclarés « Lieu moyen » près de .+ ne peuvent rien changer/,
      );
    // Beside the sliders that cannot move anything, too.
    expect(await sizes.locator('.facet-note').textContent()).toMatch(
      /^D’après le dernier aperçu : .*« Lieu moyen »/,
    );
    await context.close();
  });

  it('tells a mistyped token from a revoked one, at sign-in and during a session', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const { page } = await openPage(context);
    const typo = `${editorToken.slice(0, -2)}zz`;
    await page.goto(`${t.url}/editor`);
    await page.getByLabel('Jeton d’éditeur').fill(typo);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect
      .poll(() => page.locator('#token-error').textContent())
      .toMatch(/^Ce jeton n’est pas reconnu : vérifiez/);

    const gone = await t.server.store.createEditorToken('Jeton retiré', 'viewer', '2020-09-15T08:00:00Z');
    await signIn(page, gone.secret);
    await settledMetrics(page);
    await t.server.store.revokeEditorToken(gone.id, '2020-09-16T08:00:00Z');
    // The next call of the session is refused: the console says the token was revoked, not mistyped.
    await page.getByRole('slider', { name: 'Force de la diversité' }).focus();
    await page.keyboard.press('Home');
    await expect
      .poll(() => page.locator('#token-error').textContent(), { timeout: 20_000 })
      .toMatch(/^Ce jeton a été révoqué/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.getByLabel('Jeton d’éditeur').fill(gone.secret);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.locator('#token-error').textContent()).toMatch(/^Ce jeton a été révoqué/);
    await context.close();
  });

  it('is usable with the keyboard: a skip link, visible focus, and every control reachable with Tab', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const { page } = await openPage(context);
    await signIn(page, editorToken);
    await settledMetrics(page);
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    const seen = new Set<string>();
    let outlined = 0;
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return null;
        const style = getComputedStyle(el);
        return {
          id: el.id || el.textContent?.slice(0, 30) || el.tagName,
          outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!info) continue;
      seen.add(info.id);
      if (info.outline) outlined++;
    }
    expect(seen.has('f-lambda')).toBe(true);
    expect(seen.has('f-facets-discipline-weight')).toBe(true);
    expect(outlined).toBeGreaterThan(60);
    await context.close();
  });

  it('passes axe-core on the sign-in page, the console (preview, target notes, publishing confirmation, recomputing) and /policy', async () => {
    // bypassCSP only for this audit: it lets axe be injected into the page.
    const context = await browser.newContext({
      bypassCSP: true,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const { page } = await openPage(context);
    const axeSource = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const audit = async () => {
      if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
      return page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run: (
                o: unknown,
              ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }>;
            };
          }
        ).axe;
        const result = await axe.run({ resultTypes: ['violations'] });
        return result.violations.map(
          (v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
        );
      });
    };
    await page.goto(`${t.url}/editor`);
    await page.getByLabel('Jeton d’éditeur').waitFor();
    expect(await audit()).toEqual([]);
    await signIn(page, editorToken);
    await settledMetrics(page);
    const disciplines = page.getByRole('group', { name: 'Disciplines' });
    await disciplines.getByLabel('Fixer des parts cibles').check();
    for (const d of await page.locator('details').all())
      await d.evaluate((el) => ((el as HTMLDetailsElement).open = true));
    await page.locator('#target-notes').waitFor();
    expect(await audit()).toEqual([]);
    // With the publishing confirmation open, its table of changes included.
    await page.getByRole('slider', { name: 'Force de la diversité' }).fill('0.6');
    await page.getByLabel('Pourquoi cette version ? (visible sur la page publique)').fill('Essai axe');
    const publishButton = page.getByRole('button', { name: 'Publier cette version' });
    await expect.poll(() => publishButton.isDisabled(), { timeout: 20_000 }).toBe(false);
    await publishButton.click();
    await page.locator('#publish-confirm tbody tr').first().waitFor();
    expect(await audit()).toEqual([]);
    // And while the preview recomputes (its figures marked as not current).
    await page.getByRole('slider', { name: 'Force de la diversité' }).fill('0.3');
    await page.locator('.preview-result.stale').waitFor();
    expect(await audit()).toEqual([]);
    // The public page, its « Détails » open.
    await page.goto(`${t.url}/policy`);
    await page.locator('#policy-details').evaluate((el) => ((el as HTMLDetailsElement).open = true));
    expect(await audit()).toEqual([]);
    await context.close();
  });
});
