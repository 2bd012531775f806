import * as z from 'zod';
import {
  ACCESSIBILITY,
  ACCESSIBILITY_IDS,
  AUDIENCE_IDS,
  AUDIENCES,
  DISCIPLINE_IDS,
  DISCIPLINES,
  LOCALES,
  PRICE_BAND_IDS,
  PRICE_BANDS,
  SIZE_CLASS_IDS,
  SIZE_CLASSES,
  SUB_DISCIPLINE_IDS,
  SUB_DISCIPLINES,
  VENUE_TYPE_IDS,
  VENUE_TYPES,
} from './taxonomy-tables.js';

export * from './taxonomy-tables.js';

export const DisciplineSchema = z.enum(DISCIPLINE_IDS);
export const SubDisciplineSchema = z.enum(SUB_DISCIPLINE_IDS);
export const SizeClassSchema = z.enum(SIZE_CLASS_IDS);
export const PriceBandSchema = z.enum(PRICE_BAND_IDS);
export const AudienceKindSchema = z.enum(AUDIENCE_IDS);
export const VenueTypeSchema = z.enum(VENUE_TYPE_IDS);
export const AccessibilitySchema = z.enum(ACCESSIBILITY_IDS);

export const LocaleSchema = z.enum(LOCALES);

const Label = z.object({ fr: z.string(), en: z.string() });
const FacetValue = z.object({ id: z.string(), label: Label });

/** `GET /v1/taxonomy`. */
export const TaxonomySchema = z
  .object({
    disciplines: z.array(FacetValue.extend({ subDisciplines: z.array(FacetValue) })),
    sizeClasses: z.array(FacetValue),
    priceBands: z.array(FacetValue),
    audiences: z.array(FacetValue),
    venueTypes: z.array(FacetValue),
    accessibility: z.array(FacetValue),
  })
  .meta({ id: 'Taxonomy' });
export type Taxonomy = z.infer<typeof TaxonomySchema>;

/** Builds the taxonomy document from the tables above. */
export function buildTaxonomy(): Taxonomy {
  const values = (table: Record<string, { fr: string; en: string }>) =>
    Object.entries(table).map(([id, l]) => ({ id, label: { fr: l.fr, en: l.en } }));
  return {
    disciplines: Object.entries(DISCIPLINES).map(([id, l]) => ({
      id,
      label: { fr: l.fr, en: l.en },
      subDisciplines: Object.entries(SUB_DISCIPLINES)
        .filter(([, s]) => s.discipline === id)
        .map(([sid, s]) => ({ id: sid, label: { fr: s.fr, en: s.en } })),
    })),
    sizeClasses: values(SIZE_CLASSES),
    priceBands: values(PRICE_BANDS),
    audiences: values(AUDIENCES),
    venueTypes: values(VENUE_TYPES),
    accessibility: values(ACCESSIBILITY),
  };
}
