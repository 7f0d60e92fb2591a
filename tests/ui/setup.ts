// Keep Lit's development build (it warns about real mistakes such as change-in-update) but silence
// its one-off "Lit is in dev mode" banner, which every test file would print.
const litGlobal = globalThis as typeof globalThis & { litIssuedWarnings?: Set<string> };
(litGlobal.litIssuedWarnings ??= new Set()).add('dev-mode');

export {};
