import type { Facet, FieldError, PolicySettings } from '@detour/sdk';
import { FACETS, PERIODS } from '@detour/sdk';
import { getIn, setIn } from './draft.js';
import {
  FACET_INFO,
  frNumber,
  frPercent,
  MERIT_LABELS,
  PERIOD_LABELS,
  SCALAR_INFO,
  type ScalarKey,
} from './fields.js';
import type { TargetNote } from './notes.js';
import { setShare, shareTotal, uniformShares } from './shares.js';

interface FormProps {
  draft: PolicySettings;
  errors: FieldError[];
  /** Targets the last preview's area cannot meet, shown beside their facet. */
  notes?: TargetNote[];
  onChange: (next: PolicySettings) => void;
}

const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** Errors that concern a path or anything under it. */
const errorsAt = (errors: FieldError[], path: string) =>
  errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));

function ErrorText({ id, errors }: { id: string; errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <p class="field-error" id={id}>
      {errors.map((e) => e.message).join(' ; ')}
    </p>
  );
}

function rangeText(info: { min: number; max: number; unit?: string }) {
  return `Plage sûre : de ${frNumber(info.min)} à ${frNumber(info.max)}${info.unit ? ` ${info.unit}` : ''}.`;
}

/** A setting with a slider, an exact-value box, its help and safe range, and its errors. */
function ScalarField({
  path,
  draft,
  errors,
  onChange,
}: {
  path: ScalarKey;
  draft: PolicySettings;
  errors: FieldError[];
  onChange: (next: PolicySettings) => void;
}) {
  const info = SCALAR_INFO[path];
  const id = fieldId(path);
  const value = getIn(draft, path) as number;
  const mine = errorsAt(errors, path);
  const described = `${id}-help ${id}-range${mine.length ? ` ${id}-error` : ''}`;
  const set = (raw: string) => onChange(setIn(draft, path, raw.trim() === '' ? null : Number(raw)));
  const shown = Number.isFinite(value) ? value : info.min;
  return (
    <div class={`field${mine.length ? ' invalid' : ''}`}>
      <label for={id}>{info.label}</label>
      <p class="help" id={`${id}-help`}>
        {info.help}
      </p>
      <div class="control">
        <input
          type="range"
          id={id}
          name={path}
          min={info.min}
          max={info.max}
          step={info.step}
          value={Math.min(info.max, Math.max(info.min, shown))}
          aria-describedby={described}
          aria-valuetext={`${frNumber(shown)}${info.unit ? ` ${info.unit}` : ''}`}
          onInput={(e) => set(e.currentTarget.value)}
        />
        <input
          type="number"
          class="exact"
          id={`${id}-exact`}
          aria-label={`${info.label} : valeur exacte`}
          aria-describedby={described}
          aria-invalid={mine.length > 0}
          step="any"
          value={Number.isFinite(value) ? String(value) : ''}
          onChange={(e) => set(e.currentTarget.value)}
        />
        {info.unit ? <span class="unit">{info.unit}</span> : null}
      </div>
      <p class="range" id={`${id}-range`}>
        {rangeText(info)}
      </p>
      {info.details ? (
        <details class="details">
          <summary>Détails</summary>
          <p>{info.details}</p>
        </details>
      ) : null}
      <ErrorText id={`${id}-error`} errors={mine} />
    </div>
  );
}

