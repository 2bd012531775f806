/**
 * The widget's only styles, applied through a constructable stylesheet (allowed by a strict CSP, unlike a
 * <style> element). Theming is through these custom properties, set by the host page on the element:
 *   --detour-font-family, --detour-font-size, --detour-bg, --detour-fg, --detour-muted, --detour-accent,
 *   --detour-card-bg, --detour-border, --detour-focus, --detour-radius, --detour-gap, --detour-card-width
 * and through ::part(): root, header, title, list, card, media, image, discipline, card-title, link, meta,
 * reason, button, empty, error, why, memory, policy-link, skeleton.
 */
export const CSS = `
:host{display:block;contain:layout}
:host([hidden]){display:none}
.root{all:initial;display:block;box-sizing:border-box;min-width:0;
font-family:var(--detour-font-family,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);
font-size:var(--detour-font-size,16px);line-height:1.4;color:var(--c-fg);background:var(--c-bg);
padding:var(--detour-gap,12px);border-radius:var(--detour-radius,8px);
--c-bg:var(--detour-bg,#fff);--c-fg:var(--detour-fg,#1b1b1b);--c-muted:var(--detour-muted,#575757);
--c-accent:var(--detour-accent,#0b57d0);--c-card:var(--detour-card-bg,#fff);--c-border:var(--detour-border,#c9c9c9);
--c-focus:var(--detour-focus,#0b57d0);--c-skel:#e6e6e6}
.dark{--c-bg:var(--detour-bg,#141414);--c-fg:var(--detour-fg,#f2f2f2);--c-muted:var(--detour-muted,#bdbdbd);
--c-accent:var(--detour-accent,#9cc1ff);--c-card:var(--detour-card-bg,#1f1f1f);--c-border:var(--detour-border,#5c5c5c);
--c-focus:var(--detour-focus,#9cc1ff);--c-skel:#333}
@media (prefers-color-scheme:dark){.auto{--c-bg:var(--detour-bg,#141414);--c-fg:var(--detour-fg,#f2f2f2);
--c-muted:var(--detour-muted,#bdbdbd);--c-accent:var(--detour-accent,#9cc1ff);--c-card:var(--detour-card-bg,#1f1f1f);
--c-border:var(--detour-border,#5c5c5c);--c-focus:var(--detour-focus,#9cc1ff);--c-skel:#333}}
*,*::before,*::after{box-sizing:border-box}
h2,h3,p,ol,ul{margin:0;padding:0}
h2{font-size:1.25em;line-height:1.3}
.head{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between;margin-bottom:10px}
a{color:var(--c-accent);text-underline-offset:2px}
a:focus-visible,button:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--c-focus);outline-offset:2px;border-radius:2px}
button{font:inherit;color:var(--c-fg);background:var(--c-card);border:1px solid var(--c-border);border-radius:6px;
min-height:44px;min-width:44px;padding:6px 12px;cursor:pointer}
button:disabled{opacity:.5;cursor:default}
.list{list-style:none;display:grid;gap:var(--detour-gap,12px);grid-template-columns:minmax(0,1fr)}
.grid{grid-template-columns:repeat(auto-fill,minmax(min(100%,220px),1fr))}
.card{display:flex;flex-direction:column;background:var(--c-card);border:1px solid var(--c-border);
border-radius:var(--detour-radius,8px);overflow:hidden;min-width:0}
.list:not(.grid) .card{flex-direction:row}
.list:not(.grid) .media{flex:0 0 34%;max-width:160px;aspect-ratio:auto;min-height:100%}
.media{aspect-ratio:3/2;background:var(--c-skel);overflow:hidden}
.media img{display:block;width:100%;height:100%;object-fit:cover}
.body{padding:10px 12px;min-width:0;flex:1}
.disc,.meta,.reason{font-size:.875em;height:1.4em;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.disc,.meta{color:var(--c-muted)}
.t{font-size:1.05em;line-height:1.3;height:2.6em;overflow:hidden;margin:2px 0 4px}
.reason{margin-top:4px;font-style:italic}
/* Skeleton bars are drawn inside the real boxes (same heights and margins): nothing moves when cards arrive. */
.sk .body>*{background:linear-gradient(var(--c-skel),var(--c-skel)) 0 50%/80% 70% no-repeat}
.ph{margin-top:12px;height:calc(1.4em + 8px)}
.ph-ctl{height:44px}
.state{padding:16px;border:1px dashed var(--c-border);border-radius:var(--detour-radius,8px)}
.state button,.mem button{margin:8px 8px 0 0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.car{position:relative}
.ctl{display:flex;gap:8px;justify-content:flex-end;margin-bottom:8px}
.track{display:grid;grid-auto-flow:column;grid-auto-columns:var(--detour-card-width,min(85%,260px));gap:var(--detour-gap,12px);
overflow-x:auto;scroll-snap-type:x mandatory;overscroll-behavior-x:contain;padding-bottom:4px}
.track>.card{scroll-snap-align:start}
details{margin-top:12px}
summary{cursor:pointer;color:var(--c-accent);padding:4px 0}
details ol{margin:8px 0 8px 1.25em}
details li{margin-bottom:6px}
details ul{margin-left:1.25em}
.src{font-size:.8em;color:var(--c-muted);margin:6px 0}
@media (prefers-reduced-motion:no-preference){.track{scroll-behavior:smooth}
.sk .body>*,.sk .media{animation:pulse 1.2s ease-in-out infinite alternate}
@keyframes pulse{to{opacity:.55}}}
`;

let shared: CSSStyleSheet | undefined;

/** One stylesheet object shared by every widget on the page. */
export function styleSheet(): CSSStyleSheet {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(CSS);
  }
  return shared;
}
