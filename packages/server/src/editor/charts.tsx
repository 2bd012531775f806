import type { Lorenz, Share } from '@detour/sdk';
import { frNumber, frPercent } from './fields.js';

/**
 * Charts as inline SVG built by Preact (no chart library, no inline style: colours come from the
 * stylesheet's classes). Each chart has a text alternative and its figures in a table.
 */

interface ShareChartProps {
  id: string;
  title: string;
  current: Share[];
  draft: Share[];
}

const ROW = 38;
const LABEL = 150;
const WIDTH = 460;
const BAR = WIDTH - LABEL - 56;

/** Shares of the picks per value, policy in force vs draft, with the target as a tick. */
export function ShareChart({ id, title, current, draft }: ShareChartProps) {
  // Values nobody picked and nobody targets are left out of the bars (they stay in the table).
  const rows = draft
    .map((s, i) => ({ s, c: current[i]?.share ?? 0 }))
    .filter(({ s, c }) => s.share > 0 || c > 0 || (s.target ?? 0) > 0);
  const height = rows.length * ROW + 8;
  const max = Math.max(0.05, ...rows.flatMap(({ s, c }) => [s.share, c, s.target ?? 0]));
  const scale = (x: number) => (x / max) * BAR;
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-describedby={`${id}-desc`} class="share-chart">
        <title>{title}</title>
        <desc id={`${id}-desc`}>
          {rows
            .map(
              ({ s, c }) =>
                `${s.label} : en vigueur ${frPercent(c)}, brouillon ${frPercent(s.share)}${s.target !== null ? `, cible ${frPercent(s.target)}` : ''}`,
            )
            .join(' ; ')}
        </desc>
        {rows.map(({ s, c }, row) => {
          const y = row * ROW + 4;
          return (
            <g key={s.value}>
              <text x={LABEL - 8} y={y + 20} text-anchor="end" class="axis-label">
                {s.label}
              </text>
              <rect x={LABEL} y={y + 2} width={scale(c)} height={13} class="bar-current" />
              <rect x={LABEL} y={y + 16} width={scale(s.share)} height={13} class="bar-draft" />
              {s.target !== null ? (
                <line
                  x1={LABEL + scale(s.target)}
                  x2={LABEL + scale(s.target)}
                  y1={y}
                  y2={y + 29}
                  class="target"
                />
              ) : null}
              <text
                x={LABEL + Math.max(scale(c), scale(s.share), scale(s.target ?? 0)) + 6}
                y={y + 27}
                class="value"
              >
                {frPercent(s.share)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="legend" aria-hidden="true">
        <li>
          <span class="swatch bar-current" /> en vigueur
        </li>
        <li>
          <span class="swatch bar-draft" /> brouillon
        </li>
        <li>
          <span class="swatch target" /> cible
        </li>
      </ul>
      <details>
        <summary>Voir les chiffres</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Valeur</th>
              <th scope="col">En vigueur</th>
              <th scope="col">Brouillon</th>
              <th scope="col">Cible</th>
            </tr>
          </thead>
          <tbody>
            {draft.map((s, i) => (
              <tr key={s.value}>
                <th scope="row">{s.label}</th>
                <td>{frPercent(current[i]?.share ?? 0, 1)}</td>
                <td>{frPercent(s.share, 1)}</td>
                <td>{s.target !== null ? frPercent(s.target, 1) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

interface Curve {
  key: string;
  label: string;
  className: string;
  lorenz: Lorenz;
}

const SIZE = 320;
const PAD = 52;
const RIGHT = 22;
const BOTTOM = 48;

/**
 * How exposure is spread among the area's venues (a Lorenz curve: the further below the diagonal, the
 * more it goes to few venues), with its concentration (the Gini index). Technical names stay in the
 * « Détails » text of the indicators: the chart speaks in plain words.
 */
export function ExposureChart({ id, curves }: { id: string; curves: Curve[] }) {
  const inner = SIZE - PAD - RIGHT;
  const px = (x: number) => PAD + x * inner;
  const py = (y: number) => 10 + (1 - y) * inner;
  const drawn = curves.filter((c) => c.lorenz.points.length > 0);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>Répartition des affichages entre les lieux</figcaption>
      <p class="help">
        Part des affichages (verticalement) reçue par les lieux les moins montrés (horizontalement). Sur la
        diagonale, tous les lieux sont montrés autant ; plus la courbe s’en écarte vers le bas, plus les
        affichages se concentrent sur quelques lieux.
      </p>
      <svg
        viewBox={`0 0 ${SIZE} ${inner + 10 + BOTTOM}`}
        role="img"
        aria-describedby={`${id}-desc`}
        class="lorenz"
      >
        <title>Répartition des affichages entre les lieux</title>
        <desc id={`${id}-desc`}>
          {curves
            .map((c) =>
              c.lorenz.points.length > 0
                ? `${c.label} : concentration ${frNumber(c.lorenz.gini)} sur ${c.lorenz.venues} lieux`
                : `${c.label} : aucun affichage compté`,
            )
            .join(' ; ')}
        </desc>
        <rect x={PAD} y={10} width={inner} height={inner} class="frame" />
        <line x1={px(0)} y1={py(0)} x2={px(1)} y2={py(1)} class="equality" />
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <text x={px(t)} y={py(0) + 20} text-anchor="middle" class="axis-label">
              {frPercent(t)}
            </text>
            <text x={PAD - 6} y={py(t) + 5} text-anchor="end" class="axis-label">
              {frPercent(t)}
            </text>
          </g>
        ))}
        <text x={px(0.5)} y={py(0) + 42} text-anchor="middle" class="axis-title">
          lieux, du moins au plus montré
        </text>
        {drawn.map((c) => (
          <polyline
            key={c.key}
            class={`curve ${c.className}`}
            points={c.lorenz.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <ul class="legend">
        {curves.map((c) => (
          <li key={c.key}>
            <span class={`swatch ${c.className}`} aria-hidden="true" /> {c.label} :{' '}
            {c.lorenz.points.length > 0
              ? `concentration ${frNumber(c.lorenz.gini)} (${c.lorenz.venues} lieux)`
              : 'aucun affichage compté pour l’instant'}
          </li>
        ))}
      </ul>
    </figure>
  );
}
