import type { Discipline, SubDiscipline } from '@detour/sdk';
import { classifyText, namesNonLiveEvent } from './disciplines.js';
import { classifyEvent as classifyJsonLd } from './jsonld.js';

/**
 * INTERIM: the signature agreed in /work/wt/INTERFACES.md for the shared classifier (importers/classify.ts,
 * branch `classifier`), answered with the rules the JSON-LD importer already had, so that the OpenAgenda,
 * Opendatasoft and iCalendar importers can be written and tested before it lands. Once classify.ts is merged,
 * the importers import from './classify.js' and this file is deleted.
 */
export interface EventSignals {
  types: readonly string[];
  keywords: readonly string[];
  genres: readonly string[];
  categories: readonly string[];
  title: string;
  description: string | null;
}

export type EventClass =
  | { kind: 'performance'; discipline: Discipline; subDiscipline: SubDiscipline | null; basis: string }
  | { kind: 'skipped'; reason: string };

export function classifyEvent(signals: EventSignals): EventClass {
  const labels = [...signals.categories, ...signals.genres, ...signals.keywords];
  const nonLive = labels.find((l) => namesNonLiveEvent(l));
  if (nonLive && signals.types.length === 0) return { kind: 'skipped', reason: `« ${nonLive} »` };
  const kind = classifyJsonLd([...signals.types], signals.title, signals.description);
  if (kind) return { kind: 'performance', ...kind, basis: 'titre ou description' };
  for (const l of labels) {
    const k = classifyText(l);
    if (k) return { kind: 'performance', ...k, basis: `« ${l} »` };
  }
  return { kind: 'skipped', reason: 'aucun signe de spectacle vivant' };
}
