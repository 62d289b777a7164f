import { SpecError } from '../spec/problems';

/**
 * Loaded before `.projenrc.ts` by a generated project's synth (`npx projen`, the default
 * task). A mistake in agents.json is the user's to fix: it is reported as the validation
 * report alone (each problem's field, value and fix), without a stack trace, and the
 * synth exits 1. Any other error is printed as Node prints it, stack included.
 *
 * Its import path is written into generated projects' task list, which the synth itself
 * rewrites; so the path must stay valid in every later version.
 */
process.on('uncaughtException', (error) => {
  console.error(error instanceof SpecError ? error.message : error);
  process.exit(1);
});
