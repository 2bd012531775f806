import { describe, expect, it } from 'vitest';
import { renderDocs } from '../../src/http/pages/docs.js';
import { html, prose } from '../../src/http/pages/html.js';
import { renderRoot } from '../../src/http/pages/root.js';

const XSS = '<img src=x onerror=alert(1)>';

describe('server-rendered pages', () => {
  it('escape every interpolated value', () => {
    expect(html`<p>${XSS}</p>`.value).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html`<a title="${'"quoted" & <b>'}">x</a>`.value).toBe(
      '<a title="&quot;quoted&quot; &amp; &lt;b&gt;">x</a>',
    );
    expect(prose(`use \`${XSS}\`\n\nthen ${XSS}`).value).toBe(
      '<p>use <code>&lt;img src=x onerror=alert(1)&gt;</code></p>\n<p>then &lt;img src=x onerror=alert(1)&gt;</p>',
    );
  });

  it('render catalogue-provided text on the root page as text', () => {
    const page = renderRoot({
      links: [{ href: '/editor', label: XSS, description: XSS }],
      attribution: [`Programmes transmis par ${XSS}`],
      notice: { fr: XSS, en: XSS },
      counts: { venues: 1, shows: 2, performances: 3 },
      policyVersion: 1,
    });
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('href="/editor"');
  });

  it('render descriptions from the OpenAPI document as text', () => {
    const page = renderDocs({
      info: { title: 'T', version: '1', description: XSS },
      paths: { '/x': { get: { summary: XSS, responses: { '200': { description: XSS } } } } },
      components: { schemas: { S: { type: 'object', properties: { a: { type: 'string', pattern: XSS } } } } },
    });
    expect(page).not.toContain('<img');
    expect(page).toContain('GET /x');
    expect(page).toContain('id="schema-S"');
  });
});
