// Entry point of the web app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { App } from './app/App';
import './styles/base.css';

// After a rebuild the server serves the new index.html at once and the old chunks are gone (404):
// a tab still running the old build reloads once to pick up the new one instead of failing.
window.addEventListener('vite:preloadError', (event) => {
  const KEY = 'gongzhi.reloadedForBuild';
  try {
    const last = Number(sessionStorage.getItem(KEY));
    if (last && Date.now() - last < 30_000) return; // reloaded just now: let the error page show
    sessionStorage.setItem(KEY, String(Date.now()));
  } catch {
    return;
  }
  event.preventDefault();
  window.location.reload();
});

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
