/**
 * Pages MSAL's loopback server shows in the system browser when the sign-in returns to JIT Vault.
 * Static text only: nothing from the request (codes, errors, names) is echoed into them.
 */
const page = (title: string, body: string): string =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>JIT Vault</title>' +
  '<style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:32rem;line-height:1.5;color:#222}</style>' +
  `</head><body><h1>${title}</h1><p>${body}</p></body></html>`;

/** Shown after a successful browser sign-in. */
export const SIGN_IN_SUCCESS_PAGE = page('You are signed in to JIT Vault', 'You can close this tab and return to JIT Vault.');

/** Shown when the browser sign-in failed or was cancelled. */
export const SIGN_IN_ERROR_PAGE = page(
  'JIT Vault sign-in did not complete',
  'You can close this tab. JIT Vault shows what went wrong and lets you try again.',
);
