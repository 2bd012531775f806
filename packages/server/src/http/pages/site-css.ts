/** The stylesheet of our server-rendered pages (root, API reference), served at /assets/site.css. */
export const SITE_CSS = `
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #fdfcf9; --muted: #5b5b66; --accent: #9a3412; --line: #dcd8cf; --code: #f1eee6; }
@media (prefers-color-scheme: dark) { :root { --fg: #eceae4; --bg: #17171a; --muted: #a5a3ad; --accent: #fb923c; --line: #3a3a40; --code: #26262b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.site, main, footer.site { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem; }
header.site { border-bottom: 1px solid var(--line); }
header.site a.brand { font-weight: 700; font-size: 1.25rem; color: var(--fg); text-decoration: none; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); font-size: .875rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h1 { font-size: 1.9rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; background: var(--code); border-radius: 4px; }
code { padding: .05rem .3rem; }
pre { padding: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
h3 code { word-break: break-all; }
.example pre { max-height: 24rem; overflow-y: auto; }
.example pre.curl code { user-select: all; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .925rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; }
.method { display: inline-block; min-width: 3.5rem; text-align: center; font-weight: 700; font-size: .8rem; padding: .1rem .4rem; border-radius: 4px; color: #fff; background: #1d4ed8; margin-right: .5rem; }
.method.post { background: #15803d; }
.op { border: 1px solid var(--line); border-radius: 8px; padding: .25rem 1rem 1rem; margin: 1rem 0; }
.muted { color: var(--muted); }
.notice { border-left: 4px solid var(--accent); padding: .5rem 1rem; background: var(--code); }
nav.toc ul { columns: 2 18rem; padding-left: 1.25rem; }
nav.toc li { overflow-wrap: anywhere; }
/* Phones: tables become one block per row, each cell under its column name, so nothing overflows 375 px. */
@media (max-width: 40rem) {
  header.site, main, footer.site { padding: .75rem; }
  .op { padding: .25rem .6rem .6rem; }
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { border-bottom: 1px solid var(--line); padding: .35rem 0; }
  td { border: 0; padding: .15rem 0; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
}
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
`;
