import { type PeriodName, parseBound, periodWindow } from './period.js';
import type { StringOverrides } from './strings.js';

export type Theme = 'light' | 'dark' | 'auto';
export type Layout = 'list' | 'carousel' | 'grid';

/** What `mount()` accepts; every field mirrors an attribute of `<detour-recommendations>`. */
export interface WidgetOptions {
  /** Base URL of the Détour API (default: the origin the widget script came from). */
  api?: string;
  /** A venue id: recommendations around that venue. */
  venue?: string;
  lat?: number;
  lon?: number;
  /** Search radius in km. */
  radius?: number;
  period?: PeriodName;
  /** ISO date or date-time; with `to`, overrides `period`. */
  from?: string;
  to?: string;
  /** The show the page is about ("similar but different"). */
  show?: string;
  /** How many picks (1–50). */
  limit?: number;
  lang?: 'fr' | 'en';
  theme?: Theme;
  layout?: Layout;
  /** Only free performances. */
  free?: boolean;
  /** `jeune-public` or `tout-public`. */
  audience?: string;
  /** Accessibility families required, e.g. `['moteur']`. */
  accessibility?: string[];
  maxPrice?: number;
  /** Opts in to the visitor history (kept on the device, under the visitor's control); off by default. */
  history?: boolean;
  /** Kept for pages written before history became opt-in: history off (the default now). */
  noHistory?: boolean;
  /** Venues whose shows are never proposed (a venue's own page leaving its programme out). */
  excludeVenue?: string[];
  /** Leaves images out (for host pages whose CSP blocks images from other origins). */
  noImages?: boolean;
  /** Link template for a show's page: `{show}`, `{performance}`, `{venue}` are replaced. */
  showUrl?: string;
  /** Overrides of the user-facing strings. */
  strings?: StringOverrides;
}

/** The attributes the element watches; their change re-renders it. */
export const ATTRIBUTES = [
  'api',
  'venue',
  'lat',
  'lon',
  'radius',
  'period',
  'from',
  'to',
  'show',
  'limit',
  'lang',
  'theme',
  'layout',
  'free',
  'audience',
  'jeune-public',
  'accessibility',
  'max-price',
  'history',
  'no-history',
  'exclude-venue',
  'no-images',
  'show-url',
  'strings',
] as const;

/** Attributes whose change only re-renders, without a new request. */
export const VIEW_ONLY = new Set(['theme', 'layout', 'strings', 'show-url', 'no-images']);

/** Picks asked for when `limit` is not set. */
export const DEFAULT_LIMIT = 6;

/** What `readAttributes` reads: an element, or anything that answers like one (a server-side tag). */
export type AttributeSource = Pick<Element, 'getAttribute' | 'hasAttribute'>;

const PERIODS = new Set(['tonight', 'weekend', 'week', 'month']);
const ACCESS = new Set(['moteur', 'auditif', 'visuel', 'mental']);

function num(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Reads the element's attributes into options (unknown or malformed values are dropped). */
export function readAttributes(el: AttributeSource): WidgetOptions {
  const a = (name: string) => el.getAttribute(name);
  const has = (name: string) => el.hasAttribute(name) && a(name) !== 'false';
  const o: WidgetOptions = {};
  const text = (name: string) => a(name)?.trim() || undefined;
  o.api = text('api');
  o.venue = text('venue');
  o.lat = num(a('lat'));
  o.lon = num(a('lon'));
  o.radius = num(a('radius'));
  const period = text('period');
  if (period && PERIODS.has(period)) o.period = period as PeriodName;
  o.from = text('from');
  o.to = text('to');
  o.show = text('show');
  o.limit = num(a('limit'));
  const lang = text('lang');
  if (lang === 'fr' || lang === 'en') o.lang = lang;
  const theme = text('theme');
  if (theme === 'light' || theme === 'dark' || theme === 'auto') o.theme = theme;
  const layout = text('layout');
  if (layout === 'list' || layout === 'carousel' || layout === 'grid') o.layout = layout;
  o.free = has('free');
  o.audience = has('jeune-public') ? 'jeune-public' : text('audience');
  const access = text('accessibility')
    ?.split(/[\s,]+/)
    .filter((x) => ACCESS.has(x));
  if (access?.length) o.accessibility = access;
  o.maxPrice = num(a('max-price'));
  o.noHistory = has('no-history');
  o.history = has('history') && !o.noHistory;
  const venues = text('exclude-venue')
    ?.split(/[\s,]+/)
    .filter((x) => /^[A-Za-z0-9_.:-]{1,80}$/.test(x));
  if (venues?.length) o.excludeVenue = venues.slice(0, 20);
  o.noImages = has('no-images');
  o.showUrl = text('show-url');
  const strings = a('strings');
  if (strings) {
    try {
      o.strings = JSON.parse(strings) as StringOverrides;
    } catch {
      // A malformed override must not break the widget: the defaults stay.
    }
  }
  return o;
}

/** Writes options onto an element as attributes (the single source of truth the element renders from). */
export function writeAttributes(el: Element, options: WidgetOptions): void {
  const set = (name: string, value: unknown) => {
    if (value === undefined || value === null || value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : String(value));
  };
  const keys = Object.keys(options) as (keyof WidgetOptions)[];
  for (const key of keys) {
    const value = options[key];
    if (key === 'strings') set('strings', value === undefined ? undefined : JSON.stringify(value));
    else if (key === 'accessibility' || key === 'excludeVenue')
      set(key === 'accessibility' ? key : 'exclude-venue', (value as string[] | undefined)?.join(','));
    else
      set(
        key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        value,
      );
  }
}

/** The query parameters of `GET /v1/recommendations` (without the place), as strings. */
export function queryParams(o: WidgetOptions, now: number): Record<string, string> {
  const q: Record<string, string> = {};
  if (o.radius !== undefined && o.radius > 0) q.radius = String(Math.min(o.radius, 200));
  const from = parseBound(o.from, false);
  const to = parseBound(o.to, true);
  if (from && to) {
    q.from = from;
    q.to = to;
  } else if (o.period) {
    Object.assign(q, periodWindow(o.period, now));
  }
  if (o.show) q.show = o.show;
  if (o.excludeVenue?.length) q.excludeVenue = o.excludeVenue.join(',');
  if (o.limit !== undefined) q.k = String(Math.max(1, Math.min(50, Math.round(o.limit))));
  if (o.free) q.free = 'true';
  if (o.audience === 'jeune-public' || o.audience === 'tout-public') q.audience = o.audience;
  if (o.accessibility?.length) q.accessibility = o.accessibility.join(',');
  if (o.maxPrice !== undefined && o.maxPrice >= 0) q.maxPrice = String(o.maxPrice);
  return q;
}

/**
 * The query an element's attributes stand for, place included when given as `lat`/`lon`: what the element
 * asks `/v1/recommendations` for, and what a host asks `/v1/recommendations.html` for to embed the same
 * cards in the element (the fragment then matches the element and is shown without a request).
 */
export function elementQuery(o: WidgetOptions, now: number, lang: string): Record<string, string> {
  const q: Record<string, string> = {};
  if (o.lat !== undefined && o.lon !== undefined) {
    q.lat = String(o.lat);
    q.lon = String(o.lon);
  }
  q.locale = lang;
  return Object.assign(q, queryParams({ ...o, limit: o.limit ?? DEFAULT_LIMIT }, now));
}
