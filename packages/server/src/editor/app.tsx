import type {
  EditorPolicy,
  EditorSession,
  FieldError,
  Policy,
  PolicyPublished,
  PolicySettings,
  PolicyValidationResult,
  PolicyVersion,
  PolicyVersionList,
} from '@detour/sdk';
import { DEFAULT_POLICY_SETTINGS } from '@detour/sdk';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { diffSettings } from '../http/editor/diff.js';
import { type Api, ApiError, createApi, TOKEN_KEY, tokenRefusal } from './api.js';
import { stableJson } from './draft.js';
import { PolicyForm } from './form.js';
import { History } from './history.js';
import type { TargetNote } from './notes.js';
import { Preview } from './preview.js';
import { PublishConfirm } from './publish.js';

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The console: sign-in, then the draft form, the preview, publishing and the history. */
export function App() {
  const [token, setToken] = useState<string | null>(readToken);
  const [session, setSession] = useState<EditorSession | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);

  const signOut = (message: string | null = null) => {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // storage unavailable: the token only lived in memory
    }
    setToken(null);
    setSession(null);
    setSignInError(message);
  };
  // Whether this token was accepted once: a refusal then means access ended, not a typo.
  const accepted = useRef(false);
  const api = useMemo(() => {
    accepted.current = false;
    return token ? createApi(token, (e) => signOut(tokenRefusal(e, accepted.current))) : null;
  }, [token]);

  useEffect(() => {
    if (!api) return;
    api
      .get<EditorSession>('/v1/editor/session')
      .then((s) => {
        accepted.current = true;
        setSession(s);
        setSignInError(null);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) signOut('Le serveur ne répond pas ; réessayez.');
      });
  }, [api]);

  if (!token || !session || !api) {
    return (
      <SignIn
        pending={Boolean(token) && !signInError}
        error={signInError}
        onSubmit={(value) => {
          try {
            sessionStorage.setItem(TOKEN_KEY, value);
          } catch {
            // keep it in memory only
          }
          setSignInError(null);
          setToken(value);
        }}
      />
    );
  }
  return <Console api={api} session={session} onSignOut={() => signOut()} />;
}

function SignIn({
  pending,
  error,
  onSubmit,
}: {
  pending: boolean;
  error: string | null;
  onSubmit: (token: string) => void;
}) {
  const [value, setValue] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  return (
    <main class="sign-in">
      <h1>Console éditoriale de Détour</h1>
      <p>
        Cette console sert à régler la politique de diversité des recommandations, à en voir l’effet avant de
        la publier, et à publier ses versions successives. Connectez-vous avec le jeton d’éditeur qui vous a
        été remis.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onSubmit(value.trim());
        }}
      >
        <div class="field">
          <label for="token">Jeton d’éditeur</label>
          <p class="help" id="token-help">
            Il reste dans cet onglet seulement (stockage de session, sans cookie) et disparaît quand vous le
            fermez.
          </p>
          <input
            ref={ref}
            id="token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            value={value}
            aria-describedby={`token-help${error ? ' token-error' : ''}`}
            aria-invalid={Boolean(error)}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          {error ? (
            <p class="field-error" id="token-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={pending}>
          {pending ? 'Vérification…' : 'Se connecter'}
        </button>
      </form>
      <p>
        Sans jeton, la politique en vigueur reste consultable par tous : <a href="/policy">/policy</a>.
      </p>
    </main>
  );
}

/** The network edited: `?network=` in the console's address, or the server's default one. */
function networkOf(session: EditorSession): string {
  const asked = new URLSearchParams(location.search).get('network');
  return asked && /^[a-z0-9][a-z0-9-]{0,59}$/.test(asked) ? asked : session.network;
}

/** What a network with nothing published is compared with: Détour's default settings, as "version 0". */
function unpublished(network: string): Policy {
  return {
    network,
    version: 0,
    settings: structuredClone(DEFAULT_POLICY_SETTINGS),
    publishedAt: new Date().toISOString(),
    publishedBy: 'détour',
    comment: '',
    restoredFrom: null,
  };
}

