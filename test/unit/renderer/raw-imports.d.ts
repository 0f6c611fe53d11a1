/** Vite's `?raw` imports (file contents as a string), typed for tests without pulling in vite/client. */
declare module '*?raw' {
  const text: string;
  export default text;
}
