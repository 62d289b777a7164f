// Preloaded by bench/cli.ts: prints the process's peak resident memory (VmHWM, in kB) as it exits.
const { readFileSync } = require('node:fs');
process.on('exit', () => {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  process.stderr.write(`\nPEAK ${kb}\n`);
});
