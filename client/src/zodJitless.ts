// Every `import … from 'zod'` of the client build resolves to this module (vite.config.ts), so zod is
// jitless before any schema exists. zod decides at each object schema's construction whether to compile
// a parser, probing for eval with `new Function`; under our CSP (no 'unsafe-eval') the browser reports
// that probe as a violation even though zod catches it. A call in main.tsx came too late: the route
// definitions build their schemas in a chunk the entry imports, which runs first.
import z, { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
export default z;
