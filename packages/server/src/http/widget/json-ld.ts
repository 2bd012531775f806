import type { Discipline, Performance, Show, Venue } from '@detour/sdk';

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

const SCHEMA = 'https://schema.org/';
/** A sold-out performance still takes place: its status is scheduled, its offer says sold out. */
const STATUS: Record<Performance['status'], string> = {
  scheduled: `${SCHEMA}EventScheduled`,
  cancelled: `${SCHEMA}EventCancelled`,
  'sold-out': `${SCHEMA}EventScheduled`,
  postponed: `${SCHEMA}EventPostponed`,
};

const httpOnly = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** One performance of a show at its venue, and the page that presents it. */
export interface EventFacts {
  show: Show;
  performance: Performance;
  venue: Venue;
  /** The card's link (partner page, host template, or Détour's show page). */
  url: string | null;
}

/**
 * One performance as a schema.org Event, for search engines, claiming only what the data says:
 * `isAccessibleForFree` only when the price is known (free, or a price above 0), an `offers` only with a
 * known price or a booking page (never an availability the data does not give, except a performance marked
 * sold out), `performer` from the show's creators, `organizer` the venue that hosts it (Google's meaning of
 * the property), and the status as given (postponed is not cancelled).
 */
export function eventJsonLd({ show, performance: p, venue, url }: EventFacts): Record<string, unknown> {
  const price = p.price;
  const free = price.free || price.min === 0;
  const knownPrice = free ? 0 : price.min;
  const booking = httpOnly(p.url);
  const offer: Record<string, unknown> = {
    ...(knownPrice !== null ? { price: knownPrice, priceCurrency: price.currency } : {}),
    ...(booking ? { url: booking } : {}),
    ...(p.status === 'sold-out' ? { availability: `${SCHEMA}SoldOut` } : {}),
  };
  return {
    '@context': 'https://schema.org',
    '@type': EVENT_TYPES[show.discipline] ?? 'Event',
    name: show.title,
    startDate: p.start,
    ...(p.end ? { endDate: p.end } : {}),
    eventStatus: STATUS[p.status] ?? `${SCHEMA}EventScheduled`,
    eventAttendanceMode: `${SCHEMA}OfflineEventAttendanceMode`,
    ...(httpOnly(show.image) ? { image: [show.image] } : {}),
    ...(show.description ? { description: show.description } : {}),
    ...(httpOnly(url) ? { url } : {}),
    ...(show.creators.length
      ? { performer: show.creators.map((name) => ({ '@type': 'PerformingGroup', name })) }
      : {}),
    organizer: {
      '@type': 'Organization',
      name: venue.name,
      ...(httpOnly(venue.url) ? { url: venue.url } : {}),
    },
    ...(free ? { isAccessibleForFree: true } : price.min !== null ? { isAccessibleForFree: false } : {}),
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
    ...(Object.keys(offer).length ? { offers: { '@type': 'Offer', ...offer } } : {}),
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
