import type { Discipline, Recommendation } from '@detour/sdk';

/** schema.org subtypes of Event by discipline (Event where schema.org has none closer). */
const EVENT_TYPES: Partial<Record<Discipline, string>> = {
  theatre: 'TheaterEvent',
  danse: 'DanceEvent',
  musique: 'MusicEvent',
  'art-lyrique': 'MusicEvent',
  humour: 'ComedyEvent',
  conte: 'TheaterEvent',
  marionnettes: 'TheaterEvent',
};

const STATUS = {
  scheduled: 'https://schema.org/EventScheduled',
  cancelled: 'https://schema.org/EventCancelled',
  'sold-out': 'https://schema.org/EventScheduled',
  postponed: 'https://schema.org/EventPostponed',
} as const;

const httpOnly = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** One pick as a schema.org Event (its performance, at its venue), for search engines. */
export function eventJsonLd(item: Recommendation, url: string | null): Record<string, unknown> {
  const { show, performance: p, venue } = item;
  const price = p.price;
  const offerPrice = price.free ? 0 : price.min;
  return {
    '@context': 'https://schema.org',
    '@type': EVENT_TYPES[show.discipline] ?? 'Event',
    name: show.title,
    startDate: p.start,
    ...(p.end ? { endDate: p.end } : {}),
    eventStatus: STATUS[p.status],
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    ...(httpOnly(show.image) ? { image: [show.image] } : {}),
    ...(show.description ? { description: show.description } : {}),
    ...(httpOnly(url) ? { url } : {}),
    ...(show.creators.length
      ? { performer: show.creators.map((name) => ({ '@type': 'PerformingGroup', name })) }
      : {}),
    isAccessibleForFree: price.free || price.min === 0,
    location: {
      '@type': 'Place',
      name: venue.name,
      address: {
        '@type': 'PostalAddress',
        ...(venue.address ? { streetAddress: venue.address } : {}),
        addressLocality: venue.town,
        ...(venue.postcode ? { postalCode: venue.postcode } : {}),
        addressCountry: 'FR',
      },
      geo: { '@type': 'GeoCoordinates', latitude: venue.location.lat, longitude: venue.location.lon },
    },
    ...(offerPrice !== null
      ? {
          offers: {
            '@type': 'Offer',
            price: offerPrice,
            priceCurrency: price.currency,
            availability:
              p.status === 'sold-out' ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock',
            ...(httpOnly(p.url) ? { url: p.url } : {}),
          },
        }
      : {}),
  };
}

/**
 * JSON for a `<script>` data block: `<` (and `>`, `&`, U+2028/U+2029) escaped, so no content can close the
 * element or open a comment, whatever the catalogue holds.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
