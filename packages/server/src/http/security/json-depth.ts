import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

/**
 * The deepest nesting of objects and arrays in a JSON text, counted without parsing it (strings are
 * skipped, escapes honoured). Stops counting as soon as `limit` is passed.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth--;
  }
  return max;
}

const isJson = (type: string) => /^application\/([a-z0-9.+-]+\+)?json$/.test(type);

/**
 * JSON bodies nested deeper than the limit (32; 64 for JSON-LD imports) are a 400 before any parser
 * recurses into them. The body is read once here (within the body-size limit) and cached by Hono for
 * the route's own parsing.
 */
export function jsonDepthLimit(options: {
  maxDepth: number;
  byPath?: Record<string, number>;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !isJson(type)) return next();
    const limit = options.byPath?.[c.req.path] ?? options.maxDepth;
    const depth = jsonDepth(await c.req.text(), limit);
    if (depth > limit) {
      throw new HttpProblem(400, 'invalid-request', `JSON bodies may nest at most ${limit} levels.`, {
        errors: [{ path: 'body', message: `nested deeper than ${limit} levels` }],
      });
    }
    await next();
  };
}
