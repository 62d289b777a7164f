// Runs every benchmark in bench/ (or those named on the command line) one after another.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const named = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => named.length === 0 || named.some((n) => f.startsWith(n)));
for (const bench of benches) {
  console.log(`\n== bench/${bench}`);
  execFileSync(
    'npx',
    ['ts-node', '--transpile-only', '--project', 'test/tsconfig.json', `bench/${bench}`],
    { stdio: 'inherit' },
  );
}
