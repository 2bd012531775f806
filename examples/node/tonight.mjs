#!/usr/bin/env node
// Tonight's recommendations near a French town, printed in the terminal, through the built Détour SDK.
//
//   node examples/node/tonight.mjs Tours
//   node examples/node/tonight.mjs Blois --radius 30 --api https://detour.example
//   node examples/node/tonight.mjs 47.39,0.69 --date 2027-10-15
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient, DISCIPLINES, isDetourError } from '@detour/sdk';

const USAGE = `usage: node tonight.mjs <town | lat,lon> [--radius km] [--date YYYY-MM-DD] [--k n] [--api url]
  --api defaults to $DETOUR_API, else http://127.0.0.1:8787 (what \`npm start\` serves)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    radius: { type: 'string', default: '20' },
    date: { type: 'string' },
    k: { type: 'string', default: '8' },
    api: { type: 'string', default: process.env.DETOUR_API ?? 'http://127.0.0.1:8787' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || positionals.length === 0) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** A town from the list beside this script, or explicit coordinates. */
function placeOf(arg) {
  const m = /^(-?\d+(?:\.\d+)?),\s*(-?\d+(?:\.\d+)?)$/.exec(arg);
  if (m) return { name: `${m[1]}, ${m[2]}`, lat: Number(m[1]), lon: Number(m[2]) };
  const { towns } = JSON.parse(readFileSync(new URL('./towns.json', import.meta.url), 'utf8'));
  const town = towns.find((t) => fold(t.name) === fold(arg));
  if (!town) {
    console.error(
      `Commune inconnue : ${arg}. Connues : ${towns.map((t) => t.name).join(', ')} (ou « lat,lon »).`,
    );
    process.exit(2);
  }
  return town;
}

const PARIS = 'Europe/Paris';

/** The UTC offset of Paris on a day, as "+01:00" or "+02:00". */
function parisOffset(day) {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: PARIS, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${day}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName').value;
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

/** Tonight in Paris time: from 17:00 (or now, if later) to midnight. */
function tonight(now, date) {
  const day = date ?? new Intl.DateTimeFormat('en-CA', { timeZone: PARIS }).format(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    console.error(`Date invalide : ${day} (attendu AAAA-MM-JJ).`);
    process.exit(2);
  }
  const offset = parisOffset(day);
  const evening = new Date(`${day}T17:00:00${offset}`);
  const end = new Date(`${day}T23:59:59${offset}`);
  const from = date ? evening : new Date(Math.max(now.getTime(), evening.getTime()));
  return { day, from, to: end };
}

const place = placeOf(positionals[0]);
const window = tonight(new Date(), values.date);
if (window.from >= window.to) {
  console.log('La soirée est terminée : relancez demain, ou choisissez une date avec --date.');
  process.exit(0);
}

const client = createClient({ baseUrl: values.api, timeoutMs: 15_000 });
const time = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hour: '2-digit', minute: '2-digit' });
const dayName = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'full' });
const euros = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});
const km = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** "Gratuit", "12 €", "de 10 € à 13 €" or nothing when the price is not given. */
function price(p) {
  if (p.free) return 'Gratuit';
  if (p.min === null) return 'prix non communiqué';
  return p.max !== null && p.max !== p.min
    ? `de ${euros.format(p.min)} à ${euros.format(p.max)}`
    : euros.format(p.min);
}

try {
  const res = await client.getRecommendations({
    lat: place.lat,
    lon: place.lon,
    radius: Number(values.radius),
    k: Number(values.k),
    from: window.from,
    to: window.to,
    locale: 'fr',
  });
  console.log(`Ce soir près de ${place.name} (${values.radius} km) — ${dayName.format(window.from)}\n`);
  if (res.items.length === 0) console.log(res.empty?.text.fr ?? 'Rien à proposer pour ce soir.');
  for (const r of res.items) {
    console.log(`${r.rank}. ${r.show.title}`);
    const where = r.venue.name.includes(r.venue.town) ? r.venue.name : `${r.venue.name}, ${r.venue.town}`;
    console.log(`   ${DISCIPLINES[r.show.discipline].fr} · ${where} · ${km.format(r.distanceKm)} km`);
    console.log(`   ${time.format(new Date(r.performance.start))} · ${price(r.performance.price)}`);
    console.log(`   Pourquoi : ${r.reasons.map((x) => x.text.fr).join(' ; ')}`);
    if (r.performance.url) console.log(`   ${r.performance.url}`);
    console.log('');
  }
  if (res.attribution.length > 0) console.log(`Sources : ${res.attribution.join(' ')}`);
} catch (error) {
  if (!isDetourError(error)) throw error;
  const fields = error.errors.map((f) => `${f.path} : ${f.message}`).join(' ; ');
  console.error(
    `Détour n'a pas pu répondre (${error.kind}${error.status ? ` ${error.status}` : ''}) : ${error.title}`,
  );
  if (fields) console.error(`   ${fields}`);
  if (error.kind === 'network') console.error(`   Le serveur ${values.api} est-il lancé ? (npm start)`);
  process.exit(1);
}
