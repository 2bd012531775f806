import { type Html, html, page, prose } from './html.js';

/** The parts of an OpenAPI 3.1 document the reference page reads. */
type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  default?: unknown;
};

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Content = Record<string, { schema?: Schema; example?: unknown }>;
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Content; description?: string };
  responses?: Record<
    string,
    { description?: string; content?: Content; headers?: Record<string, { description?: string }> }
  >;
  security?: Array<Record<string, string[]>>;
  'x-codeSamples'?: Array<{ lang: string; label?: string; source: string }>;
};
export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths?: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, Schema>;
    securitySchemes?: Record<string, { description?: string }>;
  };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const anchorOf = (method: string, path: string) =>
  `op-${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
const schemaAnchor = (name: string) => `schema-${name}`;
const refName = (ref: string) => ref.split('/').at(-1) ?? ref;

/** A one-line type of a schema, with links to named schemas. */
function typeOf(schema: Schema | undefined): Html {
  if (!schema) return html`any`;
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return html`<a href="#${schemaAnchor(name)}">${name}</a>`;
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return html`${alternatives.map((s, i) => html`${i > 0 ? ' | ' : ''}${typeOf(s)}`)}`;
  if (schema.allOf) return html`${schema.allOf.map((s, i) => html`${i > 0 ? ' & ' : ''}${typeOf(s)}`)}`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const parts = types.map((t) => {
    if (t === 'array') return html`array of ${typeOf(schema.items)}`;
    if (t === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      return html`map of ${typeOf(schema.additionalProperties)}`;
    }
    return html`${t}${t === 'string' && schema.format ? ` (${schema.format})` : ''}`;
  });
  if (parts.length === 0) return html`any`;
  return html`${parts.map((p, i) => html`${i > 0 ? ' | ' : ''}${p}`)}`;
}

/** The constraints of a schema in words: enum values, ranges, lengths, pattern. */
function constraintsOf(schema: Schema | undefined): Html {
  if (!schema) return html``;
  const out: Html[] = [];
  if (schema.enum)
    out.push(html`one of ${schema.enum.map((v, i) => html`${i > 0 ? ', ' : ''}<code>${String(v)}</code>`)}`);
  if (schema.const !== undefined) out.push(html`always <code>${String(schema.const)}</code>`);
  if (schema.minimum !== undefined) out.push(html`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) out.push(html`&gt; ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) out.push(html`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(html`&lt; ${schema.exclusiveMaximum}`);
  if (schema.minLength !== undefined) out.push(html`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) out.push(html`at most ${schema.maxLength} characters`);
  if (schema.minItems !== undefined) out.push(html`at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined) out.push(html`at most ${schema.maxItems} items`);
  if (schema.pattern) out.push(html`matches <code>${schema.pattern}</code>`);
  if (schema.items && !schema.items.$ref) {
    const inner = constraintsOf(schema.items);
    if (inner.value) out.push(html`items: ${inner}`);
  }
  return html`${out.map((h, i) => html`${i > 0 ? '; ' : ''}${h}`)}`;
}

/** An object schema's properties as a table; nested anonymous objects get their own table inside. */
function propertiesTable(schema: Schema, depth = 0): Html {
  const target = schema.anyOf?.find((s) => s.properties) ?? schema;
  const props = target.properties;
  if (!props) return html``;
  const required = new Set(target.required ?? []);
  return html`<table>
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Constraints</th></tr></thead>
<tbody>
${Object.entries(props).map(([name, s]) => {
  const nested = nestedObject(s);
  return html`<tr><td data-label="Field"><code>${name}</code>${s.description ? html`<div class="muted">${s.description}</div>` : ''}</td><td data-label="Type">${typeOf(s)}</td><td data-label="Required">${required.has(name) ? 'yes' : 'no'}</td><td data-label="Constraints">${constraintsOf(s)}${nested && depth < 3 ? propertiesTable(nested, depth + 1) : ''}</td></tr>
`;
})}</tbody>
</table>`;
}

/** The anonymous object schema a property holds directly or as array items, if any. */
function nestedObject(s: Schema): Schema | null {
  if (s.properties) return s;
  if (s.items?.properties) return s.items;
  const alt = (s.anyOf ?? s.oneOf)?.find((x) => x.properties);
  return alt ?? null;
}