/** A facet: its weight, and its target shares as sliders that keep a 100 % total. */
function FacetField({ facet, draft, errors, notes, onChange }: { facet: Facet } & FormProps) {
  const note = notes?.find((n) => n.facet === facet);
  const info = FACET_INFO[facet];
  const policy = draft.facets[facet];
  const base = `facets.${facet}`;
  const weightId = fieldId(`${base}.weight`);
  const targets = policy.targets;
  const hasTargets = Object.keys(targets).length > 0;
  const values = Object.keys(info.values);
  const weightErrors = errorsAt(errors, `${base}.weight`);
  const targetErrors = errorsAt(errors, `${base}.targets`);
  const total = shareTotal(targets);
  return (
    <fieldset class="facet">
      <legend>{info.label}</legend>
      <p class="help">{info.help}</p>
      <div class={`field${weightErrors.length ? ' invalid' : ''}`}>
        <label for={weightId}>Importance de cette rubrique</label>
        <p class="help" id={`${weightId}-help`}>
          0 : la rubrique est ignorée ; 1 : elle compte pleinement dans la diversité.
        </p>
        <div class="control">
          <input
            type="range"
            id={weightId}
            min={0}
            max={1}
            step={0.05}
            value={Number.isFinite(policy.weight) ? policy.weight : 0}
            aria-describedby={`${weightId}-help${weightErrors.length ? ` ${weightId}-error` : ''}`}
            aria-valuetext={frNumber(policy.weight)}
            onInput={(e) => onChange(setIn(draft, `${base}.weight`, Number(e.currentTarget.value)))}
          />
          <output for={weightId}>{frNumber(policy.weight)}</output>
        </div>
        <ErrorText id={`${weightId}-error`} errors={weightErrors} />
      </div>
      <div class="field">
        <label class="check">
          <input
            type="checkbox"
            checked={hasTargets}
            onChange={(e) =>
              onChange(setIn(draft, `${base}.targets`, e.currentTarget.checked ? uniformShares(values) : {}))
            }
          />{' '}
          Fixer des parts cibles
        </label>
        {!hasTargets ? (
          <p class="help">Sans cible, chaque valeur présente près du lieu demandé compte autant.</p>
        ) : null}
      </div>
      {hasTargets ? (
        <div class={`shares${targetErrors.length ? ' invalid' : ''}`}>
          <p class="help" id={`${fieldId(base)}-shares-help`}>
            Les parts totalisent toujours 100 % : quand vous en montez une, les autres baissent en proportion.
          </p>
          {values.map((value) => {
            const id = fieldId(`${base}.targets.${value}`);
            const share = targets[value] ?? 0;
            return (
              <div class="share" key={value}>
                <label for={id}>{info.values[value]!.fr}</label>
                <input
                  type="range"
                  id={id}
                  min={0}
                  max={1}
                  step={0.01}
                  value={share}
                  aria-describedby={`${fieldId(base)}-shares-help`}
                  aria-valuetext={frPercent(share)}
                  onInput={(e) =>
                    onChange(
                      setIn(
                        draft,
                        `${base}.targets`,
                        setShare(targets, value, Number(e.currentTarget.value)),
                      ),
                    )
                  }
                />
                <output for={id}>{frPercent(share)}</output>
              </div>
            );
          })}
          <p class="total">Total : {frPercent(total)}</p>
          {note ? (
            <p class="facet-note" id={`${fieldId(base)}-note`}>
              D’après le dernier aperçu : {note.text}
            </p>
          ) : null}
          <ErrorText id={`${fieldId(base)}-targets-error`} errors={targetErrors} />
        </div>
      ) : null}
    </fieldset>
  );
}

/** The whole policy form: every setting explained in plain French, with its safe range. */
export function PolicyForm({ draft, errors, notes, onChange }: FormProps) {
  const meritErrors = errorsAt(errors, 'fairness.merit');
  return (
    <form class="policy-form" onSubmit={(e) => e.preventDefault()} aria-labelledby="settings-title">
      <h2 id="settings-title">Réglages du brouillon</h2>
      <p class="help">
        Le brouillon n’est enregistré nulle part : modifiez-le librement, l’aperçu se met à jour. Il ne
        s’applique au public qu’une fois publié.
      </p>
      {errors.length > 0 ? (
        <div class="error-summary" role="alert">
          <h3>Ce brouillon ne peut pas être publié</h3>
          <ul>
            {errors.map((e) => (
              <li key={e.path}>{e.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset>
        <legend>Équilibre des listes</legend>
        {(['lambda', 'redundancy', 'venueCap', 'discoverySlots'] as const).map((path) => (
          <ScalarField key={path} path={path} draft={draft} errors={errors} onChange={onChange} />
        ))}
      </fieldset>
      <h3>Diversité visée</h3>
      {FACETS.map((facet) => (
        <FacetField
          key={facet}
          facet={facet}
          draft={draft}
          errors={errors}
          notes={notes ?? []}
          onChange={onChange}
        />
      ))}
      <fieldset>
        <legend>Équité entre les lieux</legend>
        <ScalarField path="fairness.strength" draft={draft} errors={errors} onChange={onChange} />
        <div class={`field${meritErrors.length ? ' invalid' : ''}`}>
          <label for="f-fairness-merit">Ce que chaque lieu « mérite » d’exposition</label>
          <p class="help" id="f-fairness-merit-help">
            {MERIT_LABELS[draft.fairness.merit]?.help ?? ''}
          </p>
          <select
            id="f-fairness-merit"
            value={draft.fairness.merit}
            aria-describedby="f-fairness-merit-help"
            onChange={(e) => onChange(setIn(draft, 'fairness.merit', e.currentTarget.value))}
          >
            {Object.entries(MERIT_LABELS).map(([value, m]) => (
              <option key={value} value={value}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <ScalarField path="fairness.halfLifeDays" draft={draft} errors={errors} onChange={onChange} />
      </fieldset>
      <fieldset>
        <legend>Valeurs par défaut des demandes</legend>
        <ScalarField path="defaults.radiusKm" draft={draft} errors={errors} onChange={onChange} />
        <div class="field">
          <label for="f-defaults-period">Période par défaut</label>
          <p class="help" id="f-defaults-period-help">
            La période proposée quand le site ou l’application n’en précise pas.
          </p>
          <select
            id="f-defaults-period"
            value={draft.defaults.period}
            aria-describedby="f-defaults-period-help"
            onChange={(e) => onChange(setIn(draft, 'defaults.period', e.currentTarget.value))}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
    </form>
  );
}
