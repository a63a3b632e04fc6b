import { StrictMode } from 'react';
import { config as zodConfig } from 'zod';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { createI18n } from './i18n';
import './styles.css';

// zod probes for eval with `new Function` before its first parse; under our CSP (no 'unsafe-eval')
// the browser reports that probe as a violation even though zod catches it. jitless skips the probe.
zodConfig({ jitless: true });

const i18n = createI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
