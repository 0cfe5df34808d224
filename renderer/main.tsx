import '../contract/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { reportPageErrors } from './page-errors';
import './styles.css';

// In the page's own world, where Chromium dispatches its errors.
reportPageErrors(window);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
