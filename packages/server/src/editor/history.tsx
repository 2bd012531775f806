import type { PolicyChange, PolicyVersion } from '@detour/sdk';
import { useState } from 'preact/hooks';
import { frNumber, frPercent, MERIT_LABELS, PERIOD_LABELS } from './fields.js';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** A changed value in words (the same wording as the public page). */
export function changeText(change: PolicyChange, side: 'before' | 'after'): string {
  const v = change[side];
  if (v === null) return change.path.includes('.targets.') ? 'pas de cible' : '—';
  if (typeof v === 'number') return change.path.includes('.targets.') ? frPercent(v, 1) : frNumber(v);
  if (change.path === 'fairness.merit') return MERIT_LABELS[v as keyof typeof MERIT_LABELS]?.label ?? v;
  if (change.path === 'defaults.period') return PERIOD_LABELS[v as keyof typeof PERIOD_LABELS] ?? v;
  return v;
}

interface HistoryProps {
  versions: PolicyVersion[];
  current: number;
  canRestore: boolean;
  onRestore: (version: number) => Promise<void>;
  onLoad: (version: PolicyVersion) => void;
}

/** Every published version, newest first, with what changed; restore creates a new version. */
export function History({ versions, current, canRestore, onRestore, onLoad }: HistoryProps) {
  const [confirming, setConfirming] = useState<number | null>(null);
  return (
    <section aria-labelledby="history-title" class="history" id="history">
      <h2 id="history-title">Historique des versions</h2>
      <p class="help">
        Une version publiée ne change plus jamais. Restaurer une ancienne version en publie une copie comme
        nouvelle version. La page publique <a href="/policy">/policy</a> montre la même histoire.
      </p>
      <ol reversed>
        {versions.map((v) => (
          <li key={v.version} class="version" id={`version-${v.version}`}>
            <h3>
              Version {v.version}
              {v.version === current ? <span class="badge"> en vigueur</span> : null}
            </h3>
            <p>
              Publiée le {dateFormat.format(new Date(v.publishedAt))} par {v.publishedBy}
              {v.restoredFrom !== null ? `, restauration de la version ${v.restoredFrom}` : ''}.
              {v.comment ? ` Motif : « ${v.comment} »` : ''}
            </p>
            {v.changes.length > 0 ? (
              <table>
                <caption class="visually-hidden">Changements de la version {v.version}</caption>
                <thead>
                  <tr>
                    <th scope="col">Réglage</th>
                    <th scope="col">Avant</th>
                    <th scope="col">Après</th>
                  </tr>
                </thead>
                <tbody>
                  {v.changes.map((ch) => (
                    <tr key={ch.path}>
                      <th scope="row">{ch.label}</th>
                      <td>{changeText(ch, 'before')}</td>
                      <td>{changeText(ch, 'after')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="help">{v.version === 1 ? 'Première version.' : 'Aucun réglage modifié.'}</p>
            )}
            <div class="actions">
              <button type="button" class="secondary" onClick={() => onLoad(v)}>
                Reprendre la version {v.version} dans le brouillon
              </button>
              {canRestore && v.version !== current ? (
                confirming === v.version ? (
                  <>
                    <button
                      type="button"
                      onClick={() => {
                        setConfirming(null);
                        void onRestore(v.version);
                      }}
                    >
                      Confirmer : publier la version {v.version} comme nouvelle version
                    </button>
                    <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                      Annuler
                    </button>
                  </>
                ) : (
                  <button type="button" class="secondary" onClick={() => setConfirming(v.version)}>
                    Restaurer la version {v.version}
                  </button>
                )
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
