import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding packages/widget), found from this file in src/ or in dist/. */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'packages', 'widget', 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface Asset {
  body: Buffer;
  /** Strong ETag: a digest of the bytes. */
  etag: string;
  contentType: string;
}

interface Cached extends Asset {
  mtimeMs: number;
  size: number;
}

/**
 * Files read from disk and kept in memory with their digest; a file changed on disk (a rebuild) is read
 * again. Only files under `root` with a known type are served: no traversal, no dotfiles.
 */
export class AssetFolder {
  readonly #cache = new Map<string, Cached>();
  constructor(readonly root: string) {}

  /** The servable files directly in the folder (none when it does not exist). */
  list(): string[] {
    try {
      return readdirSync(this.root, { withFileTypes: true })
        .filter((e) => e.isFile() && !e.name.startsWith('.') && CONTENT_TYPES[extname(e.name).toLowerCase()])
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  }

  /** The file at a URL path relative to the folder ("" is index.html), or null. */
  async get(relative: string): Promise<Asset | null> {
    const path = relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
    const type = CONTENT_TYPES[extname(path).toLowerCase()];
    if (!type || path.split('/').some((part) => part.startsWith('.') || part === '')) return null;
    const file = normalize(join(this.root, path));
    if (!file.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) return null;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const hit = this.#cache.get(file);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry: Cached = { body, etag, contentType: type, mtimeMs: info.mtimeMs, size: info.size };
    this.#cache.set(file, entry);
    return entry;
  }
}
