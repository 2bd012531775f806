import { mount } from './app.js';

// The API origin: a <meta name="detour-api"> when the page sets one, else the page's own origin
// (the Détour server serves this app under /app/).
const meta = document.querySelector<HTMLMetaElement>('meta[name="detour-api"]');
const root = document.getElementById('app');
if (root) mount(root, { api: meta?.content || location.origin });
