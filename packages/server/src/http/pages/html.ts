/**
 * A tiny HTML builder for our server-rendered pages: every interpolated value is escaped unless it is
 * already `Html` (built by this module), so catalogue text can never become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Inline markdown-ish text from our own descriptions: `code` spans and paragraphs, everything else escaped. */
export function prose(text: string | undefined): Html {
  if (!text) return new Html('');
  const paragraphs = text.split(/\n{2,}/).map((p) => {
    const parts = p.split('`');
    const inner = parts
      .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
      .join('');
    return `<p>${inner}</p>`;
  });
  return new Html(paragraphs.join('\n'));
}

/** A complete page using the shared stylesheet (no inline style or script: strict CSP holds). */
export function page(options: { title: string; lang?: string; body: Html }): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'fr')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
${options.body.value}
</body>
</html>
`;
}
