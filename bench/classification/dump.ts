/**
 * Prints the gold-set records for reading and labelling by hand, one block each: reference, title, types,
 * keywords, categories and the start of the description. Never the classifier's answer (labels must come from
 * reading). Run: npx tsx --conditions=@detour/source bench/classification/dump.ts [from] [count] [descChars]
 */
import { loadSourceRecords } from './sources.js';

const [from = 0, count = 1000, chars = 300] = process.argv.slice(2).map(Number);
const NOISE = new Set(['PointOfInterest', 'EntertainmentAndEvent', 'Event', 'CulturalEvent']);
for (const r of loadSourceRecords().slice(from, from + count)) {
  const s = r.signals;
  const types = [...new Set(s.types.filter((t) => !NOISE.has(t)))];
  const lines = [`## ${r.ref}`, `T: ${s.title}`];
  if (types.length) lines.push(`ty: ${types.join(', ')}`);
  if (s.keywords.length) lines.push(`kw: ${s.keywords.join(' | ')}`);
  if (s.genres.length) lines.push(`ge: ${s.genres.join(' | ')}`);
  if (s.categories.length) lines.push(`ca: ${s.categories.join(' | ')}`);
  if (s.description) lines.push(`d: ${s.description.replace(/\s+/g, ' ').slice(0, chars)}`);
  console.log(lines.join('\n'));
}