function operationSection(method: string, path: string, op: Operation): Html {
  const params = op.parameters ?? [];
  const body = op.requestBody;
  return html`<section class="op" id="${anchorOf(method, path)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span><code>${path}</code></h3>
${op.summary ? html`<p><strong>${op.summary}</strong></p>` : ''}
${prose(op.description)}
${op.security?.length ? html`<p>Authentication: <code>Authorization: Bearer &lt;${op.security.some((s) => 'EditorToken' in s) ? 'editor token' : 'API key'}&gt;</code>.</p>` : ''}
${
  params.length
    ? html`<h4>Parameters</h4>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Constraints</th></tr></thead>
<tbody>
${params.map(
  (p) =>
    html`<tr><td data-label="Name"><code>${p.name}</code>${p.description ? html`<div class="muted">${p.description}</div>` : ''}</td><td data-label="In">${p.in}</td><td data-label="Type">${typeOf(p.schema)}</td><td data-label="Required">${p.required ? 'yes' : 'no'}</td><td data-label="Constraints">${constraintsOf(p.schema)}</td></tr>
`,
)}</tbody>
</table>`
    : ''
}
${
  body?.content
    ? html`<h4>Request body${body.required ? '' : ' (optional)'}</h4>
<ul>${Object.entries(body.content).map(([type, c]) => html`<li><code>${type}</code>: ${typeOf(c.schema)}</li>`)}</ul>`
    : ''
}
<h4>Responses</h4>
<table>
<thead><tr><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">Body</th></tr></thead>
<tbody>
${Object.entries(op.responses ?? {}).map(
  ([status, r]) =>
    html`<tr><td data-label="Status"><code>${status}</code></td><td data-label="Meaning">${prose(r.description)}</td><td data-label="Body">${
      r.content
        ? Object.entries(r.content).map(
            ([type, c]) => html`<div><code>${type}</code>: ${typeOf(c.schema)}</div>`,
          )
        : html`<span class="muted">none</span>`
    }</td></tr>
`,
)}</tbody>
</table>
${examplesOf(op)}
</section>`;
}

/** Pretty JSON, or the text as it is. */
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** The operation's example, taken from the demo: the request as a curl command to copy, then the answer. */
function examplesOf(op: Operation): Html {
  const curl = op['x-codeSamples']?.find((c) => c.label === 'curl' || c.lang === 'Shell');
  const request = Object.entries(op.requestBody?.content ?? {}).find(([, c]) => c.example !== undefined);
  const response = Object.entries(op.responses ?? {})
    .flatMap(([status, r]) =>
      Object.entries(r.content ?? {}).map(([type, c]) => ({ status, type, example: c.example })),
    )
    .find((r) => r.example !== undefined);
  if (!curl && !request && !response) return html``;
  return html`<div class="example">
<h4>Example</h4>
${curl ? html`<p class="muted">Request (on the demo, <code>npm start</code>):</p><pre class="curl"><code>${curl.source}</code></pre>` : ''}
${request ? html`<p class="muted">Request body (<code>${request[0]}</code>):</p><pre><code>${shown(request[1].example)}</code></pre>` : ''}
${response ? html`<p class="muted">Response <code>${response.status}</code> (<code>${response.type}</code>):</p><pre class="response"><code>${shown(response.example)}</code></pre>` : ''}
</div>`;
}

/**
 * The API reference as one self-contained HTML page, rendered on the server from the OpenAPI document:
 * operations grouped by tag, their parameters, bodies and responses, then every named schema.
 */
export function renderDocs(doc: OpenApiDocument): string {
  const byTag = new Map<string, Array<{ method: string; path: string; op: Operation }>>();
  for (const tag of doc.tags ?? []) byTag.set(tag.name, []);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  const tagInfo = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
  const schemas = Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const body = html`<header class="site"><a class="brand" href="/demo">Détour</a> <span class="muted">— API reference</span></header>
<main>
<h1>${doc.info.title} <span class="muted">${doc.info.version}</span></h1>
${prose(doc.info.description)}
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<nav class="toc" aria-label="Endpoints">
<h2>Endpoints</h2>
<ul>
${[...byTag.values()].flat().map(
  ({
    method,
    path,
    op,
  }) => html`<li><a href="#${anchorOf(method, path)}">${method.toUpperCase()} ${path}</a>${op.summary ? html` <span class="muted">— ${op.summary}</span>` : ''}</li>
`,
)}</ul>
</nav>
${[...byTag.entries()]
  .filter(([, ops]) => ops.length > 0)
  .map(
    ([tag, ops]) => html`<h2 id="tag-${tag.toLowerCase()}">${tag}</h2>
${prose(tagInfo.get(tag))}
${ops.map(({ method, path, op }) => operationSection(method, path, op))}`,
  )}
<h2 id="schemas">Schemas</h2>
${schemas.map(
  ([name, schema]) => html`<section id="${schemaAnchor(name)}">
<h3>${name}</h3>
${prose(schema.description)}
${schema.properties || schema.anyOf ? propertiesTable(schema) : html`<p>${typeOf(schema)} ${constraintsOf(schema)}</p>`}
</section>
`,
)}
</main>
<footer class="site">Généré à partir du document OpenAPI servi par ce serveur.</footer>`;
  return page({ title: `${doc.info.title} — API reference`, lang: 'en', body });
}
