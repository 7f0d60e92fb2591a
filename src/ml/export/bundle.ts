/**
 * The export bundle's public face for the worker, the CLI and the tests: every name of the export
 * modules in one import. It loads TensorFlow.js (through `write.ts`, `read.ts` and `predict.ts`), so page
 * code imports the pure modules instead (`format.ts`, `metadata.ts`, `recipe.ts`, `verify.ts`, `zip.ts`).
 */
export * from './format.ts';
export * from './metadata.ts';
export * from './recipe.ts';
export * from './verify.ts';
export * from './predict.ts';
export * from './write.ts';
export * from './read.ts';
export * from './manifest.ts';
export * from './schemas.ts';
export * from './schema-check.ts';
export * from './onnx.ts';
export * from './onnx-verify.ts';
