import * as z from 'zod';

/**
 * `jsonld` schema.org / DATAtourisme, `csv`, `festivals` (Ministère de la Culture list), `openagenda` (OpenAgenda
 * API v2 native JSON), `openagenda-ods` (Opendatasoft's flat export of OpenAgenda events), `ics` (iCalendar).
 */
export const ImportFormatSchema = z.enum([
  'jsonld',
  'festivals',
  'csv',
  'openagenda',
  'openagenda-ods',
  'ics',
]);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** A record the importer refused: which one, which field, and why. */
export const RejectSchema = z
  .object({
    index: z.number().int().min(0),
    path: z.string(),
    reason: z.string(),
    sourceId: z.string().nullable(),
  })
  .meta({ id: 'ImportReject' });
export type Reject = z.infer<typeof RejectSchema>;

/** A record imported, but with something its producer should fix (e.g. an offset that contradicts Paris time). */
export const ImportWarningSchema = z
  .object({
    index: z.number().int().min(0),
    sourceId: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'ImportWarning' });
export type ImportWarning = z.infer<typeof ImportWarningSchema>;
/** A record left out on purpose (not a live performance): which one, and why. */
export const SkipSchema = z
  .object({
    index: z.number().int().min(0),
    sourceId: z.string().nullable(),
    title: z.string().nullable(),
    reason: z.string(),
  })
  .meta({ id: 'ImportSkip' });
export type Skip = z.infer<typeof SkipSchema>;

const Counts = z.object({
  venues: z.number().int().min(0),
  shows: z.number().int().min(0),
  performances: z.number().int().min(0),
});
export type ImportCounts = z.infer<typeof Counts>;

/** What an import did. Re-importing the same file reports 0 created and 0 updated. */
export const ImportReportSchema = z
  .object({
    source: z.string(),
    format: ImportFormatSchema,
    records: z.number().int().min(0),
    created: Counts,
    updated: Counts,
    unchanged: Counts,
    /**
     * Performances of this source leaving the programme: marked cancelled, or no longer listed while their show
     * is still sent (kept, with status cancelled), or deleted with a venue or show record the full feed no
     * longer sends (withdrawn, issue 16).
     */
    cancelled: z.number().int().min(0),
    /** Records outside live performance (cinema, books…), left out on purpose. */
    skipped: z.number().int().min(0),
    /** Each skipped record with the reason it is not taken as a live performance. */
    skips: z.array(SkipSchema),
    rejected: z.array(RejectSchema),
    /** Records imported as read, with a note for their producer (e.g. an offset corrected to Paris time). */
    warnings: z.array(ImportWarningSchema),
    merges: z.array(
      z.object({ showId: z.string(), sourceId: z.string(), matched: z.array(z.string()), score: z.number() }),
    ),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof ImportReportSchema>;
