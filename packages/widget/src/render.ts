// The widget's views for servers: no custom element, no DOM. The Détour server renders the fragment and
// the show pages with these, so that they say exactly what the element says.
import type { RecommendationResponse } from '@detour/sdk';
import { answerView, type ListProps } from './cards.js';
import { hs } from './markup.js';

export {
  answerView,
  type CardProps,
  type CreateElement,
  cardParts,
  type ListProps,
  picksList,
  whyPanel,
} from './cards.js';
export { formatPrice, formatWhen, pickUrl, placeName, safeUrl } from './format.js';
export { hs, Markup } from './markup.js';
export {
  type AttributeSource,
  DEFAULT_LIMIT,
  elementQuery,
  readAttributes,
  type WidgetOptions,
} from './options.js';
export {
  fill,
  type Lang,
  resolveLang,
  STRINGS,
  type StringOverrides,
  type Strings,
  stringsFor,
} from './strings.js';

/** An answer (header, cards, « Pourquoi ces propositions ? ») as HTML, every value escaped. */
export function renderAnswerHtml(response: RecommendationResponse, p: ListProps): string {
  return answerView(hs, p, response).html;
}
