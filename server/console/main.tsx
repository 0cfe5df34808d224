import '../../contract/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LocaleProvider } from '../../renderer/i18n/i18n';
import '../../renderer/styles.css';
import './console.css';
import { ConsoleApp } from './console-app';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <LocaleProvider preferred={navigator.languages}>
      <ConsoleApp />
    </LocaleProvider>
  </StrictMode>,
);
