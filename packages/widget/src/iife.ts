// The drop-in script (<script src=".../detour-widget.js" defer>): defines the element and exposes
// `window.Detour.mount` for pages that prefer JavaScript to markup.
import { mount } from './index.js';

(globalThis as { Detour?: { mount: typeof mount } }).Detour = { mount };
