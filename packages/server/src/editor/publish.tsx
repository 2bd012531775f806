import type { PolicyChange } from '@detour/sdk';
import { useEffect, useRef } from 'preact/hooks';
import { changeText } from './history.js';

interface PublishConfirmProps {
  /** The version publishing creates. */
  version: number;
  /** The version in force it replaces (0: nothing published, the defaults apply). */
  replaces: number;
  /** What changes against the version in force, from the same diff as the history's. */
  changes: PolicyChange[];
  comment: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The step between « Publier » and a live version: what changes against the version in force, the
 * comment the public page will show, and an explicit confirmation (restoring has the same step).
 */
export function PublishConfirm({
  version,
  replaces,
  changes,
  comment,
  onConfirm,
  onCancel,
}: PublishConfirmProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The confirmation takes the focus, so keyboard and screen-reader users land on what they confirm.
  useEffect(() => heading.current?.focus(), []);
  const against = replaces > 0 ? `la version ${replaces} en vigueur` : 'les réglages par défaut';
  return (
    <section class="confirm" id="publish-confirm" aria-labelledby="publish-confirm-title">
      <h3 id="publish-confirm-title" tabIndex={-1} ref={heading}>
        Publier la version {version} ?
      </h3>
      <p>
        Elle remplacera {against} dès la confirmation, pour toutes les recommandations du réseau. Motif
        affiché sur la page publique : « {comment.trim()} ».
      </p>
      {changes.length > 0 ? (
        <table>
          <caption>
            {changes.length === 1 ? 'Le réglage qui change' : `Les ${changes.length} réglages qui changent`}{' '}
            par rapport à {against}
          </caption>
          <thead>
            <tr>
              <th scope="col">Réglage</th>
              <th scope="col">Aujourd’hui</th>
              <th scope="col">Après publication</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((ch) => (
              <tr key={ch.path}>
                <th scope="row">{ch.label}</th>
                <td>{changeText(ch, 'before')}</td>
                <td>{changeText(ch, 'after')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Aucun réglage ne change : la version publiée reprendra {against} telle quelle.</p>
      )}
      <div class="actions">
        <button type="button" onClick={onConfirm}>
          Confirmer : publier la version {version}
        </button>{' '}
        <button type="button" class="secondary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </section>
  );
}
