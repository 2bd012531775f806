import { render } from 'preact';
import { App } from './app.js';
import './editor.css';

// The console's entry: replaces the server-rendered "loading" shell with the application.
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
