import { DISCIPLINES, type Performance } from '@detour/sdk';

const PARIS = 'Europe/Paris';
const when = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});
const euros = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 0,
});
const km = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** "jeudi 15 octobre à 20:30" in Paris time. */
export const formatWhen = (iso: string) => when.format(new Date(iso));

/** "Gratuit", "12 €", "10 € – 13 €", or "Prix non communiqué". */
export function formatPrice(price: Performance['price']): string {
  if (price.free) return 'Gratuit';
  if (price.min === null) return 'Prix non communiqué';
  return price.max !== null && price.max !== price.min
    ? `${euros.format(price.min)} – ${euros.format(price.max)}`
    : euros.format(price.min);
}

export const formatKm = (d: number) => `${km.format(d)} km`;

export const disciplineLabel = (id: keyof typeof DISCIPLINES) => DISCIPLINES[id].fr;

/** "Venue, Town", without repeating the town when the venue's name already says it (imported names often do). */
export const venueLine = (venue: { name: string; town: string }) =>
  venue.name.includes(venue.town) ? venue.name : `${venue.name}, ${venue.town}`;
