import type { PerformanceStatus, Reject } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance, ImportedShow, ImportedVenue } from './batch.js';
import { departmentContradicted, outsideFranceReason, placeholderReason } from './place-check.js';
import { statusFromTitle, stripStatusSuffix } from './title-status.js';

/**
 * The step every batch goes through after its importer and before the store, whatever the format: the rules
 * that do not depend on how a producer wrote its file.
 *
 * - Places: a place that is no one place (« DIVERS LIEUX », « TOULOUSE », « en ligne »…) or outside France is
 *   refused, and with it every performance there; each event that loses performances is reported as rejected
 *   (field `location`, with the reason). An event left with no performance is not imported. Why refuse rather
 *   than keep it unlocated: the catalogue's whole use is « what is on near here », a show without a place
 *   cannot be proposed near anyone, and a producer reading the report can fix the record.
 * - A postcode (or INSEE code) whose department the coordinates contradict is dropped: the place keeps its
 *   coordinates and town.
 * - Status words in titles (« ANNULÉ », « REPORTÉ », « COMPLET ») set the status of the event's performances
 *   (never weakening one the producer set: cancelled > postponed > sold out > scheduled) and are cut from the
 *   title, so that « - M - (CONCERT REPORTÉ …) » is the show « - M - ».
 *
 * Pure: the same batch in gives the same batch out.
 */
export function normaliseBatch(batch: ImportBatch): ImportBatch {
  const refused = new Map<string, string>();
  const venues: ImportedVenue[] = [];
  for (const v of batch.venues) {
    // A festival's site is named after the festival (the Ministère's lists): its name says nothing of the place.
    const reason = (v.type === 'festival' ? null : placeholderReason(v)) ?? outsideFranceReason(v);
    if (reason !== null) refused.set(v.sourceId, reason);
    else venues.push(repairCodes(v));
  }

  const titleStatus = new Map<string, PerformanceStatus>();
  const shows: ImportedShow[] = [];
  for (const s of batch.shows) {
    const status = statusFromTitle(s.title);
    if (status === null) shows.push(s);
    else {
      titleStatus.set(s.sourceId, status);
      shows.push({ ...s, title: stripStatusSuffix(s.title) });
    }
  }
  if (refused.size === 0 && titleStatus.size === 0 && venues.every((v, i) => v === batch.venues[i]))
    return batch;

  const performances: ImportedPerformance[] = [];
  const lost = new Map<string, { count: number; reason: string }>();
  const kept = new Set<string>();
  for (const p of batch.performances) {
    const reason = refused.get(p.venueSourceId);
    if (reason !== undefined) {
      const l = lost.get(p.showSourceId);
      if (l) l.count++;
      else lost.set(p.showSourceId, { count: 1, reason });
      continue;
    }
    kept.add(p.showSourceId);
    const status = titleStatus.get(p.showSourceId);
    performances.push(status === undefined ? p : { ...p, status: stronger(p.status, status) });
  }

  const rejected: Reject[] = [...batch.rejected];
  const showIndex = new Map(batch.shows.map((s, i) => [s.sourceId, i]));
  for (const [showSourceId, { count, reason }] of lost) {
    rejected.push({
      // The importer's record index is not in the batch: the event's position among the events read.
      index: showIndex.get(showSourceId) ?? 0,
      path: 'location',
      reason: count > 1 ? `${reason} (${count} représentations écartées)` : reason,
      sourceId: showSourceId,
    });
  }
  return {
    ...batch,
    venues,
    // An event whose every performance was at a refused place is not imported; one that had none stays as it was.
    shows: shows.filter((s) => !lost.has(s.sourceId) || kept.has(s.sourceId)),
    performances,
    rejected,
  };
}

const STRENGTH: Readonly<Record<PerformanceStatus, number>> = {
  scheduled: 0,
  'sold-out': 1,
  postponed: 2,
  cancelled: 3,
};

/** The stronger of two statuses: a title never makes a cancelled performance merely postponed. */
export function stronger(a: PerformanceStatus, b: PerformanceStatus): PerformanceStatus {
  return STRENGTH[b] > STRENGTH[a] ? b : a;
}

/** The venue without a postcode or INSEE code its coordinates contradict (the same object when nothing is wrong). */
function repairCodes(v: ImportedVenue): ImportedVenue {
  const postcode = departmentContradicted(v.postcode, v.location);
  const insee = departmentContradicted(v.inseeCode, v.location);
  if (!postcode && !insee) return v;
  return { ...v, postcode: postcode ? null : v.postcode, inseeCode: insee ? null : v.inseeCode };
}
