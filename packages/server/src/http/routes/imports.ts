import {
  type ImportFormat,
  ImportQuerySchema,
  type ImportReport,
  ImportReportSchema,
} from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { MAX_HTTP_IMPORT_PERFORMANCES } from '../../catalogue/read-feed.js';
import type { AppDeps, AppEnv } from '../context.js';
import { importProblem } from '../import-problems.js';
import { inThreadImportRunner } from '../import-runner.js';
import { HttpProblem } from '../problem.js';
import { json, problems } from '../responses.js';
import type { RouteModule } from './module.js';

/** Media types accepted per import format. */
const MEDIA_TYPES: Record<ImportFormat, readonly string[]> = {
  jsonld: ['application/ld+json', 'application/json'],
  csv: ['text/csv'],
  festivals: ['text/csv'],
  openagenda: ['application/json'],
  'openagenda-ods': ['application/json'],
  ics: ['text/calendar'],
};

/** Reads `Authorization: Bearer <key>`; 401 when missing or unknown. The key is never logged or echoed. */
function requireApiKey(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const challenge = { 'WWW-Authenticate': 'Bearer realm="detour-imports"' };
    if (!match) {
      throw new HttpProblem(401, 'unauthorized', 'Send your API key as "Authorization: Bearer <key>".', {
        errors: [{ path: 'header.authorization', message: 'missing bearer API key' }],
        headers: challenge,
      });
    }
    const key = await deps.state.store.verifyApiKey(match[1]!);
    if (!key) {
      throw new HttpProblem(401, 'unauthorized', 'This API key is unknown or revoked.', {
        errors: [{ path: 'header.authorization', message: 'unknown or revoked API key' }],
        headers: challenge,
      });
    }
    c.set('apiKey', { id: key.id, sources: key.sources });
    await next();
  };
}

/** `POST /v1/imports`: a partner pushes its own source's catalogue file. */
export const importRoutes: RouteModule = {
  name: 'imports',
  register(app, deps) {
    app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
      type: 'http',
      scheme: 'bearer',
      description: 'A partner API key, bound to the source(s) it may write.',
    });
    const fileSchema = { type: 'string' as const, description: 'The file, as is (UTF-8).' };
    app.openapi(
      createRoute({
        method: 'post',
        path: '/v1/imports',
        tags: ['Imports'],
        summary: 'Push a catalogue file for your source',
        description: [
          "The body is a whole file: schema.org / DATAtourisme JSON-LD (`format=jsonld`, `application/ld+json`), CSV (`format=csv`, `text/csv`; `format=festivals` for the Ministère de la Culture list), OpenAgenda API v2 JSON (`format=openagenda`, `application/json`), Opendatasoft's OpenAgenda export (`format=openagenda-ods`, `application/json`) or iCalendar (`format=ics`, `text/calendar`). At most 5 MB.",
          'The API key must be bound to `source`: 401 without a valid key, 403 for a key of another source. The file is a full feed: performances of the source it no longer lists are marked cancelled; with `partial=true` it only adds and updates. Re-sending the same file changes nothing.',
          "Before anything is written the body is sniffed: a body that is not the declared format (a raw OpenAgenda export sent as `format=jsonld`, an HTML error page…) gets 422 `urn:detour:problem:wrong-format` naming what it looks like (`detectedFormat`). A full feed with no readable performance gets 422 `urn:detour:problem:empty-feed`. A full feed that would cancel more than half of the source's upcoming performances gets 422 `urn:detour:problem:mass-cancellation` (`wouldCancel`, `upcoming`) unless `confirmCancel=true`. With `dryRun=true` the answer is the full report and nothing is written.",
          'The answer is the import report: what was created, updated, unchanged, cancelled, skipped and rejected (with the record and the field). The catalogue served is rebuilt shortly after, off the request path.',
        ].join('\n\n'),
        security: [{ ApiKey: [] }],
        middleware: [requireApiKey(deps)] as const,
        request: {
          query: ImportQuerySchema,
          body: {
            required: true,
            content: {
              'application/ld+json': { schema: fileSchema },
              'application/json': { schema: fileSchema },
              'text/csv': { schema: fileSchema },
              'text/calendar': { schema: fileSchema },
            },
          },
        },
        responses: {
          200: json(ImportReportSchema, 'The import report.'),
          ...problems(400, 401, 403, 413, 415, 422),
        },
      }),
      async (c) => {
        const { source, format, partial, dryRun, confirmCancel } = c.req.valid('query');
        const yes = (v: string | undefined) => v === 'true' || v === '1';
        const key = c.get('apiKey');
        if (!key.sources.includes(source)) {
          throw new HttpProblem(403, 'forbidden-source', `This API key may not write source "${source}".`, {
            errors: [{ path: 'source', message: 'not a source of this API key' }],
          });
        }
        const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!MEDIA_TYPES[format].includes(type)) {
          throw new HttpProblem(
            415,
            'unsupported-media-type',
            `Send format=${format} as ${MEDIA_TYPES[format].join(' or ')}.`,
            {
              errors: [
                { path: 'header.content-type', message: `expected ${MEDIA_TYPES[format].join(' or ')}` },
              ],
            },
          );
        }
        const text = await c.req.text();
        if (text.trim() === '')
          throw new HttpProblem(400, 'invalid-request', 'The file is empty.', {
            errors: [{ path: 'body', message: 'empty' }],
          });
        let report: ImportReport;
        try {
          report = await (deps.imports ?? inThreadImportRunner(deps.state.store)).run({
            text,
            format,
            source,
            now: c.get('now').toISOString(),
            complete: !yes(partial),
            dryRun: yes(dryRun),
            confirmCancel: yes(confirmCancel),
            maxPerformances: MAX_HTTP_IMPORT_PERFORMANCES,
          });
        } catch (error) {
          throw importProblem(error) ?? error;
        }
        const changed =
          report.created.venues +
          report.created.shows +
          report.created.performances +
          report.updated.venues +
          report.updated.shows +
          report.updated.performances +
          report.cancelled;
        if (changed > 0 && !yes(dryRun)) deps.state.requestRefresh();
        c.header('Cache-Control', 'no-store');
        return c.json(report, 200);
      },
    );
  },
};
