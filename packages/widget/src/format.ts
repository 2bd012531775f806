import type { Recommendation, Venue } from '@detour/sdk';
import type { Lang, Strings } from './strings.js';
import { fill } from './strings.js';

const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** "sam. 6 déc., 20:30" — always in Paris time, where the performances take place. */
export function formatWhen(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone: 'Europe/Paris',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** "Gratuit", "dès 12 €", or null when the price is unknown. */
export function formatPrice(
  price: Recommendation['performance']['price'],
  lang: Lang,
  s: Strings,
): string | null {
  if (price.free || price.min === 0) return s.free;
  if (price.min === null) return null;
  const money = new Intl.NumberFormat(locales[lang], {
    style: 'currency',
    currency: price.currency,
    maximumFractionDigits: Number.isInteger(price.min) ? 0 : 2,
  }).format(price.min);
  return price.max !== null && price.max !== price.min ? fill(s.priceFrom, { price: money }) : money;
}

/** "à 3,2 km" / "3.2 km away". */
export function formatDistance(km: number, lang: Lang, s: Strings): string {
  const distance = new Intl.NumberFormat(locales[lang], {
    style: 'unit',
    unit: 'kilometer',
    maximumFractionDigits: km < 10 ? 1 : 0,
  }).format(km);
  return fill(s.distance, { distance });
}

/** The URL unchanged when it is absolute http(s), else null: nothing else reaches an href or a src. */
export function safeUrl(value: string | null | undefined, base?: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The link of a pick: the host's show-page template when given, else the partner's own page for the
 * performance, else the show's public page on Détour (`{api}/spectacles/{id}`): every card leads somewhere.
 */
export function pickUrl(
  item: Recommendation,
  template: string | undefined,
  base: string | undefined,
  api: string | undefined,
): string | null {
  if (template) {
    const filled = template
      .replace(/\{show\}/g, encodeURIComponent(item.show.id))
      .replace(/\{performance\}/g, encodeURIComponent(item.performance.id))
      .replace(/\{venue\}/g, encodeURIComponent(item.venue.id));
    return safeUrl(filled, base);
  }
  return (
    safeUrl(item.performance.url) ??
    (api ? safeUrl(`${api.replace(/\/+$/, '')}/spectacles/${encodeURIComponent(item.show.id)}`) : null)
  );
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** "La Parenthèse, Ballan-Miré"; a venue named by its address that already ends with its town is not followed by it again. */
export function placeName(venue: Pick<Venue, 'name' | 'town'>): string {
  const town = venue.town.trim();
  if (!town) return venue.name;
  const name = fold(venue.name);
  const t = fold(town);
  // The town as a whole word of the name ("15 Place de Chateauneuf, Tours"), not inside another word.
  const at = name.lastIndexOf(t);
  const whole =
    at >= 0 && !/[a-z0-9]/.test(name[at - 1] ?? '') && !/[a-z0-9]/.test(name[at + t.length] ?? '');
  return whole ? venue.name : `${venue.name}, ${town}`;
}

/**
 * The one reason a card shows: the decisive one, else the first, leaving out the distance (the line above
 * already says it). A pick whose only reason is its distance says so without repeating the figure.
 */
export function cardReason(item: Recommendation, lang: Lang, s: Strings): string | null {
  const others = item.reasons.filter((r) => r.code !== 'distance');
  const reason = others.find((r) => r.decisive) ?? others[0];
  if (reason) return reason.text[lang];
  return item.reasons.length ? s.nearby : null;
}
