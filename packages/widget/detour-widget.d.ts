// Types of `@detour/widget/detour-widget.js`, the drop-in script: it defines <detour-recommendations>
// when it runs and exports nothing (import it for that effect, or load it with a <script> tag).
export {};
