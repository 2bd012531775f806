import type { ImportFormat } from '@detour/sdk';

/** The file cannot be read at all (truncated JSON, unterminated CSV quote, unknown layout): nothing is imported. */
export class ImportParseError extends Error {
  override readonly name = 'ImportParseError';
  constructor(
    readonly format: ImportFormat,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