function Console({ api, session, onSignOut }: { api: Api; session: EditorSession; onSignOut: () => void }) {
  const network = networkOf(session);
  const q = `?network=${encodeURIComponent(network)}`;
  const [current, setCurrent] = useState<Policy | null>(null);
  const [versions, setVersions] = useState<PolicyVersion[]>([]);
  const [draft, setDraft] = useState<PolicySettings | null>(null);
  const [validation, setValidation] = useState<{
    key: string;
    valid: boolean;
    errors: FieldError[];
    settings: PolicySettings | null;
  } | null>(null);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [publishing, setPublishing] = useState(false);
  /** The draft (as stable JSON) whose publication awaits confirmation; any change to it cancels. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notes, setNotes] = useState<TargetNote[]>([]);
  const canPublish = session.role === 'editor';

  const reload = async (resetDraft: boolean) => {
    const notFound = (e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    };
    const [found, list] = await Promise.all([
      api.get<EditorPolicy>(`/v1/editor/policy${q}`).catch(notFound),
      api.get<PolicyVersionList>(`/v1/editor/policy/versions${q}`).catch(notFound),
    ]);
    const policy = found?.policy ?? unpublished(network);
    setCurrent(policy);
    setVersions(list?.versions ?? []);
    if (resetDraft) setDraft(structuredClone(policy.settings));
  };

  useEffect(() => {
    reload(true).catch(() =>
      setMessage({ kind: 'error', text: 'La politique en vigueur n’a pas pu être chargée.' }),
    );
  }, [api]);

  const draftKey = draft ? stableJson(draft) : '';
  useEffect(() => {
    if (!draft) return;
    const handle = setTimeout(() => {
      api
        .post<PolicyValidationResult>('/v1/editor/policy/validate', { network, settings: draft })
        .then((v) => setValidation({ key: draftKey, ...v }))
        .catch(() => {});
    }, 150);
    return () => clearTimeout(handle);
  }, [draftKey]);

  if (!current || !draft) {
    return (
      <main>
        <p role="status">Chargement de la politique en vigueur…</p>
        {message ? <p class="field-error">{message.text}</p> : null}
      </main>
    );
  }

  const checked = validation?.key === draftKey ? validation : null;
  const validSettings = checked?.valid ? checked.settings : null;
  // A network with nothing published may publish the defaults as they are.
  const unchanged = current.version > 0 && stableJson(current.settings) === draftKey;

  const publish = async () => {
    if (!validSettings) return;
    setConfirming(null);
    setPublishing(true);
    setMessage(null);
    try {
      const { version } = await api.post<PolicyPublished>('/v1/editor/policy/publish', {
        network,
        settings: validSettings,
        comment,
        ...(current.version > 0 ? { baseVersion: current.version } : {}),
      });
      setComment('');
      await reload(true);
      setMessage({
        kind: 'ok',
        text: `Version ${version.version} publiée : elle s’applique dès maintenant à toutes les recommandations.`,
      });
    } catch (e) {
      setMessage({
        kind: 'error',
        text:
          e instanceof ApiError
            ? [e.message, ...e.errors.map((x) => x.message)].join(' ')
            : 'La publication a échoué ; rien n’a été enregistré.',
      });
      if (e instanceof ApiError && e.status === 409) await reload(false);
    } finally {
      setPublishing(false);
    }
  };

  const restore = async (version: number) => {
    setMessage(null);
    try {
      const { version: created } = await api.post<PolicyPublished>('/v1/editor/policy/restore', {
        network,
        version,
      });
      await reload(true);
      setMessage({
        kind: 'ok',
        text: `Version ${version} restaurée : elle est en vigueur comme version ${created.version}.`,
      });
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : 'La restauration a échoué.' });
    }
  };

  return (
    <>
      <a class="skip" href="#main">
        Aller au contenu
      </a>
      <header class="top">
        <p class="brand">Détour · console éditoriale</p>
        <p class="who">
          {session.name} — {session.role === 'editor' ? 'peut publier' : 'lecture seule'} · réseau{' '}
          {session.network} · version en vigueur {current.version}
        </p>
        <nav aria-label="Sections">
          <a href="#settings-title">Réglages</a> <a href="#preview-title">Aperçu</a>{' '}
          <a href="#publish-title">Publier</a> <a href="#history-title">Historique</a>{' '}
          <a href={`/policy${q}`}>Page publique</a>
        </nav>
        <button type="button" class="secondary" onClick={onSignOut}>
          Se déconnecter
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>Politique de recommandation</h1>
        {message ? (
          <p
            class={message.kind === 'ok' ? 'notice ok' : 'notice field-error'}
            role={message.kind === 'ok' ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        ) : null}
        <div class="workspace">
          <PolicyForm draft={draft} errors={checked?.errors ?? []} notes={notes} onChange={setDraft} />
          <div class="side">
            <Preview
              api={api}
              network={network}
              draft={validSettings}
              checking={!checked}
              currentVersion={current.version}
              onNotes={setNotes}
            />
            <section aria-labelledby="publish-title" class="publish">
              <h2 id="publish-title">Publier le brouillon</h2>
              {canPublish ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    // Publishing applies at once to every recommendation: first show what changes.
                    if (validSettings && !unchanged) setConfirming(draftKey);
                  }}
                >
                  <div class="field">
                    <label for="comment">Pourquoi cette version ? (visible sur la page publique)</label>
                    <textarea
                      id="comment"
                      required
                      maxLength={2000}
                      rows={3}
                      value={comment}
                      onInput={(e) => setComment(e.currentTarget.value)}
                    />
                  </div>
                  <p class="help" id="publish-help">
                    {!checked
                      ? 'Vérification du brouillon…'
                      : !checked.valid
                        ? 'Corrigez d’abord les réglages signalés : un brouillon invalide n’est jamais enregistré.'
                        : unchanged
                          ? 'Le brouillon est identique à la version en vigueur.'
                          : `Publier montre d’abord ce qui change ; la version ${current.version + 1} s’applique dès votre confirmation.`}
                  </p>
                  <button
                    type="submit"
                    aria-describedby="publish-help"
                    disabled={
                      !validSettings ||
                      unchanged ||
                      publishing ||
                      comment.trim() === '' ||
                      confirming === draftKey
                    }
                  >
                    {publishing ? 'Publication…' : 'Publier cette version'}
                  </button>{' '}
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => setDraft(structuredClone(current.settings))}
                  >
                    Revenir à la version en vigueur
                  </button>
                  {confirming !== null && confirming === draftKey && validSettings ? (
                    <PublishConfirm
                      version={current.version + 1}
                      replaces={current.version}
                      changes={diffSettings(current.settings, validSettings)}
                      comment={comment}
                      onConfirm={() => void publish()}
                      onCancel={() => setConfirming(null)}
                    />
                  ) : null}
                </form>
              ) : (
                <p>
                  Votre jeton permet de consulter et de prévisualiser ; publier demande un jeton au rôle «
                  editor ».
                </p>
              )}
            </section>
          </div>
        </div>
        <History
          versions={versions}
          current={current.version}
          canRestore={canPublish}
          onRestore={restore}
          onLoad={(v) => {
            setDraft(structuredClone(v.settings));
            setMessage({ kind: 'ok', text: `Le brouillon reprend les réglages de la version ${v.version}.` });
          }}
        />
      </main>
    </>
  );
}
