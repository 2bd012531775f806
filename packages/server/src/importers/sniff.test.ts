import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDeclaredFormat, sniffFormat, WrongFormatError } from './sniff.js';

const shared = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../../shared/data/${name}`, import.meta.url)), 'utf8');

describe('sniffFormat', () => {
  it('recognises the real payloads of each producer', () => {
    expect(sniffFormat(shared('fixtures/openagenda-v2-events-119.json')).format).toBe('openagenda');
    expect(sniffFormat(shared('fixtures/openagenda-ods-evenements-publics-100.json')).format).toBe(
      'openagenda-ods',
    );
    expect(sniffFormat(shared('fixtures/que-faire-a-paris-sample-2020.json')).format).toBe('openagenda-ods');
    expect(sniffFormat(shared('fixtures/datatourisme-single-event.json')).format).toBe('jsonld');
    expect(sniffFormat(shared('datatourisme-centre-val-de-loire-events-2020.jsonld')).format).toBe('jsonld');
    expect(sniffFormat(shared('festivals-en-france.csv')).format).toBe('csv');
    expect(sniffFormat(shared('panorama-des-festivals.csv')).format).toBe('csv');
  });

  it('recognises OpenAgenda v2 as an object with an events array, and one event alone', () => {
    const event = { uid: 42, title: { fr: 'Bal' }, timings: [{ begin: '2026-01-01T20:00:00+01:00' }] };
    expect(sniffFormat(JSON.stringify({ total: 1, events: [event] })).format).toBe('openagenda');
    expect(sniffFormat(JSON.stringify(event)).format).toBe('openagenda');
  });

  it('names iCalendar, HTML, XML, empty and plain JSON', () => {
    expect(sniffFormat('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n').format).toBe('ics');
    expect(sniffFormat('\n<!DOCTYPE html><html><body></body></html>').format).toBe('html');
    expect(sniffFormat('<?xml version="1.0"?><rss></rss>').format).toBe('xml');
    expect(sniffFormat(' [ ] ').format).toBe('empty-json');
    expect(sniffFormat('{"name": "x", "items": [1, 2]}').format).toBe('json');
    expect(sniffFormat('{"@context": "https://schema.org", "@type": "WebPage"}').format).toBe('jsonld');
  });

  it('is not fooled by a key quoted inside a string value', () => {
    const text = JSON.stringify([{ '@type': 'TheaterEvent', description: '{"uid": 1, "timings": []}' }]);
    expect(sniffFormat(text).format).toBe('jsonld');
    expect(sniffFormat(JSON.stringify({ note: '"@type": "Event"', list: [] })).format).toBe('json');
  });
});

describe('checkDeclaredFormat', () => {
  it('refuses a raw OpenAgenda export declared as jsonld, telling which format to send', () => {
    const body = shared('fixtures/openagenda-v2-events-119.json');
    expect(() => checkDeclaredFormat(body, 'jsonld')).toThrow(WrongFormatError);
    expect(() => checkDeclaredFormat(body, 'jsonld')).toThrow(
      'this looks like OpenAgenda v2 JSON: send `format=openagenda`',
    );
  });

  it('refuses JSON declared as CSV and an HTML page declared as anything', () => {
    expect(() => checkDeclaredFormat('[{"@type": "Event"}]', 'csv')).toThrow('send `format=jsonld`');
    expect(() => checkDeclaredFormat('<html><body>Erreur 500</body></html>', 'jsonld')).toThrow(
      'this looks like an HTML page',
    );
  });

  it('lets the declared format through, and an empty JSON document to the empty-feed rule', () => {
    expect(() => checkDeclaredFormat(shared('festivals-en-france.csv'), 'festivals')).not.toThrow();
    expect(() => checkDeclaredFormat('[]', 'jsonld')).not.toThrow();
    expect(() => checkDeclaredFormat('BEGIN:VCALENDAR\n', 'ics')).not.toThrow();
  });
});
